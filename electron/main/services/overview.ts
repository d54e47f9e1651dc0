/** 我的评审: the acting expert's assigned projects in a meeting, each with its status and what is left to do. */
import type { ReviewOverview, ReviewOverviewItem, ReviewStatus } from '../../../shared/api/reviewTypes'
import { submissionProblems } from '../../../shared/domain/submission'
import type { Db } from '../db/connection'
import { all, first } from '../db/query'
import { commitmentView, conflictsFor, declarationOf } from './declarations'
import { getMeetingRow } from './meetings'
import { loadRubric } from './rubrics'
import { latestSheet, toSheetView } from './sheets'

export function reviewOverview(db: Db, meetingId: string, expertId: string | null): ReviewOverview {
  const meeting = getMeetingRow(db, meetingId)
  const expert = expertId
    ? first(db, db.kysely.selectFrom('experts').selectAll().where('id', '=', expertId).where('meeting_id', '=', meetingId).where('deleted', '=', 0))
    : undefined
  if (!expert) {
    return { meetingId, meetingName: meeting.name, expertId: null, expertName: null, commitmentAccepted: false, items: [] }
  }
  const rubric = loadRubric(db, meeting.rubric_id)
  const committed = !!commitmentView(db, meetingId, expert.id).acceptedAt
  const hasKey = !!first(db, db.kysely.selectFrom('local_identity').select('id').where('id', '=', expert.id).where('key_blob', 'is not', null))
  const projects = all(
    db,
    db.kysely
      .selectFrom('projects as p')
      .innerJoin('assignments as a', 'a.project_id', 'p.id')
      .selectAll('p')
      .where('a.expert_id', '=', expert.id)
      .where('a.deleted', '=', 0)
      .where('p.deleted', '=', 0)
      .where('p.meeting_id', '=', meetingId)
      .orderBy('p.sort_order')
  )
  const items = projects.map((p): ReviewOverviewItem => {
    const declaration = declarationOf(db, p.id, expert.id)
    const sheet = latestSheet(db, p.id, expert.id)
    const view = sheet ? toSheetView(db, sheet, rubric) : null
    let status: ReviewStatus
    let todo: string[] = []
    if (declaration?.kind === 'recuse') status = '已回避'
    else if (sheet?.status === 'submitted') status = '已提交'
    else if (sheet?.status === 'reopened') {
      status = '已退回'
      todo = [`秘书处退回：${sheet.reopen_reason}`]
    } else if (view) {
      status = '评审中'
      todo = submissionProblems(rubric, {
        scores: view.scores,
        opinions: view.opinions,
        conclusion: view.conclusion,
        declaration,
        commitmentAccepted: committed,
        hasKey
      }).map((x) => x.message)
    } else {
      status = '未开始'
      todo = [...(committed ? [] : ['签署评审承诺书']), ...(declaration ? [] : ['作出回避声明']), '逐项评分并选择结论', '签名提交']
    }
    return {
      projectId: p.id,
      projectName: p.name,
      ownerUnit: p.owner_unit,
      declaredInvestment: p.declared_investment,
      status,
      todo,
      total: view ? view.totals.total : null,
      hasConflictHint: conflictsFor(db, p.id, expert.id).length > 0
    }
  })
  return { meetingId, meetingName: meeting.name, expertId: expert.id, expertName: expert.name, commitmentAccepted: committed, items }
}
