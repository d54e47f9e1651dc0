/**
 * The main document (and attachments with text) of two versions, compared chapter by chapter: chapters are found by
 * their headings (第一章 …, else 一、…), matched by title (the number aside, then by similarity), and each pair is
 * diffed line by line with the page of every changed line, so the reader can open the page.
 */
import { interleave } from './order'
import { bigrams, dice, normaliseName } from './similarity'
import { diffLines } from './textDiff'
import type { ChapterDiff, DiffTextLine, DocumentDiff } from './types'

export interface DiffDocumentInput {
  path: string
  title: string
  role: 'main' | 'attachment'
  /** Text per page (one entry for formats without pages). */
  pages: readonly string[]
  paged: boolean
}

/** Bounds on the text compared (a document over these is compared in its first lines only, and says so). */
export const MAX_DOCUMENT_LINES = 100_000
export const MAX_CHAPTERS = 500
export const MAX_LINES_PER_CHAPTER = 200

const CHAPTER = /^第[一二三四五六七八九十百零〇两\d]+[章篇]/
const SECTION = /^[一二三四五六七八九十]+[、.．]/
const NUMBER_PREFIX = /^(第[一二三四五六七八九十百零〇两\d]+[章篇]|[一二三四五六七八九十]+[、.．])\s*/

interface Line {
  text: string
  page: number | null
}

interface Chapter {
  title: string
  key: string
  lines: Line[]
  pages: [number, number] | null
}

function flatten(doc: DiffDocumentInput): Line[] {
  const out: Line[] = []
  for (let p = 0; p < doc.pages.length && out.length < MAX_DOCUMENT_LINES; p++) {
    for (const raw of (doc.pages[p] as string).split('\n')) {
      const text = raw.replace(/\s+/g, ' ').trim()
      if (text) out.push({ text, page: doc.paged ? p + 1 : null })
      if (out.length >= MAX_DOCUMENT_LINES) break
    }
  }
  return out
}

function split(lines: readonly Line[], heading: RegExp | null): Chapter[] {
  const chapters: Chapter[] = []
  let current: Chapter | null = null
  for (const line of lines) {
    if (heading && heading.test(line.text) && chapters.length < MAX_CHAPTERS) {
      current = { title: line.text.slice(0, 80), key: normaliseName(line.text.replace(NUMBER_PREFIX, '')).slice(0, 40), lines: [], pages: null }
      chapters.push(current)
    } else if (!current) {
      current = { title: heading ? '（章节之前的内容）' : '全文', key: heading ? '' : '全文', lines: [], pages: null }
      chapters.push(current)
    }
    current.lines.push(line)
    if (line.page !== null) current.pages = current.pages ? [current.pages[0], line.page] : [line.page, line.page]
  }
  return chapters
}

/** The heading pattern both versions share: chapters if either has them, else top-level sections, else none. */
function headingOf(a: readonly Line[], b: readonly Line[]): RegExp | null {
  const has = (re: RegExp) => a.some((l) => re.test(l.text)) || b.some((l) => re.test(l.text))
  if (has(CHAPTER)) return CHAPTER
  if (has(SECTION)) return SECTION
  return null
}

/** Old chapter index → new chapter index: same key first, then similar titles (≥ 0.5), each used once. */
function matchChapters(a: readonly Chapter[], b: readonly Chapter[]): (number | null)[] {
  const match: (number | null)[] = a.map(() => null)
  const used = new Set<number>()
  a.forEach((c, i) => {
    const j = b.findIndex((d, k) => !used.has(k) && d.key === c.key)
    if (j >= 0) {
      match[i] = j
      used.add(j)
    }
  })
  a.forEach((c, i) => {
    if (match[i] !== null || !c.key) return
    let best = -1
    let bestScore = 0.5
    b.forEach((d, k) => {
      if (used.has(k) || !d.key) return
      const s = dice(bigrams(c.key), bigrams(d.key))
      if (s >= bestScore) {
        best = k
        bestScore = s
      }
    })
    if (best >= 0) {
      match[i] = best
      used.add(best)
    }
  })
  matchInPlace(a, b, match)
  return match
}

/**
 * Unmatched old chapters facing unmatched new ones in the same place (between the same matched chapters): a
 * retitled chapter when the titles are somewhat alike (≥ 0.3), or when it is the only one on each side.
 */
