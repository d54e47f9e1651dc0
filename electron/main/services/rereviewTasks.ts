/**
 * 我的评审's re-reviews (issue 12, item 5): the 修改稿 versions of the meeting whose 复核 names the expert this laptop
 * acts as (or that expert is the 组长, who signs every 专家组复核意见), with the checklist's progress, the state of the
 * expert's own signature and what is left to do.
 */
import type { RereviewTask } from '../../../shared/api/followupTypes'
import type { BlobStore } from '../blobs/store'
import type { Db } from '../db/connection'
import { all, first } from '../db/query'
import { actingExpertOrNull } from './acting'
import { followupChecklist } from './followupChecklist'
import { followupOpinionView } from './followupOpinion'

const MAX_TASKS = 200

function parseIds(text: string): string[] {
  try {
    const v = JSON.parse(text) as unknown
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []
  } catch {
    return []
  }
}

export async function rereviewTasks(db: Db, blobs: BlobStore, meetingId: string): Promise<RereviewTask[]> {
  const me = actingExpertOrNull(db)
  if (!me) return []
  const leader = first(db, db.kysely.selectFrom('experts').select('id').where('meeting_id', '=', meetingId).where('is_leader', '=', 1).where('deleted', '=', 0))
  const rows = all(
    db,
    db.kysely
      .selectFrom('project_versions as v')
      .innerJoin('projects as p', 'p.id', 'v.project_id')
      .select(['v.id', 'v.project_id', 'v.version', 'v.stage', 'v.reviewers', 'p.name', 'p.sort_order'])
      .where('v.meeting_id', '=', meetingId)
      .where('v.deleted', '=', 0)
      .orderBy('p.sort_order')
      .orderBy('v.version', 'desc')
      .limit(MAX_TASKS)
  )
  const out: RereviewTask[] = []
  const seen = new Set<string>()
  for (const r of rows) {
    // The newest version of each project is the one re-reviewed.
    if (seen.has(r.project_id)) continue
    seen.add(r.project_id)
    const named = parseIds(r.reviewers)
    const isLeader = leader?.id === me
    if (named.length === 0 || (!named.includes(me) && !isLeader)) continue
    const checklist = await followupChecklist(db, blobs, r.id)
    const opinion = await followupOpinionView(db, blobs, r.id)
    const mine = opinion.signers.find((s) => s.id === me)?.state ?? 'unsigned'
    const todo: string[] = []
    // The verdicts are recorded on the secretariat's laptop, not here: the expert waits for them before signing.
    if (checklist.counts.pending > 0) todo.push(`等待秘书处核完整改落实表（还有 ${checklist.counts.pending} 条待核），核完后再签署`)
    if (mine === 'unsigned') todo.push(isLeader ? '签署专家组复核意见（给出复核结论）' : '签署专家组复核意见')
    if (mine === 'stale') todo.push('复核意见签署后有变化，需重新签署')
    out.push({
      versionId: r.id,
      projectId: r.project_id,
      projectName: r.name,
      version: r.version,
      stage: (['received', 'rereview', 'done'] as const).find((s) => s === r.stage) ?? 'received',
      role: isLeader ? '组长' : '复核专家',
      counts: checklist.counts,
      mySignature: mine,
      todo
    })
  }
  return out
}
