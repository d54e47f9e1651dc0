/**
 * The data lists (数据目录, 数据需求清单) and the compliance findings of two versions compared: list rows matched by
 * their name column (in order when a name repeats), findings by their code and what they point at.
 */
import { DATA_CATALOG_COLUMNS, DATA_NEEDS_COLUMNS, type DataListKind } from '../budget/dataLists'
import { normaliseName } from './similarity'
import type { DataListDiff, DataRowDiff, FindingDigest, FindingsDiff } from './types'

export interface DiffDataRow {
  values: Record<string, string | null>
}

/** Rows compared per list, and changed rows listed per list. */
export const MAX_LIST_ROWS = 20_000
export const MAX_LIST_DIFF_ROWS = 500

const LIST_LABELS: Record<DataListKind, string> = { dataCatalog: '数据目录', dataNeeds: '数据需求清单' }

const cell = (v: string | null | undefined) => (v ?? '').replace(/\s+/g, ' ').trim()

/** Compares one data list (either version may lack it: null). */
export function diffDataList(kind: DataListKind, a: readonly DiffDataRow[] | null, b: readonly DiffDataRow[] | null): DataListDiff {
  const columns = (kind === 'dataCatalog' ? DATA_CATALOG_COLUMNS : DATA_NEEDS_COLUMNS).filter((c) => c.key !== 'seq')
  const oldRows = (a ?? []).slice(0, MAX_LIST_ROWS)
  const newRows = (b ?? []).slice(0, MAX_LIST_ROWS)
  const key = (r: DiffDataRow) => normaliseName(cell(r.values.name))
  const queues = new Map<string, number[]>()
  newRows.forEach((r, j) => {
    const q = queues.get(key(r)) ?? []
    q.push(j)
    queues.set(key(r), q)
  })
  const rows: DataRowDiff[] = []
  let total = 0
  const push = (row: DataRowDiff) => {
    total++
    if (rows.length < MAX_LIST_DIFF_ROWS) rows.push(row)
  }
  const usedNew = new Set<number>()
  for (const r of oldRows) {
    const j = queues.get(key(r))?.shift()
    if (j === undefined) {
      push({ status: 'removed', name: cell(r.values.name), fields: [] })
      continue
    }
    usedNew.add(j)
    const n = newRows[j] as DiffDataRow
    const fields = columns
      .filter((c) => cell(r.values[c.key]) !== cell(n.values[c.key]))
      .map((c) => ({ column: c.key, label: c.label, old: cell(r.values[c.key]), new: cell(n.values[c.key]) }))
    if (fields.length > 0) push({ status: 'changed', name: cell(n.values.name), fields })
  }
  newRows.forEach((r, j) => {
    if (!usedNew.has(j)) push({ status: 'added', name: cell(r.values.name), fields: [] })
  })
  return { kind, label: LIST_LABELS[kind], oldCount: oldRows.length, newCount: newRows.length, rows, truncated: total > rows.length }
}

export interface DiffFinding extends FindingDigest {
  /** What the finding points at, as names (budget line names, document paths): part of its identity. */
  targets: string[]
}

export const MAX_FINDINGS = 5_000

/** Findings that appeared in the new version and disappeared from the old one (same code and same targets are kept). */
export function diffFindings(a: readonly DiffFinding[], b: readonly DiffFinding[]): FindingsDiff {
  const keyOf = (f: DiffFinding) => `${f.code}\u0000${f.targets.map(normaliseName).sort().join('\u0001') || normaliseName(f.message.replace(/[\d.,，]+/g, ''))}`
  const digest = ({ code, article, severity, message }: DiffFinding): FindingDigest => ({ code, article, severity, message })
  const count = (list: readonly DiffFinding[]) => {
    const m = new Map<string, number>()
    for (const f of list.slice(0, MAX_FINDINGS)) m.set(keyOf(f), (m.get(keyOf(f)) ?? 0) + 1)
    return m
  }
  const oldCount = count(a)
  const newCount = count(b)
  const appeared: FindingDigest[] = []
  const disappeared: FindingDigest[] = []
  let kept = 0
  const seen = new Map<string, number>()
  for (const f of b.slice(0, MAX_FINDINGS)) {
    const k = keyOf(f)
    const n = (seen.get(k) ?? 0) + 1
    seen.set(k, n)
    if (n > (oldCount.get(k) ?? 0)) appeared.push(digest(f))
    else kept++
  }
  const seenOld = new Map<string, number>()
  for (const f of a.slice(0, MAX_FINDINGS)) {
    const k = keyOf(f)
    const n = (seenOld.get(k) ?? 0) + 1
    seenOld.set(k, n)
    if (n > (newCount.get(k) ?? 0)) disappeared.push(digest(f))
  }
  return { appeared, disappeared, kept }
}
