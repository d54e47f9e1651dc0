/**
 * The assignment matrix (projects × experts) with 回避 flags from unit names (findConflicts) and declared
 * recusals, panel size checks (odd number, a minimum per project: the meeting's settings), and one-click
 * "everyone reviews everything" (skipping pairs with a unit conflict).
 */
import { ApiError } from '../../../shared/api/errors'
import type { AssignmentMatrix, MatrixRow } from '../../../shared/api/secretariatTypes'
import { describeConflict, findConflicts } from '../../../shared/domain/conflict'
import { panelSizeProblems } from '../../../shared/domain/merge'
import { parseShownConflicts } from '../../../shared/domain/shownConflicts'
import type { Db } from '../db/connection'
import { writeChanges } from '../db/changeWriter'
import { all, first } from '../db/query'
import { SECRETARIAT } from './authors'
import { assignmentRowId, meetingExperts, meetingProjects, meetingSettings, toConsoleExpert } from './console'
import { getMeetingRow } from './meetings'

/** A warning as the expert read it ("您的…"), worded for the secretariat ("张三的…"). */
function forSecretariat(warning: string, expertName: string): string {
  return warning.replace('您的', `${expertName}的`)
}

export function assignmentMatrix(db: Db, meetingId: string): AssignmentMatrix {
  const meeting = getMeetingRow(db, meetingId)
  const settings = meetingSettings(db, meeting)
  const experts = meetingExperts(db, meetingId).map(toConsoleExpert)
  const projects = meetingProjects(db, meetingId)
  const assigned = new Set(
    all(db, db.kysely.selectFrom('assignments').select(['project_id', 'expert_id']).where('meeting_id', '=', meetingId).where('deleted', '=', 0)).map(
      (a) => `${a.project_id}|${a.expert_id}`
    )
  )
  const names = new Map(experts.map((e) => [e.id, e.name]))
  const declarations = new Map(
    all(db, db.kysely.selectFrom('declarations').select(['project_id', 'expert_id', 'kind', 'reason', 'declared_at', 'shown_conflicts']).where('meeting_id', '=', meetingId)).map((a) => [
      `${a.project_id}|${a.expert_id}`,
      {
        kind: a.kind === 'recuse' ? ('recuse' as const) : ('none' as const),
        reason: a.reason,
        declaredAt: a.declared_at,
        shownConflicts: parseShownConflicts(a.shown_conflicts)?.map((w) => forSecretariat(w, names.get(a.expert_id) ?? '')) ?? null
      }
    ])
  )
  const sheets = new Set(
    all(db, db.kysely.selectFrom('score_sheets').select(['project_id', 'expert_id']).where('meeting_id', '=', meetingId).where('deleted', '=', 0)).map(
      (a) => `${a.project_id}|${a.expert_id}`
    )
  )
  const rows: MatrixRow[] = projects.map((p) => {
    const cells = experts.map((e) => {
      const k = `${p.id}|${e.id}`
      return {
        expertId: e.id,
        assigned: assigned.has(k),
        conflicts: findConflicts({ ownerUnit: p.owner_unit, authorUnit: p.author_unit }, { unit: e.unit, pastUnits: e.pastUnits }).map((c) =>
          forSecretariat(describeConflict(c), e.name)
        ),
        recused: declarations.get(k)?.kind === 'recuse',
        declaration: declarations.get(k) ?? null,
        hasSheet: sheets.has(k)
      }
    })
    const panelSize = cells.filter((c) => c.assigned && !c.recused).length
    const problems = panelSizeProblems(panelSize, settings.panel)
    const conflicted = cells.filter((c) => c.assigned && c.conflicts.length > 0 && !c.recused)
    if (conflicted.length > 0) {
      problems.push(`${conflicted.map((c) => experts.find((e) => e.id === c.expertId)?.name ?? '').join('、')}与项目单位可能存在关联，请确认是否回避`)
    }
    return { projectId: p.id, name: p.name, ownerUnit: p.owner_unit, authorUnit: p.author_unit, cells, panelSize, problems }
  })
  return {
    experts: experts.map((e) => ({ id: e.id, name: e.name, unit: e.unit, isLeader: e.isLeader })),
    rows,
    rules: settings.panel,
    problemCount: rows.reduce((n, r) => n + r.problems.length, 0)
  }
}

function check(db: Db, meetingId: string, projectId: string, expertId: string): void {
  const p = first(db, db.kysely.selectFrom('projects').select('meeting_id').where('id', '=', projectId).where('deleted', '=', 0))
  const e = first(db, db.kysely.selectFrom('experts').select('meeting_id').where('id', '=', expertId).where('deleted', '=', 0))
  if (!p || !e || p.meeting_id !== meetingId || e.meeting_id !== meetingId) throw new ApiError('not_found', '找不到该项目或专家')
}

/** Assigns (or unassigns) one expert to one project. Unassigning is refused once the expert has a sheet for it. */
export function setAssignment(db: Db, meetingId: string, projectId: string, expertId: string, assigned: boolean): AssignmentMatrix {
  getMeetingRow(db, meetingId)
  check(db, meetingId, projectId, expertId)
  if (!assigned && first(db, db.kysely.selectFrom('score_sheets').select('id').where('project_id', '=', projectId).where('expert_id', '=', expertId).where('deleted', '=', 0))) {
    throw new ApiError('conflict', '该专家已开始评审此项目，不能取消分配（可退回评分表或由专家申请回避）')
  }
  writeChanges(db, SECRETARIAT, (w) =>
    w.write('assignments', assignmentRowId(projectId, expertId), { meeting_id: meetingId, project_id: projectId, expert_id: expertId, deleted: !assigned })
  )
  return assignmentMatrix(db, meetingId)
}

/** Every expert reviews every project, except pairs with a unit conflict (those stay as they are). */
export function assignEveryone(db: Db, meetingId: string): AssignmentMatrix {
  const matrix = assignmentMatrix(db, meetingId)
  writeChanges(db, SECRETARIAT, (w) => {
    for (const row of matrix.rows) {
      for (const c of row.cells) {
        if (c.assigned || c.conflicts.length > 0 || c.recused) continue
        w.write('assignments', assignmentRowId(row.projectId, c.expertId), { meeting_id: meetingId, project_id: row.projectId, expert_id: c.expertId, deleted: false })
      }
    }
  })
  return assignmentMatrix(db, meetingId)
}
