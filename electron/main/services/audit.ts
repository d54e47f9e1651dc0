/**
 * The audit log of a meeting (issue 7): everything that changed a result — reopened sheets, the 组长's budget
 * overrides and signatures, 组长 changes, fingerprint registrations, removals, assignment and merge-rule changes,
 * opening and closing the meeting. Derived from the operation log (change_log: author, time, table, column,
 * value of every replicated write, local or received through sync), never kept as a second log.
 *
 * One entry per user action (issue 11 item 8): a write repeats the columns of a row that it did not change (a
 * signature rewrites the overrides, a draft's first save writes empty overrides), so a watched cell counts only
 * when its value differs from the cell's previous value in HLC order. The actor is the change's author, and the
 * label says who acted: an override written by the secretariat is never called the 组长's.
 */
import { parseScoringMarker } from '../../../shared/sync/scoringMarker'
import type { AuditEntry, AuditKind } from '../../../shared/api/secretariatTypes'
import { decodeHlc } from '../../../shared/sync/hlc'
import { MERGE_METHOD_NAMES, isMergeMethod } from '../../../shared/domain/merge'
import type { Db } from '../db/connection'
import type { ChangeLogRow } from '../db/schema'
import { prepare } from '../db/query'
import { LOGGED_CELLS_INDEXED } from '../sync/log'
import { SECRETARIAT } from './authors'

const KIND_LABELS: Record<AuditKind, string> = {
  reopen: '退回评分表',
  override: '组长调整核定',
  leader: '组长变更',
  fingerprint: '登记公钥指纹',
  removal: '移除',
  settings: '汇总规则',
  assignment: '分配变更',
  'panel-signed': '组长签署',
  closed: '关闭会议',
  phase: '会议开始'
}

type LogRow = Pick<ChangeLogRow, 'origin' | 'seq' | 'tx' | 'hlc' | 'author' | 'tbl' | 'row_id' | 'col' | 'value'>
/** A watched cell write with the cell's value before it (undefined: the first write of the cell). */
export interface CellChange extends LogRow {
  changed: boolean
  before: unknown
}

const WATCHED: [string, string][] = [
  ['score_sheets', 'status'],
  ['score_sheets', 'reopen_reason'],
  ['panel_opinions', 'budget_overrides'],
  ['panel_opinions', 'status'],
  ['experts', 'is_leader'],
  ['experts', 'key_fingerprint'],
  ['experts', 'deleted'],
  ['projects', 'deleted'],
  ['assignments', 'deleted'],
  ['meetings', 'merge_method'],
  ['meetings', 'settings'],
  ['meetings', 'status'],
  ['meetings', 'scoring_marker']
]

function parse(value: string): unknown {
  try {
    return JSON.parse(value) as unknown
  } catch {
    return null
  }
}
const val = (r: LogRow): unknown => parse(r.value)

function timeOf(hlc: string): string {
  try {
    return new Date(decodeHlc(hlc).ms).toISOString()
  } catch {
    return ''
  }
}

/** A cell's "empty" value before its first write: no overrides are the same as an empty set of them. */
function initialOf(col: string): unknown {
  return col === 'budget_overrides' ? {} : undefined
}

/**
 * Marks each write as a change or a repeat of the cell's previous value, in HLC order (ties by origin and seq).
 * Pure: tested in audit.test.ts.
 */
export function markChanges(rows: readonly LogRow[]): CellChange[] {
  const ordered = [...rows].sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : a.origin < b.origin ? -1 : a.origin > b.origin ? 1 : a.seq - b.seq))
  const last = new Map<string, string>()
  return ordered.map((r) => {
    const key = `${r.tbl}|${r.row_id}|${r.col}`
    const prev = last.get(key)
    const before = prev === undefined ? initialOf(r.col) : parse(prev)
    last.set(key, r.value)
    const changed = JSON.stringify(before) !== JSON.stringify(val(r))
    return { ...r, before, changed }
  })
}

