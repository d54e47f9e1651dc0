/**
 * 整改落实 (issue 12, the matching part): every 主要问题 and 修改建议 of the signed 专家组评审意见 becomes a point, and
 * the 建设单位's 修改说明 — a section of a document or a table — is read into numbered answers and matched to the
 * points by kind and number, else by the quoted text. A point without an answer is left for the reviewer to fill in.
 */
import { bigrams, dice, normaliseName } from './similarity'

export type PointKind = 'problem' | 'suggestion'

export interface OpinionPoint {
  kind: PointKind
  /** 1-based within its kind, as the opinion numbers them. */
  number: number
  text: string
  /** The experts who raised it. */
  authors: string[]
}

export interface ResponseItem {
  kind: PointKind | null
  number: number | null
  /** The opinion as the 修改说明 quotes it ('' when it does not). */
  quote: string
  answer: string
}

export interface ChecklistMatch {
  point: OpinionPoint
  answer: string | null
  matchedBy: 'number' | 'text' | null
}

export const MAX_RESPONSE_LINES = 5_000
export const MAX_RESPONSE_ITEMS = 500

export function opinionPoints(problems: readonly string[], suggestions: readonly string[], authorsOf: (text: string) => string[] = () => []): OpinionPoint[] {
  const points = (kind: PointKind, list: readonly string[]) => list.slice(0, MAX_RESPONSE_ITEMS).map((text, i) => ({ kind, number: i + 1, text, authors: authorsOf(text) }))
  return [...points('problem', problems), ...points('suggestion', suggestions)]
}

const GROUP = /^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+部分)?\s*(?:关于)?(主要问题|存在问题|问题|修改建议|建议)[^。]{0,12}$/
const ITEM = /^(问题|建议)?\s*(?:[（(](\d{1,3})[）)]|(\d{1,3})(?:[、.．:：]|\s))\s*(.*)$/
const ANSWER = /(修改情况|落实情况|整改情况|答复|回复|说明)[:：]/

const kindOf = (word: string | undefined): PointKind | null => (word === undefined ? null : word.includes('问题') ? 'problem' : word.includes('建议') ? 'suggestion' : null)

function splitAnswer(body: string): { quote: string; answer: string } {
  const m = ANSWER.exec(body)
  if (!m) return { quote: '', answer: body.trim() }
  return { quote: body.slice(0, m.index).replace(/^(专家)?(意见|问题|建议)[:：]/, '').trim(), answer: body.slice(m.index + m[0].length).trim() }
}

/** Reads numbered answers out of the text of a 修改说明 (from its heading on, when the text has one). */
export function parseResponseText(text: string): ResponseItem[] {
  const lines = text.split('\n').slice(0, MAX_RESPONSE_LINES).map((l) => l.trim()).filter(Boolean)
  const start = lines.findIndex((l) => l.length <= 30 && l.includes('修改说明'))
  const items: { kind: PointKind | null; number: number; body: string[] }[] = []
  let group: PointKind | null = null
  for (const line of lines.slice(start >= 0 ? start + 1 : 0)) {
    const g = GROUP.exec(line)
    if (g) {
      group = kindOf(g[1])
      continue
    }
    const m = ITEM.exec(line)
    if (m && items.length < MAX_RESPONSE_ITEMS) items.push({ kind: kindOf(m[1]) ?? group, number: Number(m[2] ?? m[3]), body: [m[4] ?? ''] })
    else items.at(-1)?.body.push(line)
  }
  return items.map((i) => ({ kind: i.kind, number: i.number, ...splitAnswer(i.body.join('\n')) }))
}

const column = (row: Record<string, string | null>, names: readonly string[]) => {
  const key = Object.keys(row).find((k) => names.some((n) => normaliseName(k).includes(n)))
  return key ? (row[key] ?? '').trim() : ''
}

/** Reads answers out of the rows of a 修改说明 table (columns 序号, 类别, 专家意见, 修改情况 or the like). */
export function parseResponseRows(rows: readonly Record<string, string | null>[]): ResponseItem[] {
  return rows.slice(0, MAX_RESPONSE_ITEMS).flatMap((row) => {
    const answer = column(row, ['修改情况', '落实情况', '整改情况', '答复', '回复', '修改说明'])
    if (!answer) return []
    const n = Number.parseInt(column(row, ['序号', '编号']).replace(/\D+/g, ''), 10)
    return [{ kind: kindOf(column(row, ['类别', '类型', '分类'])), number: Number.isFinite(n) ? n : null, quote: column(row, ['专家意见', '评审意见', '意见', '问题', '建议']), answer }]
  })
}

/**
 * Matches answers to points: by kind and number; when no answer says its kind, by one numbering running through the
 * problems and then the suggestions; what is left, by the quoted text (similarity ≥ 0.5).
 */
export function matchResponses(points: readonly OpinionPoint[], items: readonly ResponseItem[]): { rows: ChecklistMatch[]; unmatched: ResponseItem[] } {
  const used = new Set<number>()
  const anyKind = items.some((i) => i.kind !== null)
  const rows: ChecklistMatch[] = points.map((point, index) => {
    const k = items.findIndex((item, j) => !used.has(j) && item.number !== null && (anyKind ? item.kind === point.kind && item.number === point.number : item.number === index + 1))
    if (k < 0) return { point, answer: null, matchedBy: null }
    used.add(k)
    return { point, answer: (items[k] as ResponseItem).answer, matchedBy: 'number' }
  })
  for (const row of rows) {
    if (row.answer !== null) continue
    const want = bigrams(normaliseName(row.point.text))
    let best = -1
    let bestScore = 0.5
    items.forEach((item, j) => {
      if (used.has(j) || !item.quote) return
      const s = dice(want, bigrams(normaliseName(item.quote)))
      if (s >= bestScore) [best, bestScore] = [j, s]
    })
    if (best >= 0) {
      used.add(best)
      row.answer = (items[best] as ResponseItem).answer
      row.matchedBy = 'text'
    }
  }
  return { rows, unmatched: items.filter((_, j) => !used.has(j)) }
}
