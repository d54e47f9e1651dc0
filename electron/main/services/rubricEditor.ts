/**
 * The secretariat's rubric editor (issue 14, item 7): view the meeting's rubric as a table, save an edited table as
 * a new immutable version (the meeting then uses it), import a table from Excel or JSON, export it. Only the
 * secretariat's view may save, and never once scoring has started (the secretariat's scoring-started marker, or
 * an expert sheet of the meeting seen here: scoringLock.ts). The
 * rubric row and the meeting's rubric_id are secretariat rows: they travel sealed by the secretariat's sync key and
 * every laptop verifies them (docs/sync.md, "The charter"); an expert's laptop writing them is refused there.
 */
import type ExcelJSModule from 'exceljs'
import { ApiError } from '../../../shared/api/errors'
import type { RubricEditorView, RubricFileResult } from '../../../shared/api/secretariatTypes'
import { parseRubric } from '../../../shared/domain/rubric'
import { definitionFromTable, RUBRIC_MAX_ROWS, tableOf, type RubricProblem, type RubricRow, type RubricTable } from '../../../shared/domain/rubricTable'
import type { Db } from '../db/connection'
import { writeChanges } from '../db/changeWriter'
import { all } from '../db/query'
import { readSheetFile } from '../packages/sheets'
import { PackageError } from '../packages/errors'
import { actingExpertOrNull } from './acting'
import { SECRETARIAT } from './authors'
import { getMeetingRow } from './meetings'
import { loadRubric, rubricRowId } from './rubrics'
import { scoringLockReason } from './scoringLock'
import { assertSecretariatView } from './secretariatView'
import { lazyModule } from '../lazyModule'

/** ExcelJS is loaded with the first rubric exported as Excel (lazyModule.ts). */
const loadExcelJS = lazyModule<typeof ExcelJSModule>('exceljs', 'Excel 文件生成')

export const RUBRIC_LOCKED = '已有专家开始评分（已有评分表），评分细则已锁定，不能再修改'
const HEADER = ['维度', '编号', '评分细则', '分值', '步长', '评分指引'] as const
const FILE_MAX_BYTES = 2 * 1024 * 1024

/** Why the meeting's rubric can no longer change (null while it can). */
export function rubricLock(db: Db, meetingId: string): string | null {
  return scoringLockReason(db, meetingId, '评分细则', RUBRIC_LOCKED)
}

export function rubricEditorView(db: Db, meetingId: string): RubricEditorView {
  const m = getMeetingRow(db, meetingId)
  const rubric = loadRubric(db, m.rubric_id)
  const versions = all(db, db.kysely.selectFrom('rubrics').select(['id', 'version', 'name']).where('deleted', '=', 0).orderBy('version', 'desc'))
    .filter((r) => r.id.startsWith(`${rubric.id}@`))
    .map((r) => ({ rubricId: r.id, version: r.version, name: r.name }))
  return { meetingId, rubricId: m.rubric_id, version: rubric.version, table: tableOf(rubric), rubric, locked: rubricLock(db, meetingId), versions }
}

function refuse(problems: RubricProblem[]): never {
  const shown = problems.slice(0, 5).map((p) => (p.row === null ? p.message : `第 ${p.row} 行：${p.message}`))
  throw new ApiError('invalid_input', `评分细则未保存：${shown.join('；')}${problems.length > 5 ? `；等 ${problems.length} 处` : ''}`, problems.map((p) => ({ path: p.row === null ? p.field : `rows.${p.row - 1}.${p.field}`, message: p.message })))
}

/** Saves the table as the next version of the meeting's rubric and makes the meeting use it — all or nothing. */
export function saveRubricTable(db: Db, meetingId: string, table: RubricTable): RubricEditorView {
  if (actingExpertOrNull(db)) throw new ApiError('forbidden', '只有秘书处可以修改评分细则')
  assertSecretariatView(db)
  const m = getMeetingRow(db, meetingId)
  const lock = rubricLock(db, meetingId)
  if (lock) throw new ApiError('conflict', lock)
  const current = loadRubric(db, m.rubric_id)
  const versions = all(db, db.kysely.selectFrom('rubrics').select(['id', 'version'])).filter((r) => r.id.startsWith(`${current.id}@`)).map((r) => r.version)
  const check = definitionFromTable(table, current.id, Math.max(current.version, ...versions) + 1)
  if (!check.ok) refuse(check.problems)
  const id = rubricRowId(check.rubric)
  writeChanges(db, SECRETARIAT, (w) => {
    w.write('rubrics', id, { name: check.rubric.name, version: check.rubric.version, definition: check.rubric, deleted: false })
    w.write('meetings', meetingId, { rubric_id: id })
  })
  return rubricEditorView(db, meetingId)
}

const text = (v: unknown) => (v === null || v === undefined ? '' : String(v).trim())
function num(v: unknown): number | null {
  if (typeof v === 'number') return v
  const t = text(v).replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
  return t === '' || !/^\d+(\.\d+)?$/.test(t) ? null : Number(t)
}

