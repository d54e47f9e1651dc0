/**
 * 价格参考 (issue 13): the secretariat's reference library on this device (table price_refs, local).
 *  - harvest: when a meeting closes, every reviewed line of its projects with its 送审 and 核定 unit price (the
 *    panel's 核定: the 组长's override or the experts' merged value), quantity, unit, spec, group, project, date;
 *  - import: an Excel/CSV list (名称, 规格, 单位, 参考单价, 来源, 日期), every row checked, all rows or none;
 *  Searching, paging, editing and exporting: priceLibraryQuery.ts, priceLibraryEdit.ts, priceLibraryExport.ts.
 */
import { ApiError } from '../../../shared/api/errors'
import { naturalId, uuidv7 } from '../../../shared/domain/ids'
import { readPriceRows } from '../../../shared/domain/prices/importRows'
import { searchKey } from '../../../shared/domain/prices/library'
import type { PriceRef } from '../../../shared/domain/prices/match'
import { wanToFen } from '../../../shared/domain/money'
import type { Db } from '../db/connection'
import type { BudgetLinesTable } from '../db/schemaPackages'
import { prepare } from '../db/query'
import { PackageError } from '../packages/errors'
import { readSheetFile } from '../packages/sheets'
import { collectMeeting } from './board'
import { meetingSettings } from './console'
import { currentOverrides, projectBudgetMerge } from './merging'

export interface LibraryRow {
  id: string
  kind: 'meeting' | 'import'
  name: string
  spec: string
  unit: string
  unit_price_fen: number
  submitted_price_fen: number | null
  quantity: number | null
  group_name: string | null
  project: string
  source: string
  ref_date: string
  meeting_id: string | null
  retired: number
  note: string
}

export function toPriceRef(r: Pick<LibraryRow, 'id' | 'name' | 'spec' | 'unit' | 'unit_price_fen' | 'group_name' | 'source' | 'ref_date'>): PriceRef {
  return { id: r.id, name: r.name, spec: r.spec, unit: r.unit, unitPriceFen: r.unit_price_fen, group: r.group_name, source: r.source, date: r.ref_date }
}

const INSERT = `INSERT OR IGNORE INTO price_refs (id, kind, name, spec, unit, unit_price_fen, submitted_price_fen, quantity, group_name,
  project, source, ref_date, meeting_id, line_id, note, retired, search_key, created_at, updated_at)
  VALUES (@id, @kind, @name, @spec, @unit, @unit_price_fen, @submitted_price_fen, @quantity, @group_name, @project, @source,
  @ref_date, @meeting_id, @line_id, @note, @retired, @search_key, @now, @now)`

type InsertRow = Omit<LibraryRow, 'retired'> & { retired: number; line_id: string | null; now: string }

function insertRow(stmt: ReturnType<typeof prepare>, r: InsertRow): number {
  return stmt.run({ ...r, search_key: searchKey({ name: r.name, spec: r.spec, source: r.source, project: r.project }) }).changes
}

type LineRow = Pick<BudgetLinesTable, 'id' | 'name' | 'spec' | 'unit' | 'quantity' | 'unit_price' | 'amount' | 'category'>

