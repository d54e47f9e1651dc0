/**
 * Reading a number typed into a form field, as Chinese keyboards type it: full-width digits and signs (NFKC),
 * 。 or ． as the decimal point, spaces around. Anything ambiguous is refused with a Chinese reason instead of
 * being guessed: a comma (`6,5` — the comma and the point are neighbours), exponents (`1e1`), a sign, more
 * decimals than allowed, a value outside the range. Nothing is ever clamped or rounded: the caller keeps the
 * typed text and shows the message at the field until it is fixed.
 */

export interface NumberRules {
  /** Inclusive bounds. */
  min?: number
  max?: number
  /** Most digits after the point (0 for whole numbers). */
  decimals?: number
  /** The value must be a multiple of this (e.g. 0.5 for half points). */
  step?: number
  /** Says what the limit is in the messages, e.g. “满分 8” or “送审金额 20.00 万元”. */
  maxLabel?: string
}

export type ParsedNumber = { ok: true; value: number | null } | { ok: false; message: string }

/** NFKC plus the two Chinese full stops as decimal points; surrounding spaces trimmed. */
export function normalizeNumberText(text: string): string {
  return text.normalize('NFKC').replace(/[。．｡]/g, '.').trim()
}

const PLAIN = /^\d+(\.\d+)?$/

/** Empty text is “no value” (null); everything else must be a plain decimal number within the rules. */
export function parseNumberInput(text: string, rules: NumberRules = {}): ParsedNumber {
  const t = normalizeNumberText(text)
  if (t === '') return { ok: true, value: null }
  if (t.length > 32) return { ok: false, message: '数字过长' }
  if (/^[-−–]/.test(t)) return { ok: false, message: '不能为负数' }
  if (t.startsWith('+')) return { ok: false, message: '请去掉“+”号，只填写数字' }
  if (/[,，、]/.test(t)) return { ok: false, message: '请不要使用逗号；小数请用小数点，如 6.5' }
  if (/[eE]/.test(t)) return { ok: false, message: '请直接填写数字，不要用科学计数法' }
  if (t.endsWith('.') || t.startsWith('.')) return { ok: false, message: '小数点前后都要有数字，如 0.5' }
  if (!PLAIN.test(t)) return { ok: false, message: '请填写数字（可用全角数字，小数点可用“。”）' }
  const value = Number(t)
  const frac = t.split('.')[1] ?? ''
  if (rules.decimals !== undefined && frac.length > rules.decimals) {
    return { ok: false, message: rules.decimals === 0 ? '请填写整数' : `最多 ${rules.decimals} 位小数` }
  }
  if (rules.min !== undefined && value < rules.min) return { ok: false, message: `不能小于 ${rules.min}` }
  if (rules.max !== undefined && value > rules.max + 1e-9) {
    return { ok: false, message: `不能超过${rules.maxLabel ?? ` ${rules.max}`}` }
  }
  if (rules.step !== undefined && rules.step > 0) {
    const steps = value / rules.step
    if (Math.abs(steps - Math.round(steps)) > 1e-9) return { ok: false, message: `应为 ${rules.step} 的整数倍` }
  }
  return { ok: true, value }
}

/** The text a stored number shows as in a field (no grouping, so that it reads back exactly). */
export function numberText(value: number | null | undefined, decimals?: number): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return ''
  return decimals === undefined ? String(value) : value.toFixed(decimals)
}
