/**
 * A closed meeting is read-only (issue 7): every write through the one write path (changeWriter) to a row that
 * belongs to a closed meeting is refused, whichever service makes it. The meeting of a row is found through
 * its table's link to the meeting (a meeting_id column, or a parent row). Changes received through sync are
 * applied by the sync engine, not here: the secretariat's close itself replicates that way.
 */
import { ApiError } from '../../../shared/api/errors'
import type { ReplicatedTable } from '../../../shared/sync/tables'
import type { Db } from './connection'
import { prepare } from './query'

type Link =
  | { kind: 'self' }
  | { kind: 'none' }
  | { kind: 'meeting'; col: 'meeting_id' }
  | { kind: 'parent'; col: string; parent: ReplicatedTable }

const M: Link = { kind: 'meeting', col: 'meeting_id' }
const parent = (col: string, p: ReplicatedTable): Link => ({ kind: 'parent', col, parent: p })

/** How each replicated table reaches its meeting (a new table adds one line here). */
export const MEETING_LINKS: Record<ReplicatedTable, Link> = {
  meetings: { kind: 'self' },
  // Rubric versions are immutable and shared between meetings.
  rubrics: { kind: 'none' },
  projects: M,
  experts: M,
  assignments: M,
  score_sheets: M,
  commitments: M,
  declarations: M,
  panel_opinions: M,
  deviation_notes: M,
  budget_basis_requests: M,
  project_versions: M,
  followup_items: M,
  followup_opinions: M,
  meeting_price_refs: M,
  meeting_rule_sets: M,
  scores: parent('sheet_id', 'score_sheets'),
  opinions: parent('sheet_id', 'score_sheets'),
  budget_reviews: parent('sheet_id', 'score_sheets'),
  expert_signatures: parent('expert_id', 'experts'),
  packages: parent('project_id', 'projects'),
  document_notes: parent('project_id', 'projects'),
  package_files: parent('package_id', 'packages')
}

export const CLOSED_MEETING_MESSAGE = '会议已结束并关闭，数据只读，不能再修改。如需更正，请另行组织复核。'

/** Per-transaction memo of the meeting of (table, id). */
export type MeetingMemo = Map<string, string | null>

/** The meeting a row belongs to (null for shared rows, or a row whose parent does not exist). */
export function meetingOfRow(db: Db, table: ReplicatedTable, id: string, fields: Record<string, unknown>, memo: MeetingMemo): string | null {
  const link = MEETING_LINKS[table]
  if (link.kind === 'none') return null
  if (link.kind === 'self') return id
  const key = `${table}\u0000${id}`
  if (memo.has(key)) return memo.get(key) ?? null
  let ref = fields[link.col]
  if (typeof ref !== 'string') {
    const row = prepare(db, `SELECT "${link.col}" AS v FROM "${table}" WHERE id = ?`).get(id) as { v: string } | undefined
    ref = row?.v
  }
  let meeting: string | null = null
  if (typeof ref === 'string') meeting = link.kind === 'meeting' ? ref : meetingOfRow(db, link.parent, ref, {}, memo)
  memo.set(key, meeting)
  return meeting
}

/** Throws when the row belongs to a closed meeting. */
export function assertRowWritable(db: Db, table: ReplicatedTable, id: string, fields: Record<string, unknown>, memo: MeetingMemo): void {
  const meetingId = meetingOfRow(db, table, id, fields, memo)
  if (meetingId === null) return
  const key = `closed\u0000${meetingId}`
  let closed = memo.get(key)
  if (closed === undefined) {
    const row = prepare(db, 'SELECT status FROM meetings WHERE id = ?').get(meetingId) as { status: string } | undefined
    closed = row?.status === 'closed' ? 'closed' : null
    memo.set(key, closed)
  }
  if (closed === 'closed') throw new ApiError('conflict', CLOSED_MEETING_MESSAGE)
}