interface Ctx {
  meetingId: string
  names: Map<string, string>
  sheetInfo: Map<string, { project_id: string; expert_id: string; revision: number }>
  assignmentInfo: Map<string, { project_id: string; expert_id: string }>
  opinionInfo: Map<string, { project_id: string; leader_id: string }>
  lineName: (id: string) => string
}

function loadContext(db: Db, meetingId: string): { ctx: Ctx; belongs: (r: LogRow) => boolean } {
  const rowsOf = <T>(sql: string) => prepare(db, sql).all(meetingId) as T[]
  const names = new Map<string, string>()
  for (const r of rowsOf<{ id: string; name: string }>('SELECT id, name FROM experts WHERE meeting_id = ?')) names.set(r.id, r.name)
  const projects = rowsOf<{ id: string; name: string }>('SELECT id, name FROM projects WHERE meeting_id = ?')
  for (const r of projects) names.set(r.id, r.name)
  const sheetInfo = new Map(rowsOf<{ id: string; project_id: string; expert_id: string; revision: number }>('SELECT id, project_id, expert_id, revision FROM score_sheets WHERE meeting_id = ?').map((r) => [r.id, r]))
  const assignmentInfo = new Map(rowsOf<{ id: string; project_id: string; expert_id: string }>('SELECT id, project_id, expert_id FROM assignments WHERE meeting_id = ?').map((r) => [r.id, r]))
  const opinionInfo = new Map(rowsOf<{ id: string; project_id: string; leader_id: string }>('SELECT id, project_id, leader_id FROM panel_opinions WHERE meeting_id = ?').map((r) => [r.id, r]))
  const projectIds = new Set(projects.map((p) => p.id))
  const experts = new Set(rowsOf<{ id: string }>('SELECT id FROM experts WHERE meeting_id = ?').map((r) => r.id))
  const belongsTo: Record<string, (id: string) => boolean> = {
    meetings: (id) => id === meetingId,
    projects: (id) => projectIds.has(id),
    experts: (id) => experts.has(id),
    score_sheets: (id) => sheetInfo.has(id),
    assignments: (id) => assignmentInfo.has(id),
    panel_opinions: (id) => opinionInfo.has(id)
  }
  const lineStmt = prepare(db, 'SELECT name FROM budget_lines WHERE id = ?')
  const lineName = (id: string) => (lineStmt.get(id) as { name: string } | undefined)?.name ?? id
  return { ctx: { meetingId, names, sheetInfo, assignmentInfo, opinionInfo, lineName }, belongs: (r) => !!belongsTo[r.tbl]?.(r.row_id) }
}

export function auditLog(db: Db, meetingId: string, limit = 1000): AuditEntry[] {
  const { ctx, belongs } = loadContext(db, meetingId)
  const stmt = prepare(db, `SELECT origin, seq, tx, hlc, author, tbl, row_id, col, value FROM change_log WHERE tbl = ? AND col = ? AND status = 'applied' AND ${LOGGED_CELLS_INDEXED}`)
  const rows: LogRow[] = []
  for (const [tbl, col] of WATCHED) for (const r of stmt.all(tbl, col) as LogRow[]) if (belongs(r)) rows.push(r)
  // One transaction of one origin is one action.
  const txs = new Map<string, CellChange[]>()
  for (const r of markChanges(rows)) {
    const k = `${r.origin}|${r.tx}`
    const list = txs.get(k) ?? []
    list.push(r)
    txs.set(k, list)
  }
  const out: AuditEntry[] = []
  for (const list of txs.values()) out.push(...describeAction(ctx, list))
  out.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
  return out.slice(0, limit)
}

type Add = (kind: AuditKind, what: string, detail?: string, kindLabel?: string) => void