function matchInPlace(a: readonly Chapter[], b: readonly Chapter[], match: (number | null)[]): void {
  const taken = new Set(match.filter((j): j is number => j !== null))
  for (let i = 0; i < match.length; i++) {
    if (match[i] !== null) continue
    let lo = -1
    let loOld = -1
    for (let k = i - 1; k >= 0 && lo < 0; k--) if (match[k] !== null) [lo, loOld] = [match[k] as number, k]
    let hi = b.length
    let hiOld = match.length
    for (let k = i + 1; k < match.length && hiOld === match.length; k++) if (match[k] !== null) [hi, hiOld] = [match[k] as number, k]
    const free: number[] = []
    for (let j = lo + 1; j < hi; j++) if (!taken.has(j)) free.push(j)
    const oldInSlot = match.filter((m, k) => m === null && k > loOld && k < hiOld).length
    const alike = free.find((j) => dice(bigrams(a[i]?.key ?? ''), bigrams(b[j]?.key ?? '')) >= 0.3)
    const pick = alike ?? (free.length === 1 && oldInSlot === 1 ? free[0] : undefined)
    if (pick !== undefined) {
      match[i] = pick
      taken.add(pick)
    }
  }
}

function compareChapter(a: Chapter | null, b: Chapter | null): ChapterDiff {
  const oldLines = a?.lines ?? []
  const newLines = b?.lines ?? []
  const { ops, rewritten } = diffLines(oldLines.map((l) => l.text), newLines.map((l) => l.text))
  const lines: DiffTextLine[] = []
  let added = 0
  let removed = 0
  for (const op of ops) {
    if (op.op === 'same') continue
    const line = op.op === 'add' ? newLines[op.newIndex as number] : oldLines[op.oldIndex as number]
    if (op.op === 'add') added++
    else removed++
    if (line && lines.length < MAX_LINES_PER_CHAPTER) lines.push({ op: op.op, text: line.text, page: line.page })
  }
  const status = !a ? 'added' : !b ? 'removed' : added + removed > 0 ? 'changed' : 'same'
  return {
    title: (b ?? a)?.title ?? '',
    status,
    oldPages: a?.pages ?? null,
    newPages: b?.pages ?? null,
    added,
    removed,
    lines,
    truncated: added + removed > lines.length,
    rewritten
  }
}

/** Compares one document in two versions (either may be missing: added or removed). */
export function diffDocument(a: DiffDocumentInput | null, b: DiffDocumentInput | null): DocumentDiff {
  const oldLines = a ? flatten(a) : []
  const newLines = b ? flatten(b) : []
  const heading = headingOf(oldLines, newLines)
  const oldChapters = a ? split(oldLines, heading) : []
  const newChapters = b ? split(newLines, heading) : []
  const match = matchChapters(oldChapters, newChapters)
  const chapters = interleave(newChapters.length, match).map((p) => compareChapter(p.old === null ? null : (oldChapters[p.old] as Chapter), p.new === null ? null : (newChapters[p.new] as Chapter)))
  const status = !a ? 'added' : !b ? 'removed' : chapters.some((c) => c.status !== 'same') ? 'changed' : 'same'
  return { title: (b ?? a)?.title ?? '', oldPath: a?.path ?? null, newPath: b?.path ?? null, status, chapters }
}

/** The main documents paired, then attachments paired by path (or title). */
export function diffDocuments(a: readonly DiffDocumentInput[], b: readonly DiffDocumentInput[]): DocumentDiff[] {
  const out: DocumentDiff[] = []
  const usedNew = new Set<number>()
  const find = (d: DiffDocumentInput) =>
    b.findIndex((x, k) => !usedNew.has(k) && (d.role === 'main' ? x.role === 'main' : x.role === 'attachment' && (x.path === d.path || x.title === d.title)))
  for (const d of a) {
    const k = find(d)
    if (k >= 0) usedNew.add(k)
    out.push(diffDocument(d, k >= 0 ? (b[k] as DiffDocumentInput) : null))
  }
  b.forEach((d, k) => {
    if (!usedNew.has(k)) out.push(diffDocument(null, d))
  })
  return out
}