function tableFromRows(rows: unknown[][], base: RubricTable): RubricFileResult {
  const head = (rows[0] ?? []).map(text)
  const col = (name: string) => head.indexOf(name)
  const missing = ['维度', '评分细则', '分值'].filter((h) => col(h) < 0)
  if (missing.length > 0) return { table: null, problems: [{ row: null, field: 'header', message: `第一行应为表头，缺少列：${missing.join('、')}（列名：${HEADER.join('、')}）` }] }
  const body = rows.slice(1).filter((r) => r.some((c) => text(c) !== ''))
  if (body.length > RUBRIC_MAX_ROWS) return { table: null, problems: [{ row: null, field: 'rows', message: `评分细则最多 ${RUBRIC_MAX_ROWS} 项` }] }
  const at = (r: unknown[], name: string) => (col(name) >= 0 ? r[col(name)] : undefined)
  const table: RubricTable = {
    ...base,
    rows: body.map((r): RubricRow => ({ dimension: text(at(r, '维度')), itemId: text(at(r, '编号')), item: text(at(r, '评分细则')), points: num(at(r, '分值')), step: text(at(r, '步长')) === '' ? 0.5 : num(at(r, '步长')), guidance: text(at(r, '评分指引')) }))
  }
  const check = definitionFromTable(table, 'import', 1)
  return { table, problems: check.ok ? [] : check.problems }
}

/** Reads a rubric from .json (a rubric definition, or `{ name, passAt, reviseAt, rows }`) or .xlsx/.csv; applies nothing. */
export async function parseRubricFile(db: Db, meetingId: string, fileName: string, bytes: Uint8Array): Promise<RubricFileResult> {
  const base = rubricEditorView(db, meetingId).table
  const fail = (message: string): RubricFileResult => ({ table: null, problems: [{ row: null, field: 'file', message }] })
  if (bytes.length > FILE_MAX_BYTES) return fail('文件超过 2 MB，不像是评分细则')
  if (/\.json$/i.test(fileName)) {
    let raw: unknown
    try {
      raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown
    } catch {
      return fail(`“${fileName}”不是有效的 JSON 文件`)
    }
    const r = raw as { dimensions?: unknown; rows?: unknown }
    if (Array.isArray(r?.dimensions)) {
      try {
        return tableResult(tableOf(parseRubric(raw)))
      } catch (e) {
        return fail(`JSON 中的评分细则无效：${e instanceof Error ? e.message.slice(0, 300) : '格式不符'}`)
      }
    }
    if (!Array.isArray(r?.rows)) return fail('JSON 中既没有 dimensions 也没有 rows')
    const rows = (r.rows as unknown[]).slice(0, RUBRIC_MAX_ROWS + 1).map((x) => {
      const o = (typeof x === 'object' && x !== null ? x : {}) as Record<string, unknown>
      return [o.dimension, o.itemId, o.item, o.points, o.step, o.guidance]
    })
    const t = raw as Partial<RubricTable>
    return tableFromRows([[...HEADER], ...rows], { ...base, name: typeof t.name === 'string' ? t.name : base.name, passAt: typeof t.passAt === 'number' ? t.passAt : base.passAt, reviseAt: typeof t.reviseAt === 'number' ? t.reviseAt : base.reviseAt })
  }
  try {
    const file = await readSheetFile(fileName, bytes, RUBRIC_MAX_ROWS + 50)
    const sheet = file.sheets[0]
    if (!sheet) return fail('文件中没有工作表')
    return tableFromRows(sheet.rows as unknown[][], base)
  } catch (e) {
    return fail(e instanceof PackageError ? e.message : `无法读取文件“${fileName}”：文件可能已损坏`)
  }
}

function tableResult(table: RubricTable): RubricFileResult {
  const check = definitionFromTable(table, 'import', 1)
  return { table, problems: check.ok ? [] : check.problems }
}

/** The meeting's rubric as a file: JSON (the definition) or Excel (one row per sub-item). */
export async function exportRubric(db: Db, meetingId: string, format: 'json' | 'xlsx'): Promise<{ fileName: string; base64: string }> {
  const v = rubricEditorView(db, meetingId)
  const stem = `评分细则-第${v.version}版`
  if (format === 'json') return { fileName: `${stem}.json`, base64: Buffer.from(JSON.stringify(v.rubric, null, 2), 'utf8').toString('base64') }
  const wb = new (loadExcelJS().Workbook)()
  const ws = wb.addWorksheet('评分细则')
  ws.addRow([...HEADER])
  for (const r of v.table.rows) ws.addRow([r.dimension, r.itemId, r.item, r.points, r.step, r.guidance])
  ws.getRow(1).font = { bold: true }
  ws.columns.forEach((c, i) => (c.width = [14, 22, 40, 8, 8, 80][i] ?? 12))
  const buf = await wb.xlsx.writeBuffer()
  return { fileName: `${stem}.xlsx`, base64: Buffer.from(buf as ArrayBuffer).toString('base64') }
}
