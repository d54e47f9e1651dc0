/**
 * Before scoring: the 承诺书 (once per meeting) and the 回避 declaration (per project), with the conflicts the
 * app finds by comparing the project's 建设单位 and 编制单位 with the expert's current and past units.
 */
import { ApiError } from '../../../shared/api/errors'
import type { CommitmentView, ConflictView } from '../../../shared/api/reviewTypes'
import { COMMITMENT_TEXT } from '../../../shared/domain/commitment'
import { describeConflict, findConflicts, type UnitConflict } from '../../../shared/domain/conflict'
import { naturalId } from '../../../shared/domain/ids'
import type { ConflictDeclaration } from '../../../shared/domain/sheet'
import { sm3Hex } from '../../../shared/signing/sm'
import type { Db } from '../db/connection'
import { writeChanges } from '../db/changeWriter'
import { first } from '../db/query'
import { parseShownConflicts, sameWarnings } from '../../../shared/domain/shownConflicts'

export const COMMITMENT_DIGEST = sm3Hex(COMMITMENT_TEXT)

export function commitmentView(db: Db, meetingId: string, expertId: string): CommitmentView {
  const row = first(db, db.kysely.selectFrom('commitments').selectAll().where('id', '=', naturalId('commitment', meetingId, expertId)))
  return { meetingId, text: COMMITMENT_TEXT, textDigest: COMMITMENT_DIGEST, acceptedAt: row?.accepted_at ?? null }
}

export function acceptCommitment(db: Db, meetingId: string, expertId: string): CommitmentView {
  const e = first(db, db.kysely.selectFrom('experts').select('meeting_id').where('id', '=', expertId).where('deleted', '=', 0))
  if (!e || e.meeting_id !== meetingId) throw new ApiError('forbidden', '您不是本次会议的评审专家')
  const existing = commitmentView(db, meetingId, expertId)
  if (existing.acceptedAt) return existing
  writeChanges(db, expertId, (w) =>
    w.write('commitments', naturalId('commitment', meetingId, expertId), {
      meeting_id: meetingId,
      expert_id: expertId,
      accepted_at: new Date().toISOString(),
      text_digest: COMMITMENT_DIGEST
    })
  )
  return commitmentView(db, meetingId, expertId)
}

function parseUnits(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json)
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []
  } catch {
    return []
  }
}

/** Conflicts between a project and an expert: the meeting's data on the expert plus the expert's own profile. */
export function conflictsFor(db: Db, projectId: string, expertId: string): UnitConflict[] {
  const p = first(db, db.kysely.selectFrom('projects').select(['owner_unit', 'author_unit']).where('id', '=', projectId))
  const e = first(db, db.kysely.selectFrom('experts').select(['unit', 'past_units']).where('id', '=', expertId))
  if (!p || !e) return []
  const local = first(db, db.kysely.selectFrom('local_identity').select(['unit', 'past_units']).where('id', '=', expertId))
  const pastUnits = [...new Set([...parseUnits(e.past_units), ...(local ? parseUnits(local.past_units) : [])])]
  return findConflicts({ ownerUnit: p.owner_unit, authorUnit: p.author_unit }, { unit: e.unit, pastUnits })
}

export function declarationOf(db: Db, projectId: string, expertId: string): ConflictDeclaration | null {
  const row = first(db, db.kysely.selectFrom('declarations').selectAll().where('id', '=', naturalId('declaration', projectId, expertId)))
  if (!row) return null
  const shown = parseShownConflicts(row.shown_conflicts)
  return { kind: row.kind === 'recuse' ? 'recuse' : 'none', reason: row.reason, declaredAt: row.declared_at, ...(shown ? { shownConflicts: shown } : {}) }
}

/** The warnings shown to the expert, as the app shows them in the 回避声明 panel. */
function shownNow(db: Db, projectId: string, expertId: string): string[] {
  return conflictsFor(db, projectId, expertId).map(describeConflict)
}

export function conflictView(db: Db, projectId: string, expertId: string): ConflictView {
  return {
    projectId,
    conflicts: conflictsFor(db, projectId, expertId).map((c) => ({ ...c, description: describeConflict(c) })),
    declaration: declarationOf(db, projectId, expertId)
  }
}

/**
 * Records 无利害关系 or 申请回避. A recusal needs a reason; declaring 无利害关系 despite a detected conflict needs
 * an explanation too. Once the sheet is submitted, the declaration inside it is what counts.
 */
export function declare(db: Db, projectId: string, expertId: string, kind: 'none' | 'recuse', reason: string, shown?: readonly string[]): ConflictView {
  const p = first(db, db.kysely.selectFrom('projects').select(['meeting_id']).where('id', '=', projectId).where('deleted', '=', 0))
  if (!p) throw new ApiError('not_found', '找不到该项目，可能已被移除')
  const assigned = first(db, db.kysely.selectFrom('assignments').select('id').where('project_id', '=', projectId).where('expert_id', '=', expertId).where('deleted', '=', 0))
  if (!assigned) throw new ApiError('forbidden', '您未被分配评审该项目')
  const submitted = first(db, db.kysely.selectFrom('score_sheets').select('id').where('project_id', '=', projectId).where('expert_id', '=', expertId).where('status', '=', 'submitted'))
  if (submitted) throw new ApiError('conflict', '评分表已提交，回避声明不能再修改')
  const text = reason.trim()
  const warnings = shownNow(db, projectId, expertId)
  // The declaration records the warnings the expert saw: when the screen showed others (the units were changed
  // since it loaded), the expert must see the current ones before declaring.
  if (shown !== undefined && !sameWarnings(shown, warnings)) {
    throw new ApiError('conflict', '单位比对提示已更新（专家或项目单位有变化），请查看最新提示后再确认声明')
  }
  if (kind === 'recuse' && !text) throw new ApiError('invalid_input', '申请回避时请说明理由')
  if (kind === 'none' && warnings.length > 0 && !text) {
    throw new ApiError('invalid_input', '系统发现您的单位与本项目有关联，如确无利害关系，请说明理由')
  }
  writeChanges(db, expertId, (w) =>
    w.write('declarations', naturalId('declaration', projectId, expertId), {
      meeting_id: p.meeting_id,
      project_id: projectId,
      expert_id: expertId,
      kind,
      reason: text,
      declared_at: new Date().toISOString(),
      shown_conflicts: warnings
    })
  )
  return conflictView(db, projectId, expertId)
}
