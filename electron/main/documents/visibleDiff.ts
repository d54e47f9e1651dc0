/**
 * Differences between two reader's views (visible.ts): the document as regenerated from its signed data, and the
 * document as handed in. Each story's paragraphs are aligned with Myers' diff (bounded), and every paragraph that
 * differs is described in words: 应为…，文档中为….
 */
import { shortestEdit } from '../../../shared/domain/revision/textDiff'
import type { VisibleView } from './visible'

export interface VisibleDifference {
  what: string
  expected: string
  found: string
}

type Op = { kind: 'same' | 'del' | 'ins'; a?: string; b?: string }

/** Myers' O(ND) diff of two string arrays (shared/domain/revision/textDiff.ts); null when more than `maxD` edits are needed. */
export function diffLines(a: readonly string[], b: readonly string[], maxD = 400): Op[] | null {
  const ops = shortestEdit(a, b, maxD)
  if (!ops) return null
  return ops.map((o) => (o.op === 'same' ? { kind: 'same', a: a[o.oldIndex!], b: b[o.newIndex!] } : o.op === 'add' ? { kind: 'ins', b: b[o.newIndex!] } : { kind: 'del', a: a[o.oldIndex!] }))
}

const CONTEXT = 14

/** The differing middle of two texts with a little context on each side. */
export function excerptPair(a: string, b: string): [string, string] {
  let p = 0
  while (p < a.length && p < b.length && a[p] === b[p]) p++
  let s = 0
  while (s < a.length - p && s < b.length - p && a[a.length - 1 - s] === b[b.length - 1 - s]) s++
  const cut = (t: string): string => {
    const from = Math.max(0, p - CONTEXT)
    const to = Math.min(t.length, t.length - s + CONTEXT)
    return `${from > 0 ? '…' : ''}${t.slice(from, to)}${to < t.length ? '…' : ''}`
  }
  return [cut(a), cut(b)]
}

function label(story: string, text: string): string {
  const head = text.replace(/〔[^〕]*〕/g, '').trim().slice(0, 12)
  return head ? `${story}“${head}${text.length > 12 ? '…' : ''}”处` : story
}

/** Every difference between the expected (regenerated) and the found view, in words. */
export function visibleDifferences(expected: VisibleView, found: VisibleView): VisibleDifference[] {
  const out: VisibleDifference[] = []
  const names = [...new Set([...expected.stories.map((s) => s.name), ...found.stories.map((s) => s.name)])]
  for (const name of names) {
    const a = expected.stories.find((s) => s.name === name)?.paragraphs ?? []
    const b = found.stories.find((s) => s.name === name)?.paragraphs ?? []
    const ops = diffLines(a, b)
    if (!ops) {
      out.push({ what: name, expected: `${a.length}段与签名内容一致的文字`, found: '改动过多（超过400处），无法逐一列出' })
      continue
    }
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i]!
      if (op.kind === 'same') continue
      const next = ops[i + 1]
      if (op.kind === 'del' && next?.kind === 'ins') {
        const [e, f] = excerptPair(op.a!, next.b!)
        out.push({ what: label(name, op.a!), expected: e, found: f })
        i++
      } else if (op.kind === 'del') out.push({ what: label(name, op.a!), expected: op.a!, found: '（文档中没有这段文字）' })
      else out.push({ what: label(name, op.b!), expected: '（签名内容中没有这段文字）', found: op.b! })
    }
  }
  // SVG pictures may be dropped by a re-save (LibreOffice keeps only the PNG), but one that is present must be right.
  const want = new Set(expected.svgs)
  for (const h of found.svgs) {
    if (!want.has(h)) out.push({ what: '「评分图」SVG 图片', expected: `由签名数据生成的图片（SHA-256 ${[...want][0]?.slice(0, 16) ?? '无'}…）`, found: `另一幅图片（SHA-256 ${h.slice(0, 16)}…）` })
  }
  return out
}
