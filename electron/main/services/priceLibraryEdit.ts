/**
 * Editing the reference library (issue 13): a field at a time or several, checked field by field in Chinese
 * (shared/domain/prices/library.ts), every edit recorded with who and when and the fields before and after
 * (price_ref_edits), and undoable while nothing changed the entry since.
 *
 * Who may: only the secretariat's view on its own laptop (its key unlocked with its PIN, or a laptop that has
 * joined no one's meeting), never a laptop acting as an expert, never an expert's laptop (it pinned the
 * secretariat's key and does not hold it). The library is local (never replicated) and so are these writes: they
 * go through no change log, which is what keeps the library on this laptop.
 *
 * What travels with a meeting is a copy (meeting_price_refs, replicated). While a meeting is not closed, its copy of
 * an entry follows the entry's edits, 停用 included (a retired entry is taken out of the meeting, restored put back):
 * those writes go through writeChanges as the secretariat, in the same transaction, and reach the experts' laptops
 * with the next sync. A closed meeting's copy stays as it was used.
 *
 * 历史核定 (entries from closed meetings) are what a panel approved for a line on that date and cite the meeting:
 * their name, specification, unit, price, 来源 and date stay as approved. Only the 备注 and 停用/恢复 change.
 */
import { ApiError } from '../../../shared/api/errors'
import { checkRefEdit, HISTORY_FIXED, REF_FIELD_LABELS, searchKey, type RefField, type RefFields } from '../../../shared/domain/prices/library'
import type { Db } from '../db/connection'
import { prepare } from '../db/query'
import { naturalId } from '../../../shared/domain/ids'
import { writeChanges } from '../db/changeWriter'
import { actingExpertOrNull } from './acting'
import { SECRETARIAT } from './authors'
import type { LibraryRow } from './priceLibrary'
import { assertSecretariatView } from './secretariatView'

export interface RefEdit extends Partial<RefFields> {
  retired?: boolean
}

type EditKey = RefField | 'retired'

const COLUMN: Record<EditKey, keyof LibraryRow> = {
  name: 'name', spec: 'spec', unit: 'unit', unitPriceFen: 'unit_price_fen', source: 'source', date: 'ref_date', note: 'note', retired: 'retired'
}

export const LIBRARY_ACTING_EXPERT = '参考价格库只能由秘书处修改：本机正以专家身份评审，请先在会议页面切换为“秘书处”'

/** Refuses unless this laptop shows the secretariat's view (secretariatView.ts) and acts as no expert. */
export function assertLibraryEditor(db: Db): void {
  if (actingExpertOrNull(db)) throw new ApiError('forbidden', LIBRARY_ACTING_EXPERT)
  assertSecretariatView(db)
}

/** Who edits, as recorded: the secretariat, with its key's fingerprint when it has one. */
export function editorName(db: Db): string {
  const own = prepare(db, 'SELECT fingerprint FROM secretariat_key WHERE id = 1').get() as { fingerprint: string } | undefined
  return own ? `秘书处（密钥 ${own.fingerprint.replace(/\s/g, '').slice(0, 8)}）` : '秘书处（本机）'
}

function getRow(db: Db, id: string): LibraryRow {
  const row = prepare(db, 'SELECT * FROM price_refs WHERE id = ?').get(id) as LibraryRow | undefined
  if (!row) throw new ApiError('not_found', '找不到该参考价，可能已被删除')
  return row
}

type Values = Partial<Record<EditKey, string | number>>

function valueOf(row: LibraryRow, k: EditKey): string | number {
  return row[COLUMN[k]] as string | number
}

function issue(field: EditKey, message: string) {
  return { path: `edit.${field}`, message }
}

/** Checks an edit against the entry; returns the fields it changes (before, after), or refuses with each field's reason. */
function changesOf(row: LibraryRow, e: RefEdit): { before: Values; after: Values } {
  const trimmed: RefEdit = { ...e, ...(e.name !== undefined ? { name: e.name.trim() } : {}), ...(e.source !== undefined ? { source: e.source.trim() } : {}) }
  const problems = checkRefEdit(trimmed).map((p) => issue(p.field, p.message))
  if (problems.length > 0) throw new ApiError('invalid_input', problems.map((p) => p.message).join('；'), problems)
  const before: Values = {}
  const after: Values = {}
  for (const k of Object.keys(COLUMN) as EditKey[]) {
    const raw = trimmed[k]
    if (raw === undefined) continue
    const v = k === 'retired' ? (raw ? 1 : 0) : (raw as string | number)
    if (v === valueOf(row, k)) continue
    before[k] = valueOf(row, k)
    after[k] = v
  }
  if (row.kind === 'meeting') {
    const fixed = HISTORY_FIXED.filter((k) => k in after)
    if (fixed.length > 0) {
      const names = fixed.map((k) => REF_FIELD_LABELS[k]).join('、')
      const message = `这是会议核定的历史价格（${row.project || '已结束的会议'}，${row.ref_date}），${names}保持核定时的样子，不能修改；如需更正，请停用此条并导入更正后的参考价`
      throw new ApiError('forbidden', message, fixed.map((k) => issue(k, `历史核定的${REF_FIELD_LABELS[k]}不能修改`)))
    }
  }
  return { before, after }
}

