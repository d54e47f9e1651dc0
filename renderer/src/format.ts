/** Display formats of UI.md: 万元 with two decimals and separators; dates as 2026年11月26日. */
let wan: Intl.NumberFormat | undefined

/**
 * Made on first use, not when the module loads: the first `Intl.NumberFormat('zh-CN')` sets up ICU's number formats
 * for the locale, which was the largest part of the entry module's evaluation before the first screen (docs/architecture.md,
 * Startup, sixth round), and the first screen (the 会议 list) shows no amounts.
 */
export function formatWan(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—'
  wan ??= new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
  return wan.format(x)
}

export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso)
  if (!m) return iso
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`
}

export function formatTime(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日 ${p(d.getHours())}:${p(d.getMinutes())}`
}

/** A time of day, 24-hour with seconds (for “已自动保存 14:05:09”). */
export function formatClock(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`
}

/** A user's sentence ended with exactly one 。 (no “。。” when the text already ends with punctuation). */
export function sentence(text: string): string {
  const t = text.trim()
  return t === '' || /[。！？.!?…]$/.test(t) ? t : `${t}。`
}

const KEY_NAMES: Record<string, string> = { ArrowLeft: '←', ArrowRight: '→', ArrowUp: '↑', ArrowDown: '↓', Enter: '回车', Escape: 'Esc', Space: '空格' }

/** A key combination as shown to the user: arrows as arrows, no English key names (“Alt+ArrowLeft” → “Alt+←”). */
export function keyLabel(keys: string): string {
  return keys
    .split('+')
    .map((k) => KEY_NAMES[k] ?? k)
    .join('+')
}