/** Adds a closed meeting's lines to the library (again is a no-op). Returns how many were added. */
export function harvestMeeting(db: Db, meetingId: string, now = new Date()): number {
  const c = collectMeeting(db, meetingId)
  if (c.meeting.status !== 'closed') return 0
  const settings = meetingSettings(db, c.meeting)
  const leader = c.experts.find((e) => e.is_leader === 1)
  const insert = prepare(db, INSERT)
  const lineStmt = prepare(db, 'SELECT id, name, spec, unit, quantity, unit_price, amount, category FROM budget_lines WHERE id = ?')
  const date = c.meeting.date.slice(0, 10)
  let added = 0
  db.sqlite.transaction(() => {
    for (const p of c.projects) {
      const { merge } = projectBudgetMerge(p, settings, currentOverrides(db, p.project.id, leader?.id ?? null))
      for (const l of merge.lines) {
        const line = lineStmt.get(l.lineId) as LineRow | undefined
        if (!line || l.approved <= 0 || l.approvals.length === 0) continue
        const qty = line.quantity !== null && line.quantity > 0 ? line.quantity : 1
        const submittedUnit = line.unit_price ?? (line.amount ?? l.submitted) / qty
        added += insertRow(insert, {
          id: naturalId('meeting', meetingId, l.lineId),
          kind: 'meeting',
          name: line.name.slice(0, 500) || '（无名称）',
          spec: line.spec ?? '',
          unit: line.unit ?? '',
          unit_price_fen: Math.round(wanToFen(l.approved) / qty),
          submitted_price_fen: Math.max(0, wanToFen(submittedUnit)),
          quantity: line.quantity,
          group_name: line.category,
          project: p.project.name,
          source: '历史核定',
          ref_date: date,
          meeting_id: meetingId,
          line_id: l.lineId,
          note: '',
          retired: 0,
          now: now.toISOString()
        })
      }
    }
  })()
  return added
}

/** Harvests every closed meeting not in the library yet (meetings closed on another laptop, or before this build). */
export function harvestClosedMeetings(db: Db): number {
  const ids = prepare(db, "SELECT id FROM meetings WHERE status = 'closed' AND deleted = 0 AND is_demo = 0 AND id NOT IN (SELECT DISTINCT meeting_id FROM price_refs WHERE meeting_id IS NOT NULL)").all() as { id: string }[]
  return ids.reduce((n, m) => n + harvestMeeting(db, m.id), 0)
}

export interface ImportResult {
  added: number
  fileName: string
}

/** An Excel/CSV price list: every row is checked first; any problem refuses the whole file with the rows named. */
export async function importPriceList(db: Db, fileName: string, bytes: Uint8Array, defaultSource = '市场询价', now = new Date()): Promise<ImportResult> {
  let rows
  try {
    const file = await readSheetFile(fileName, bytes, 100_001)
    rows = file.sheets[0]?.rows ?? []
  } catch (e) {
    if (e instanceof PackageError) throw new ApiError('invalid_input', e.message)
    throw e
  }
  const { refs, problems } = readPriceRows(rows, defaultSource)
  if (problems.length > 0) {
    const shown = problems.slice(0, 20).map((p) => p.message).join('；')
    throw new ApiError('invalid_input', `价格清单“${fileName}”有 ${problems.length} 处问题，未导入任何一行：${shown}${problems.length > 20 ? '……' : ''}`)
  }
  if (refs.length === 0) throw new ApiError('invalid_input', `价格清单“${fileName}”没有数据行`)
  const insert = prepare(db, INSERT)
  db.sqlite.transaction(() => {
    for (const r of refs) {
      insertRow(insert, {
        id: uuidv7(), kind: 'import', name: r.name, spec: r.spec, unit: r.unit, unit_price_fen: r.unitPriceFen, submitted_price_fen: null,
        quantity: null, group_name: r.group, project: r.project, source: r.source, ref_date: r.date, meeting_id: null, line_id: null,
        note: r.note, retired: r.retired ? 1 : 0, now: now.toISOString()
      })
    }
  })()
  return { added: refs.length, fileName }
}

export function libraryRows(db: Db, opts: { includeRetired?: boolean; limit?: number } = {}): LibraryRow[] {
  const limit = Math.max(1, Math.min(opts.limit ?? 200_000, 200_000))
  const where = opts.includeRetired ? '' : 'WHERE retired = 0'
  return prepare(db, `SELECT * FROM price_refs ${where} ORDER BY ref_date DESC, id LIMIT ?`).all(limit) as LibraryRow[]
}

export function libraryRefs(db: Db): PriceRef[] {
  return libraryRows(db).map(toPriceRef)
}