/** The entries of one action (one transaction), from the watched cells it changed. */
function describeAction(ctx: Ctx, list: CellChange[]): AuditEntry[] {
  const head = list[0]!
  const at = timeOf(list.reduce((m, r) => (r.hlc > m ? r.hlc : m), head.hlc))
  const authorName = head.author === SECRETARIAT ? '秘书处' : `专家${ctx.names.get(head.author) ?? head.author.slice(0, 8)}`
  const out: AuditEntry[] = []
  const add: Add = (kind, what, detail = '', kindLabel = KIND_LABELS[kind]) => out.push({ at, author: head.author, authorName, kind, kindLabel, what, detail })
  const changed = list.filter((r) => r.changed)
  describeSheetsAndOpinions(ctx, list, changed, head.author, add)
  describeExperts(ctx, list, changed, add)
  describeAssignments(ctx, list, changed, add)
  // The meeting's first write of its rules is its creation, not a change of them.
  for (const r of changed.filter((x) => x.tbl === 'meetings' && (x.before !== undefined || x.col === 'status' || x.col === 'scoring_marker'))) {
    if (r.col === 'merge_method' && isMergeMethod(val(r))) {
      add('settings', `汇总方法：${MERGE_METHOD_NAMES[val(r) as keyof typeof MERGE_METHOD_NAMES]}`, summariseSettings(list.find((x) => x.col === 'settings')))
    }
    if (r.col === 'settings' && !changed.some((x) => x.col === 'merge_method')) add('settings', '汇总规则', summariseSettings(r))
    if (r.col === 'status' && val(r) === 'closed') add('closed', '会议结束并关闭，数据只读')
    if (r.col === 'status' && val(r) === 'open') add('phase', '会议开始，项目不再移除')
    const marker = r.col === 'scoring_marker' ? parseScoringMarker(r.value) : null
    if (marker) add('phase', '评分开始声明：评分细则和审查规则集锁定', `评分细则 ${marker.rubric.id}，审查规则 ${marker.ruleSet.version}`)
  }
  return out
}

function describeSheetsAndOpinions(ctx: Ctx, list: CellChange[], changed: CellChange[], author: string, add: Add): void {
  for (const r of changed.filter((x) => x.tbl === 'score_sheets' && x.col === 'status' && val(x) === 'reopened')) {
    const s = ctx.sheetInfo.get(r.row_id)
    const reason = list.find((x) => x.row_id === r.row_id && x.col === 'reopen_reason')
    add('reopen', `${ctx.names.get(s?.expert_id ?? '') ?? ''}的评分表（第 ${s?.revision ?? '?'} 版）·${ctx.names.get(s?.project_id ?? '') ?? ''}`, reason ? `理由：${String(val(reason))}` : '')
  }
  for (const r of changed.filter((x) => x.tbl === 'panel_opinions')) {
    const o = ctx.opinionInfo.get(r.row_id)
    const project = ctx.names.get(o?.project_id ?? '') ?? ''
    if (r.col === 'status' && val(r) === 'signed') add('panel-signed', `${project}：组长${ctx.names.get(o?.leader_id ?? '') ?? ''}签署专家组意见`)
    if (r.col !== 'budget_overrides') continue
    const d = overrideDiff(r.before, val(r))
    const parts = [
      ...d.set.slice(0, 5).map(([id, x]) => `${ctx.lineName(id)}→${x.amount} 万元（${x.reason}）`),
      ...d.removed.slice(0, 5).map((id) => `${ctx.lineName(id)}：取消调整`)
    ]
    const count = d.set.length + d.removed.length
    if (count === 0) continue
    // Named by who wrote it: the secretariat may record an override for the 组长, and the log says so.
    const label = author === o?.leader_id ? '组长调整核定' : author === SECRETARIAT ? '秘书处代录核定调整' : '调整核定'
    const what = d.set.length > 0 ? `${project}：调整核定 ${d.set.length} 行${d.removed.length ? `，取消 ${d.removed.length} 行` : ''}` : `${project}：取消核定调整 ${d.removed.length} 行`
    add('override', what, parts.join('；') + (count > 10 ? '……' : ''), label)
  }
}

type Override = { amount: number; reason: string }

