/**
 * Where a 修改稿 package carries its 修改说明 (issue 12), read on demand and bounded: a table file whose name says
 * 修改说明 (整改说明 / 修改情况, .xlsx or .csv, first sheet, at most MAX_RESPONSE_ROWS rows); else a document of the
 * package whose title or path says so; else the section of a document under a 修改说明 heading. Nothing else of the
 * package is read as answers (a main document without that heading gives none).
 */
import { MAX_RESPONSE_ITEMS, parseResponseRows, parseResponseText, type ResponseItem } from '../../../shared/domain/revision/checklist'
import { isPackageError } from './errors'
import type { ParsedPackage } from './readPackage'
import { readSheetFile } from './sheets'

export const MAX_RESPONSE_ROWS = MAX_RESPONSE_ITEMS + 20
const NAME = /修改说明|整改说明|修改情况|整改落实/

export interface ResponseNotes {
  source: { kind: 'table' | 'document' | 'section' | 'none'; path: string; note: string }
  items: ResponseItem[]
}

const cellText = (c: unknown) => (c === null || c === undefined ? '' : String(c).trim())

/** The first sheet's rows as records keyed by its header row (the first row with three or more filled cells). */
function records(rows: readonly (readonly unknown[])[]): Record<string, string | null>[] {
  const headerAt = rows.slice(0, 20).findIndex((r) => r.filter((c) => cellText(c) !== '').length >= 3)
  if (headerAt < 0) return []
  const header = (rows[headerAt] as readonly unknown[]).slice(0, 50).map(cellText)
  return rows.slice(headerAt + 1, headerAt + 1 + MAX_RESPONSE_ROWS).map((r) => Object.fromEntries(header.map((h, i) => [h || `列${i + 1}`, cellText(r[i])])))
}

const hasHeading = (text: string) => text.split('\n', 5_000).some((l) => l.trim().length <= 30 && l.includes('修改说明'))

export async function readResponseNotes(pkg: ParsedPackage): Promise<ResponseNotes> {
  const table = pkg.files.find((f) => NAME.test(f.path.slice(f.path.lastIndexOf('/') + 1)) && /\.(xlsx|csv)$/i.test(f.path))
  if (table) {
    try {
      const file = await readSheetFile(table.path, table.bytes, MAX_RESPONSE_ROWS + 20)
      const items = parseResponseRows(records(file.sheets[0]?.rows ?? []))
      const note = items.length === 0 ? `“${table.path}”中没有读到带“修改情况”（或“落实情况”“答复”）列的答复，请逐条填写` : ''
      return { source: { kind: 'table', path: table.path, note }, items }
    } catch (err) {
      if (!isPackageError(err)) throw err
      return { source: { kind: 'none', path: table.path, note: `修改说明表无法读取：${err.message}` }, items: [] }
    }
  }
  const named = pkg.documents.find((d) => NAME.test(d.title) || NAME.test(d.path))
  if (named) {
    const items = parseResponseText(named.pages.join('\n'))
    return { source: { kind: 'document', path: named.path, note: items.length === 0 ? `未能从“${named.title}”中读出编号的答复，请逐条填写` : '' }, items }
  }
  for (const d of [...pkg.documents].sort((a, b) => Number(b.role === 'main') - Number(a.role === 'main'))) {
    const text = d.pages.join('\n')
    if (!hasHeading(text)) continue
    return { source: { kind: 'section', path: d.path, note: '' }, items: parseResponseText(text) }
  }
  return { source: { kind: 'none', path: '', note: '修改稿中没有找到修改说明（名为“修改说明”的表格或文档，或文档中的“修改说明”一节），请逐条填写建设单位的答复' }, items: [] }
}
