/**
 * The whole reference library, a page at a time (issue 13): search (name, specification, 来源, project, read as
 * matching reads names: shared/domain/prices/library.ts), filters (来源, 分类, kind, date range, active/retired),
 * sort by date, price or name, and the count of matches. Over 100,000 entries a page costs one indexed read plus
 * one count (migration 0036's indexes; the search a scan of the keys, no sort of the library).
 */
import { searchKey, searchTerms } from '../../../shared/domain/prices/library'
import type { Db } from '../db/connection'
import { prepare } from '../db/query'
import type { LibraryRow } from './priceLibrary'

export type LibraryStatus = 'active' | 'retired' | 'all'
export type LibrarySort = 'date' | 'price' | 'name'

export interface LibraryFilter {
  q?: string
  sources?: string[]
  /** 概算分类; '' stands for entries without one (imported lists). */
  groups?: string[]
  kind?: 'meeting' | 'import'
  /** YYYY-MM-DD, inclusive. */
  from?: string
  to?: string
  status?: LibraryStatus
}

export interface LibraryPageQuery extends LibraryFilter {
  sort?: LibrarySort
  order?: 'asc' | 'desc'
  offset?: number
  limit?: number
}

export interface Facet {
  value: string
  count: number
}

export interface LibraryPage {
  /** Entries in the library (every status). */
  total: number
  /** Entries that match the filter. */
  matches: number
  offset: number
  rows: LibraryRow[]
  sources: Facet[]
  groups: Facet[]
}

/** The WHERE clause of a filter and its parameters (only ever values as parameters, never text in the SQL). */
export function filterSql(f: LibraryFilter): { where: string; params: (string | number)[] } {
  const parts: string[] = []
  const params: (string | number)[] = []
  const status = f.status ?? 'active'
  if (status !== 'all') parts.push(status === 'active' ? 'retired = 0' : 'retired = 1')
  if (f.kind) {
    parts.push('kind = ?')
    params.push(f.kind)
  }
  const list = (col: string, values: string[]) => {
    const named = values.filter((v) => v !== '')
    const alts = named.length > 0 ? [`${col} IN (${named.map(() => '?').join(', ')})`] : []
    if (values.includes('')) alts.push(`(${col} IS NULL OR ${col} = '')`)
    parts.push(`(${alts.join(' OR ')})`)
    params.push(...named)
  }
  if (f.sources && f.sources.length > 0) list('source', f.sources.slice(0, 100))
  if (f.groups && f.groups.length > 0) list('group_name', f.groups.slice(0, 100))
  if (f.from) {
    parts.push('ref_date >= ?')
    params.push(f.from)
  }
  if (f.to) {
    parts.push('ref_date <= ?')
    params.push(f.to)
  }
  for (const spellings of searchTerms(f.q ?? '')) {
    // A spelling that contains another finds nothing more (pc服务器 ⊃ 服务器): only the shortest ones are looked for.
    const needed = spellings.filter((a) => !spellings.some((b) => b !== a && a.includes(b)))
    parts.push(`(${needed.map(() => 'instr(search_key, ?) > 0').join(' OR ')})`)
    params.push(...needed)
  }
  return { where: parts.length > 0 ? `WHERE ${parts.join(' AND ')}` : '', params }
}

const ORDER: Record<LibrarySort, string> = { date: 'ref_date', price: 'unit_price_fen', name: 'name' }

/** ORDER BY of a query: the sort column, then id the same way (a stable order for paging). Dates newest first by default. */
function orderSql(q: LibraryPageQuery): string {
  const sort = q.sort ?? 'date'
  const dir = (q.order ?? (sort === 'date' ? 'desc' : 'asc')) === 'desc' ? 'DESC' : 'ASC'
  return `ORDER BY ${ORDER[sort]} ${dir}, id ${dir}`
}

/** Fills the search key of entries written before migration 0036 (bounded batches; a no-op once done). */
export function fillSearchKeys(db: Db, batch = 5000, maxBatches = 100): number {
  const pick = prepare(db, 'SELECT id, name, spec, source, project FROM price_refs WHERE search_key IS NULL LIMIT ?')
  const set = prepare(db, 'UPDATE price_refs SET search_key = ? WHERE id = ?')
  let filled = 0
  for (let i = 0; i < maxBatches; i++) {
    const rows = pick.all(batch) as Pick<LibraryRow, 'id' | 'name' | 'spec' | 'source' | 'project'>[]
    if (rows.length === 0) break
    db.sqlite.transaction(() => {
      for (const r of rows) set.run(searchKey(r), r.id)
    })()
    filled += rows.length
  }
  return filled
}

function facets(db: Db, col: 'source' | 'group_name'): Facet[] {
  const rows = prepare(db, `SELECT COALESCE(${col}, '') AS value, count(*) AS count FROM price_refs GROUP BY COALESCE(${col}, '') ORDER BY count DESC, value LIMIT 200`).all() as Facet[]
  return rows
}

export const MAX_PAGE = 200

/** One page of the library under a filter, with the count of matches and the values to filter by. */
export function libraryPage(db: Db, q: LibraryPageQuery): LibraryPage {
  fillSearchKeys(db)
  const { where, params } = filterSql(q)
  const limit = Math.max(1, Math.min(q.limit ?? 50, MAX_PAGE))
  const offset = Math.max(0, Math.min(q.offset ?? 0, 10_000_000))
  // The page's ids first (from the order's index alone when only the status filters: no row is read to be skipped),
  // then those rows.
  const ids = (prepare(db, `SELECT id FROM price_refs ${where} ${orderSql(q)} LIMIT ? OFFSET ?`).all(...params, limit, offset) as { id: string }[]).map((r) => r.id)
  const byId = new Map((prepare(db, `SELECT * FROM price_refs WHERE id IN (${ids.map(() => '?').join(', ') || 'NULL'})`).all(...ids) as LibraryRow[]).map((r) => [r.id, r]))
  const rows = ids.map((id) => byId.get(id)).filter((r): r is LibraryRow => r !== undefined)
  // A short last page says how many match without a second pass (a narrow search is one scan, not two).
  const matches =
    rows.length < limit && (rows.length > 0 || offset === 0) ? offset + rows.length : (prepare(db, `SELECT count(*) AS n FROM price_refs ${where}`).get(...params) as { n: number }).n
  const total = (prepare(db, 'SELECT count(*) AS n FROM price_refs').get() as { n: number }).n
  return { total, matches, offset, rows, sources: facets(db, 'source'), groups: facets(db, 'group_name') }
}

/** Every entry under a filter, in pages (for the export), in the tab's order. */
export function* libraryChunks(db: Db, q: LibraryPageQuery, chunk = 5000): Generator<LibraryRow[]> {
  const { where, params } = filterSql(q)
  const stmt = prepare(db, `SELECT * FROM price_refs ${where} ${orderSql(q)} LIMIT ? OFFSET ?`)
  for (let offset = 0; offset < 1_000_000; offset += chunk) {
    const rows = stmt.all(...params, chunk, offset) as LibraryRow[]
    if (rows.length > 0) yield rows
    if (rows.length < chunk) return
  }
}

export function countMatches(db: Db, f: LibraryFilter): number {
  fillSearchKeys(db)
  const { where, params } = filterSql(f)
  return (prepare(db, `SELECT count(*) AS n FROM price_refs ${where}`).get(...params) as { n: number }).n
}