function apply(db: Db, id: string, values: Values, now: Date): void {
  const keys = Object.keys(values) as EditKey[]
  if (keys.length === 0) return
  const sets = keys.map((k) => `${COLUMN[k]} = @${k}`).join(', ')
  prepare(db, `UPDATE price_refs SET ${sets}, updated_at = @now WHERE id = @id`).run({ ...values, now: now.toISOString(), id })
  const row = getRow(db, id)
  prepare(db, 'UPDATE price_refs SET search_key = ? WHERE id = ?').run(searchKey(row), id)
  followInOpenMeetings(db, row)
}

/** The copies of an entry carried by meetings that are not closed take its fields and its 停用 (as deleted). */
function followInOpenMeetings(db: Db, row: LibraryRow): number {
  const open = prepare(db, "SELECT id FROM meetings WHERE status <> 'closed' AND deleted = 0").all() as { id: string }[]
  const exists = prepare(db, 'SELECT id FROM meeting_price_refs WHERE id = ?')
  const copies = open.map((m) => exists.get(naturalId('price', m.id, row.id)) as { id: string } | undefined).filter((c): c is { id: string } => c !== undefined)
  if (copies.length === 0) return 0
  writeChanges(db, SECRETARIAT, (w) => {
    for (const c of copies) {
      w.write('meeting_price_refs', c.id, {
        name: row.name, spec: row.spec, unit: row.unit, unit_price_fen: row.unit_price_fen, source: row.source, ref_date: row.ref_date, deleted: row.retired === 1
      })
    }
  })
  return copies.length
}

export interface EditResult {
  row: LibraryRow
  /** The recorded edit (null when the edit changed nothing). */
  editId: number | null
}

/** Changes fields of one entry (only those that differ); recorded with who and when. */
export function editRef(db: Db, id: string, e: RefEdit, now = new Date()): EditResult {
  assertLibraryEditor(db)
  return db.sqlite.transaction(() => {
    const row = getRow(db, id)
    const { before, after } = changesOf(row, e)
    if (Object.keys(after).length === 0) return { row, editId: null }
    apply(db, id, after, now)
    const r = prepare(db, 'INSERT INTO price_ref_edits (ref_id, at, by, before, after) VALUES (?, ?, ?, ?, ?)').run(id, now.toISOString(), editorName(db), JSON.stringify(before), JSON.stringify(after))
    return { row: getRow(db, id), editId: Number(r.lastInsertRowid) }
  })()
}

interface EditRow {
  id: number
  ref_id: string
  at: string
  by: string
  before: string
  after: string
  undone_at: string | null
  undone_by: string | null
}

/** Takes an edit back, while the entry still holds what that edit wrote (else refuses: it changed since). */
export function undoEdit(db: Db, editId: number, now = new Date()): LibraryRow {
  assertLibraryEditor(db)
  return db.sqlite.transaction(() => {
    const edit = prepare(db, 'SELECT * FROM price_ref_edits WHERE id = ?').get(editId) as EditRow | undefined
    if (!edit) throw new ApiError('not_found', '找不到这次修改，无法撤销')
    if (edit.undone_at) throw new ApiError('conflict', `这次修改已于 ${edit.undone_at.slice(0, 16).replace('T', ' ')} 撤销`)
    const row = getRow(db, edit.ref_id)
    const after = JSON.parse(edit.after) as Values
    const moved = (Object.keys(after) as EditKey[]).filter((k) => valueOf(row, k) !== after[k])
    if (moved.length > 0) throw new ApiError('conflict', `此后${moved.map((k) => (k === 'retired' ? '状态' : REF_FIELD_LABELS[k])).join('、')}又被修改过，不能撤销这次修改`)
    apply(db, edit.ref_id, JSON.parse(edit.before) as Values, now)
    prepare(db, 'UPDATE price_ref_edits SET undone_at = ?, undone_by = ? WHERE id = ?').run(now.toISOString(), editorName(db), editId)
    return getRow(db, edit.ref_id)
  })()
}

export interface RefEditRecord {
  id: number
  at: string
  by: string
  changes: { field: EditKey; before: string | number; after: string | number }[]
  undoneAt: string | null
  undoneBy: string | null
}

/** The edits of one entry, newest first (at most 100). */
export function refHistory(db: Db, id: string): RefEditRecord[] {
  const rows = prepare(db, 'SELECT * FROM price_ref_edits WHERE ref_id = ? ORDER BY id DESC LIMIT 100').all(id) as EditRow[]
  return rows.map((r) => {
    const before = JSON.parse(r.before) as Values
    const after = JSON.parse(r.after) as Values
    return {
      id: r.id, at: r.at, by: r.by, undoneAt: r.undone_at, undoneBy: r.undone_by,
      changes: (Object.keys(after) as EditKey[]).map((field) => ({ field, before: before[field] ?? '', after: after[field] ?? '' }))
    }
  })
}

/** The last edit of each of these entries (for the table's 最后修改). */
export function lastEdits(db: Db, ids: readonly string[]): Map<string, { at: string; by: string }> {
  const out = new Map<string, { at: string; by: string }>()
  if (ids.length === 0) return out
  const stmt = prepare(db, 'SELECT at, by FROM price_ref_edits WHERE ref_id = ? AND undone_at IS NULL ORDER BY id DESC LIMIT 1')
  for (const id of ids.slice(0, 500)) {
    const r = stmt.get(id) as { at: string; by: string } | undefined
    if (r) out.set(id, r)
  }
  return out
}
