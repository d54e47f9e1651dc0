/**
 * Merging (issue 7): per project and dimension the merged score by the meeting's method with each counted
 * expert's score beside it and deviations flagged; the experts' 偏离说明; a ranking of projects; the budget merged
 * line by line (the 组长's overrides applied). Only sheets with a valid signature against the registered key
 * are counted (board.ts). The maths is shared/domain/merge.ts.
 */
import { unionReviewedLines } from '../../../shared/signing/reviewedLines'
import { ApiError } from '../../../shared/api/errors'
import { projectVetoes } from './sheets'
import type { DeviationNoteView, MeetingMergeView, ProjectBudgetView, ProjectMergeView } from '../../../shared/api/secretariatTypes'
import {
  mergeBudget,
  mergeProject,
  rankProjects,
  type BudgetLineInput,
  type BudgetMerge,
  type BudgetOverride,
  type ExpertScores,
  type MeetingSettings
} from '../../../shared/domain/merge'
import type { RubricDefinition } from '../../../shared/domain/rubric'
import { vetoOverrideOf } from '../../../shared/domain/vetoOverride'
import { deviationNoteRowId } from '../../../shared/sync/rowIds'
import type { Db } from '../db/connection'
import { writeChanges } from '../db/changeWriter'
import { all, first } from '../db/query'
import { collectMeeting, type Collected, type CollectedProject } from './board'
import { meetingSettings } from './console'
import { loadRubric } from './rubrics'
import { projectSkeleton } from './budgetReview'
import { groupLabel, groupTotals, linesOutside, sumLines, type BudgetSkeleton } from '../../../shared/domain/budgetSkeleton'

function expertScores(p: CollectedProject): ExpertScores[] {
  return p.cells
    .filter((c) => c.counted && c.sheet)
    .map((c) => ({
      expertId: c.expertId,
      name: c.name,
      dimensionTotals: c.sheet!.dimensionTotals,
      total: c.sheet!.total,
      conclusion: c.sheet!.conclusion
    }))
}

function notesOf(db: Db, meetingId: string): Map<string, DeviationNoteView[]> {
  const out = new Map<string, DeviationNoteView[]>()
  for (const n of all(db, db.kysely.selectFrom('deviation_notes').selectAll().where('meeting_id', '=', meetingId))) {
    if (!n.text.trim()) continue
    const list = out.get(n.project_id) ?? []
    list.push({ expertId: n.expert_id, dimensionId: n.dimension_id, text: n.text, updatedAt: n.updated_at })
    out.set(n.project_id, list)
  }
  return out
}

export function projectMergeView(
  p: CollectedProject,
  rubric: RubricDefinition,
  settings: MeetingSettings,
  notes: DeviationNoteView[],
  vetoes: readonly { reason: string }[] = []
): ProjectMergeView {
  const scores = expertScores(p)
  const vetoReasons = vetoes.map((v) => v.reason)
  return {
    projectId: p.project.id,
    name: p.project.name,
    counted: p.cells.filter((c) => c.counted && c.sheet).map((c) => ({ expertId: c.expertId, name: c.name, conclusion: c.sheet!.conclusion, revision: c.revision ?? 1 })),
    missing: p.cells.filter((c) => !c.counted && c.state !== 'recused').map((c) => ({ expertId: c.expertId, name: c.name, reason: `${c.label}：${c.detail}` })),
    merge: scores.length > 0 ? mergeProject(rubric, scores, settings, vetoes) : null,
    notes,
    vetoOverrides: p.cells.flatMap((c) => (c.counted && c.sheet ? [vetoOverrideOf(c.sheet, vetoReasons)] : [])).filter((o) => o !== null)
  }
}

/**
 * The merge of every project of a meeting, and the ranking. A caller that also merges the budgets passes the
 * collection it already has, so that the sheets are read and checked once (`collected` must be of this meeting).
 */
