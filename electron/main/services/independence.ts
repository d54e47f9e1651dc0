/**
 * Independent scoring (DOMAIN.md): an expert does not see other experts' scores for a project before submitting
 * their own. The sync server withholds them; a shared folder cannot, so every view of merged scores on a device
 * acting as an expert applies the same rule here. A device acting as nobody (the secretariat) sees everything.
 */
import { ApiError } from '../../../shared/api/errors'
import type { MeetingMergeView } from '../../../shared/api/secretariatTypes'
import type { Db } from '../db/connection'
import { first } from '../db/query'
import { declarationOf } from './declarations'
import { latestSheet } from './sheets'

export const WAIT_FOR_OWN_SUBMISSION = '为保证独立评审，提交本人对该项目的评分表之前，不能查看其他专家的评分'

/** Whether the expert must submit their own sheet for this project before seeing others' scores. */
export function mustSubmitFirst(db: Db, projectId: string, expertId: string | null): boolean {
  if (!expertId) return false
  const assigned = first(db, db.kysely.selectFrom('assignments').select('id').where('project_id', '=', projectId).where('expert_id', '=', expertId).where('deleted', '=', 0))
  if (!assigned) return false
  if (declarationOf(db, projectId, expertId)?.kind === 'recuse') return false
  const sheet = latestSheet(db, projectId, expertId)
  return !sheet || sheet.status === 'draft'
}

export function assertMayViewScores(db: Db, projectId: string, expertId: string | null): void {
  if (mustSubmitFirst(db, projectId, expertId)) throw new ApiError('forbidden', WAIT_FOR_OWN_SUBMISSION)
}

/** The merged view with the scores of every project the expert has not submitted yet taken out. */
export function withoutUnsubmitted(db: Db, view: MeetingMergeView, expertId: string | null): MeetingMergeView {
  if (!expertId) return view
  const hidden = new Set(view.projects.filter((p) => mustSubmitFirst(db, p.projectId, expertId)).map((p) => p.projectId))
  if (hidden.size === 0) return view
  return {
    ...view,
    projects: view.projects.map((p) =>
      hidden.has(p.projectId)
        ? { ...p, counted: [], merge: null, notes: [], missing: [{ expertId, name: '', reason: WAIT_FOR_OWN_SUBMISSION }] }
        : p
    ),
    ranking: view.ranking.map((r) => (hidden.has(r.projectId) ? { ...r, total: null, rank: null } : r))
  }
}
