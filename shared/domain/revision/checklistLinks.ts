/**
 * From a point of the 整改落实 checklist to what changed (issue 12): the budget lines the point or its answer names,
 * the chapters they cite (第三章 …) and the changed lines that mention a named budget line. Anchors are the element
 * ids the comparison view gives those rows. Bounded by the diff's own bounds; at most MAX_LINKS per point.
 */
import { normaliseName } from './similarity'
import type { BudgetLineDiff, PackageDiff } from './types'

export interface ChecklistLink {
  kind: 'budget' | 'chapter'
  label: string
  anchor: string
}

export const MAX_LINKS = 8

const safe = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_')
export const budgetAnchor = (l: BudgetLineDiff) => `diff-line-${safe(l.old?.id ?? '')}-${safe(l.new?.id ?? '')}`
export const chapterAnchor = (doc: number, chapter: number) => `diff-chapter-${doc}-${chapter}`

const CHAPTER_REF = /第[一二三四五六七八九十百\d]{1,4}章/g

export function checklistLinks(diff: PackageDiff, text: string): ChecklistLink[] {
  const plain = normaliseName(text)
  const links: ChecklistLink[] = []
  const names: string[] = []
  for (const l of diff.budget.lines) {
    const snap = l.new ?? l.old
    if (!snap || snap.isGroup) continue
    const hit = [l.old?.name, l.new?.name].find((n) => n && normaliseName(n).length >= 2 && plain.includes(normaliseName(n)))
    if (!hit) continue
    names.push(hit)
    if (links.length < MAX_LINKS) links.push({ kind: 'budget', label: `概算：${snap.name}`, anchor: budgetAnchor(l) })
  }
  const cited = new Set(text.match(CHAPTER_REF) ?? [])
  diff.documents.forEach((d, di) =>
    d.chapters.forEach((c, ci) => {
      if (c.status === 'same' || links.length >= MAX_LINKS) return
      const byRef = [...cited].some((ref) => c.title.startsWith(ref))
      const byName = c.lines.some((line) => names.some((n) => line.text.includes(n)))
      if (byRef || byName) links.push({ kind: 'chapter', label: `${d.title}：${c.title}`, anchor: chapterAnchor(di, ci) })
    })
  )
  return links
}