export function mergeMeeting(db: Db, meetingId: string, collected?: Collected): MeetingMergeView {
  const c = collected ?? collectMeeting(db, meetingId)
  const rubric = loadRubric(db, c.meeting.rubric_id)
  const settings = meetingSettings(db, c.meeting)
  const notes = notesOf(db, meetingId)
  const projects = c.projects.map((p) => projectMergeView(p, rubric, settings, notes.get(p.project.id) ?? [], projectVetoes(db, p.project.id)))
  return {
    meetingId,
    settings,
    projects,
    ranking: rankProjects(projects.map((p) => ({ projectId: p.projectId, name: p.name, total: p.merge ? p.merge.total.merged : null })))
  }
}

/** The budget lines of the counted sheets as merge input (lines in the order of the first sheet, then added lines). */
export function budgetInput(p: CollectedProject): { experts: { expertId: string; name: string }[]; lines: BudgetLineInput[] } {
  const counted = p.cells.filter((c) => c.counted && c.sheet)
  const first = counted[0]?.sheet
  if (!first) return { experts: [], lines: [] }
  const indexes = counted.map((c) => new Map(c.sheet!.budgetReview.map((l) => [l.lineId, l])))
  const lines = unionReviewedLines(counted.map((c) => c.sheet!)).map((line): BudgetLineInput => ({
    lineId: line.lineId,
    name: line.name,
    category: line.category,
    submitted: line.submittedAmount,
    approvals: counted.map((c, i) => {
      const r = indexes[i]!.get(line.lineId)
      return { expertId: c.expertId, amount: r ? (r.approvedAmount ?? r.submittedAmount) : line.submittedAmount, reason: r?.reason ?? null }
    })
  }))
  return { experts: counted.map((c) => ({ expertId: c.expertId, name: c.name })), lines }
}

export function projectBudgetMerge(p: CollectedProject, settings: MeetingSettings, overrides: Record<string, BudgetOverride>): { experts: { expertId: string; name: string }[]; merge: BudgetMerge } {
  const input = budgetInput(p)
  return { experts: input.experts, merge: mergeBudget(input.lines, settings.budgetMergeMethod, overrides) }
}

/** The current panel opinion row's overrides (the row of the current 组长), or none. */
export function currentOverrides(db: Db, projectId: string, leaderId: string | null): Record<string, BudgetOverride> {
  if (!leaderId) return {}
  const row = first(db, db.kysely.selectFrom('panel_opinions').select('budget_overrides').where('project_id', '=', projectId).where('leader_id', '=', leaderId).where('deleted', '=', 0))
  if (!row) return {}
  try {
    return JSON.parse(row.budget_overrides) as Record<string, BudgetOverride>
  } catch {
    return {}
  }
}

export function projectBudget(db: Db, projectId: string, limit = 200): ProjectBudgetView {
  const project = first(db, db.kysely.selectFrom('projects').select('meeting_id').where('id', '=', projectId).where('deleted', '=', 0))
  if (!project) throw new ApiError('not_found', '找不到该项目，可能已被移除')
  const c = collectMeeting(db, project.meeting_id, projectId)
  const p = c.projects[0]
  if (!p) throw new ApiError('not_found', '找不到该项目，可能已被移除')
  const settings = meetingSettings(db, c.meeting)
  const leader = c.experts.find((e) => e.is_leader === 1)
  const { experts, merge } = projectBudgetMerge(p, settings, currentOverrides(db, projectId, leader?.id ?? null))
  const skeleton = projectSkeleton(db, projectId)
  const labels = groupLabels(skeleton)
  return {
    projectId,
    method: merge.method,
    experts,
    lines: merge.lines.slice(0, limit).map(({ order: _o, ...l }) => ({ ...l, group: labels.get(skeleton.groupOf[l.lineId] ?? '') ?? '' })),
    groups: structureTotals(skeleton, merge.lines),
    categories: merge.categories,
    total: merge.total,
    shown: Math.min(limit, merge.lines.length),
    lineCount: merge.lines.length
  }
}