/** The lines whose override was set or changed, and those whose override was removed. Pure. */
export function overrideDiff(before: unknown, after: unknown): { set: [string, Override][]; removed: string[] } {
  const b = (before && typeof before === 'object' ? before : {}) as Record<string, Override>
  const a = (after && typeof after === 'object' ? after : {}) as Record<string, Override>
  const set = Object.entries(a).filter(([id, x]) => JSON.stringify(b[id]) !== JSON.stringify(x))
  const removed = Object.keys(b).filter((id) => !(id in a))
  return { set, removed }
}

function describeExperts(ctx: Ctx, list: CellChange[], changed: CellChange[], add: Add): void {
  const created = new Set(list.filter((r) => r.col === 'deleted' && val(r) === false).map((r) => r.row_id))
  const leaders = changed.filter((x) => x.tbl === 'experts' && x.col === 'is_leader')
  const newLeader = leaders.find((x) => val(x) === true)
  if (newLeader) add('leader', `指定组长：${ctx.names.get(newLeader.row_id) ?? ''}`)
  else if (leaders.length > 0 && !list.some((x) => x.tbl === 'experts' && x.col === 'deleted')) add('leader', `取消组长：${leaders.map((x) => ctx.names.get(x.row_id) ?? '').join('、')}`)
  // Fingerprints (not the empty value written when an expert is created).
  for (const r of changed.filter((x) => x.tbl === 'experts' && x.col === 'key_fingerprint' && !created.has(x.row_id))) {
    const fp = String(val(r) ?? '')
    add('fingerprint', `${ctx.names.get(r.row_id) ?? ''}`, fp ? `指纹 ${fp.toUpperCase().replace(/(.{4})(?=.)/g, '$1 ')}` : '清除登记的指纹')
  }
  for (const r of changed.filter((x) => (x.tbl === 'experts' || x.tbl === 'projects') && x.col === 'deleted' && val(x) === true)) {
    add('removal', `${r.tbl === 'experts' ? '专家' : '项目'}：${ctx.names.get(r.row_id) ?? r.row_id}`)
  }
}

function describeAssignments(ctx: Ctx, list: CellChange[], changed: CellChange[], add: Add): void {
  const assignmentChanges = changed.filter((x) => x.tbl === 'assignments' && x.col === 'deleted')
  if (assignmentChanges.length === 0 || list.some((x) => x.tbl === 'projects' || (x.tbl === 'experts' && x.col === 'deleted'))) return
  const describe = (xs: CellChange[]) =>
    xs
      .slice(0, 4)
      .map((x) => {
        const a = ctx.assignmentInfo.get(x.row_id)
        return `${ctx.names.get(a?.expert_id ?? '') ?? ''}—${ctx.names.get(a?.project_id ?? '') ?? ''}`
      })
      .join('；') + (xs.length > 4 ? '……' : '')
  const added = assignmentChanges.filter((x) => val(x) === false)
  const removed = assignmentChanges.filter((x) => val(x) === true)
  if (added.length) add('assignment', `分配 ${added.length} 项`, describe(added))
  if (removed.length) add('assignment', `取消分配 ${removed.length} 项`, describe(removed))
}

function summariseSettings(r: LogRow | undefined): string {
  if (!r) return ''
  const s = (val(r) ?? {}) as { deviationRatio?: number; conclusion?: { passAt: number; reviseAt: number }; budgetMergeMethod?: string }
  const parts: string[] = []
  if (typeof s.deviationRatio === 'number') parts.push(`偏离阈值 ${Math.round(s.deviationRatio * 100)}%`)
  if (s.conclusion) parts.push(`通过线 ${s.conclusion.passAt} 分，修改完善线 ${s.conclusion.reviseAt} 分`)
  if (isMergeMethod(s.budgetMergeMethod)) parts.push(`概算核定：${MERGE_METHOD_NAMES[s.budgetMergeMethod]}`)
  return parts.join('；')
}
