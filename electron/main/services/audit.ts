/**
 * The audit log of a meeting (issue 7): everything that changed a result — reopened sheets, the 组长's budget
 * overrides and signatures, 组长 changes, fingerprint registrations, removals, assignment and merge-rule changes,
 * opening and closing the meeting. Derived from the operation log (change_log: author, time, table, column,
 * value of every replicated write, local or received through sync), never kept as a second log.
 */
import type { AuditEntry, AuditKind } from '../../../shared/api/secretariatTypes'
import { decodeHlc } from '../../../shared/sync/hlc'
import { MERGE_METHOD_NAMES, isMergeMethod } from '../../../shared/domain/merge'
import type { Db } from '../db/connection'
import type { ChangeLogRow } from '../db/schema'
import { prepare } from '../db/query'

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

type LogRow = Omit<ChangeLogRow, 'status'>

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
  ['meetings', 'status']
]

function val(r: LogRow): unknown {
  try {
    return JSON.parse(r.value) as unknown
  } catch {
    return null
  }
}

function timeOf(hlc: string): string {
  try {
    return new Date(decodeHlc(hlc).ms).toISOString()
  } catch {
    return ''
  }
}

export function auditLog(db: Db, meetingId: string, limit = 1000): AuditEntry[] {
  const ids = (sql: string) => new Set((prepare(db, sql).all(meetingId) as { id: string }[]).map((r) => r.id))
  const projects = ids('SELECT id FROM projects WHERE meeting_id = ?')
  const experts = ids('SELECT id FROM experts WHERE meeting_id = ?')
  const sheets = ids('SELECT id FROM score_sheets WHERE meeting_id = ?')
  const assignments = ids('SELECT id FROM assignments WHERE meeting_id = ?')
  const opinions = ids('SELECT id FROM panel_opinions WHERE meeting_id = ?')
  const belongs: Record<string, (id: string) => boolean> = {
    meetings: (id) => id === meetingId,
    projects: (id) => projects.has(id),
    experts: (id) => experts.has(id),
    score_sheets: (id) => sheets.has(id),
    assignments: (id) => assignments.has(id),
    panel_opinions: (id) => opinions.has(id)
  }
  const names = new Map<string, string>()
  for (const r of prepare(db, 'SELECT id, name FROM experts WHERE meeting_id = ?').all(meetingId) as { id: string; name: string }[]) names.set(r.id, r.name)
  for (const r of prepare(db, 'SELECT id, name FROM projects WHERE meeting_id = ?').all(meetingId) as { id: string; name: string }[]) names.set(r.id, r.name)
  const sheetInfo = new Map(
    (prepare(db, 'SELECT id, project_id, expert_id, revision FROM score_sheets WHERE meeting_id = ?').all(meetingId) as { id: string; project_id: string; expert_id: string; revision: number }[]).map((r) => [r.id, r])
  )
  const assignmentInfo = new Map(
    (prepare(db, 'SELECT id, project_id, expert_id FROM assignments WHERE meeting_id = ?').all(meetingId) as { id: string; project_id: string; expert_id: string }[]).map((r) => [r.id, r])
  )
  const opinionInfo = new Map(
    (prepare(db, 'SELECT id, project_id, leader_id FROM panel_opinions WHERE meeting_id = ?').all(meetingId) as { id: string; project_id: string; leader_id: string }[]).map((r) => [r.id, r])
  )
  const stmt = prepare(db, "SELECT origin, seq, tx, hlc, author, tbl, row_id, col, value FROM change_log WHERE tbl = ? AND col = ? AND status = 'applied'")
  const rows: LogRow[] = []
  for (const [tbl, col] of WATCHED) for (const r of stmt.all(tbl, col) as LogRow[]) if (belongs[r.tbl]?.(r.row_id)) rows.push(r)
  // One transaction of one origin is one action.
  const txs = new Map<string, LogRow[]>()
  for (const r of rows) {
    const k = `${r.origin}|${r.tx}`
    const list = txs.get(k) ?? []
    list.push(r)
    txs.set(k, list)
  }
  const lineName = prepare(db, 'SELECT name FROM budget_lines WHERE id = ?')
  const who = (author: string) => (author === 'secretariat' ? '秘书处' : `专家${names.get(author) ?? author.slice(0, 8)}`)
  const out: AuditEntry[] = []
  for (const list of txs.values()) {
    const head = list[0]!
    const at = timeOf(list.reduce((m, r) => (r.hlc > m ? r.hlc : m), head.hlc))
    const add = (kind: AuditKind, what: string, detail = '') => out.push({ at, author: head.author, authorName: who(head.author), kind, kindLabel: KIND_LABELS[kind], what, detail })
    const created = new Set(list.filter((r) => r.col === 'deleted' && val(r) === false).map((r) => r.row_id))
    // Reopened sheets.
    for (const r of list.filter((x) => x.tbl === 'score_sheets' && x.col === 'status' && val(x) === 'reopened')) {
      const s = sheetInfo.get(r.row_id)
      const reason = list.find((x) => x.row_id === r.row_id && x.col === 'reopen_reason')
      add('reopen', `${names.get(s?.expert_id ?? '') ?? ''}的评分表（第 ${s?.revision ?? '?'} 版）·${names.get(s?.project_id ?? '') ?? ''}`, reason ? `理由：${String(val(reason))}` : '')
    }
    // Panel opinions: overrides and signatures.
    for (const r of list.filter((x) => x.tbl === 'panel_opinions')) {
      const o = opinionInfo.get(r.row_id)
      const project = names.get(o?.project_id ?? '') ?? ''
      if (r.col === 'status' && val(r) === 'signed') add('panel-signed', `${project}：组长${names.get(o?.leader_id ?? '') ?? ''}签署专家组意见`)
      if (r.col === 'budget_overrides') {
        const v = (val(r) ?? {}) as Record<string, { amount: number; reason: string }>
        const entries = Object.entries(v)
        // Only a write that changed overrides (drafts written with the row carry none).
        if (entries.length === 0 && !list.some((x) => x.col === 'draft')) add('override', `${project}：取消全部核定调整`)
        else if (entries.length > 0) {
          const detail = entries
            .slice(0, 5)
            .map(([id, o2]) => `${(lineName.get(id) as { name: string } | undefined)?.name ?? id}→${o2.amount} 万元（${o2.reason}）`)
            .join('；')
          add('override', `${project}：调整核定 ${entries.length} 行`, detail + (entries.length > 5 ? '……' : ''))
        }
      }
    }
    // 组长.
    const leaders = list.filter((x) => x.tbl === 'experts' && x.col === 'is_leader')
    const newLeader = leaders.find((x) => val(x) === true)
    if (newLeader) add('leader', `指定组长：${names.get(newLeader.row_id) ?? ''}`)
    else if (leaders.length > 0 && !list.some((x) => x.tbl === 'experts' && x.col === 'deleted')) add('leader', `取消组长：${leaders.map((x) => names.get(x.row_id) ?? '').join('、')}`)
    // Fingerprints (not the empty value written when an expert is created).
    for (const r of list.filter((x) => x.tbl === 'experts' && x.col === 'key_fingerprint' && !created.has(x.row_id))) {
      const fp = String(val(r) ?? '')
      add('fingerprint', `${names.get(r.row_id) ?? ''}`, fp ? `指纹 ${fp.toUpperCase().replace(/(.{4})(?=.)/g, '$1 ')}` : '清除登记的指纹')
    }
    // Removals.
    for (const r of list.filter((x) => (x.tbl === 'experts' || x.tbl === 'projects') && x.col === 'deleted' && val(x) === true)) {
      add('removal', `${r.tbl === 'experts' ? '专家' : '项目'}：${names.get(r.row_id) ?? r.row_id}`)
    }
    // Assignments (grouped per action).
    const assignmentChanges = list.filter((x) => x.tbl === 'assignments' && x.col === 'deleted')
    if (assignmentChanges.length > 0 && !list.some((x) => x.tbl === 'projects' || (x.tbl === 'experts' && x.col === 'deleted'))) {
      const added = assignmentChanges.filter((x) => val(x) === false)
      const removed = assignmentChanges.filter((x) => val(x) === true)
      const describe = (xs: LogRow[]) =>
        xs
          .slice(0, 4)
          .map((x) => {
            const a = assignmentInfo.get(x.row_id)
            return `${names.get(a?.expert_id ?? '') ?? ''}—${names.get(a?.project_id ?? '') ?? ''}`
          })
          .join('；') + (xs.length > 4 ? '……' : '')
      if (added.length) add('assignment', `分配 ${added.length} 项`, describe(added))
      if (removed.length) add('assignment', `取消分配 ${removed.length} 项`, describe(removed))
    }
    // Meeting: merge rules and phase.
    for (const r of list.filter((x) => x.tbl === 'meetings')) {
      if (r.col === 'merge_method' && isMergeMethod(val(r)) && list.some((x) => x.col === 'settings')) {
        add('settings', `汇总方法：${MERGE_METHOD_NAMES[val(r) as keyof typeof MERGE_METHOD_NAMES]}`, summariseSettings(list.find((x) => x.col === 'settings')))
      }
      if (r.col === 'status' && val(r) === 'closed') add('closed', '会议结束并关闭，数据只读')
      if (r.col === 'status' && val(r) === 'open') add('phase', '会议开始，项目不再移除')
    }
  }
  out.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
  return out.slice(0, limit)
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