/** Each line's group as the merge table names it: the path of labels ("一、工程费用 › （一）硬件设备购置"). */
function groupLabels(sk: BudgetSkeleton): Map<string, string> {
  const out = new Map<string, string>()
  for (const g of sk.groups) {
    const parent = g.parentId ? out.get(g.parentId) : undefined
    out.set(g.id, parent ? `${parent} › ${groupLabel(g)}` : groupLabel(g))
  }
  return out
}

/**
 * The merged budget in the submitted structure (issue 14 item 2): every group with its 小计 (审减 and 核增 apart),
 * in budget order, then the lines outside any group (lines no group holds, lines experts added) as one row.
 */
export function structureTotals(sk: BudgetSkeleton, lines: readonly { lineId: string; submitted: number; approved: number }[]): ProjectBudgetView['groups'] {
  const totals = groupTotals(sk, lines)
  const out: ProjectBudgetView['groups'] = sk.groups.flatMap((g) => {
    const t = totals.get(g.id)
    if (!t || t.lineCount === 0) return []
    const { lineCount: _n, ...sums } = t
    return [{ id: g.id, label: groupLabel(g), depth: g.depth, ...sums }]
  })
  const outside = linesOutside(sk, lines)
  if (outside.length > 0) out.push({ id: '', label: '不属于任何分组的行', depth: 0, ...sumLines(outside) })
  return out
}

// ---------------------------------------------------------------------------------------------------------
// 偏离说明 (the expert's own note on a flagged score)
// ---------------------------------------------------------------------------------------------------------

/** The acting expert's flags on their own counted sheet of a project (after submitting), with their notes. */
export function myDeviations(db: Db, projectId: string, expertId: string) {
  const project = first(db, db.kysely.selectFrom('projects').select('meeting_id').where('id', '=', projectId).where('deleted', '=', 0))
  if (!project) throw new ApiError('not_found', '找不到该项目，可能已被移除')
  const c = collectMeeting(db, project.meeting_id, projectId)
  const p = c.projects[0]
  const mine = p?.cells.find((x) => x.expertId === expertId)
  if (!p || !mine?.counted) return { flags: [] as { dimensionId: string; name: string; score: number; median: number; threshold: number; note: string }[] }
  const rubric = loadRubric(db, c.meeting.rubric_id)
  const view = projectMergeView(p, rubric, meetingSettings(db, c.meeting), notesOf(db, project.meeting_id).get(projectId) ?? [], projectVetoes(db, projectId))
  const flags = (view.merge?.dimensions ?? []).flatMap((d) => {
    const s = d.scores.find((x) => x.expertId === expertId && x.flagged)
    if (!s) return []
    const note = view.notes.find((n) => n.expertId === expertId && n.dimensionId === d.id)?.text ?? ''
    return [{ dimensionId: d.id, name: d.name, score: s.score, median: d.median, threshold: d.threshold, note }]
  })
  return { flags }
}

export function setDeviationNote(db: Db, projectId: string, expertId: string, dimensionId: string, text: string): DeviationNoteView {
  const project = first(db, db.kysely.selectFrom('projects').select('meeting_id').where('id', '=', projectId).where('deleted', '=', 0))
  if (!project) throw new ApiError('not_found', '找不到该项目，可能已被移除')
  const meeting = first(db, db.kysely.selectFrom('meetings').select('rubric_id').where('id', '=', project.meeting_id))
  const rubric = loadRubric(db, meeting!.rubric_id)
  if (!rubric.dimensions.some((d) => d.id === dimensionId)) throw new ApiError('invalid_input', '未知的评分维度')
  const now = new Date().toISOString()
  writeChanges(db, expertId, (w) =>
    w.write('deviation_notes', deviationNoteRowId(projectId, expertId, dimensionId), {
      meeting_id: project.meeting_id,
      project_id: projectId,
      expert_id: expertId,
      dimension_id: dimensionId,
      text: text.trim(),
      updated_at: now
    })
  )
  return { expertId, dimensionId, text: text.trim(), updatedAt: now }
}
