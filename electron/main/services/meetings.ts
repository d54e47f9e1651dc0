/** Meetings, with their projects and experts (read side), and creating a meeting. */
import type { MeetingDetail, MeetingSummary } from '../../../shared/api/types'
import { ApiError } from '../../../shared/api/errors'
import { uuidv7 } from '../../../shared/domain/ids'
import type { Db } from '../db/connection'
import { writeChanges } from '../db/changeWriter'
import { all, first } from '../db/query'
import { SECRETARIAT } from './authors'
import { toExpertSummary, toMeetingSummary, toProjectSummary } from './mappers'
import { DEFAULT_RUBRIC, ensureRubric, loadRubric } from './rubrics'

export function listMeetings(db: Db): MeetingSummary[] {
  const rows = all(
    db,
    db.kysely
      .selectFrom('meetings as m')
      .selectAll('m')
      .select((eb) => [
        eb
          .selectFrom('projects as p')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('p.meeting_id', '=', 'm.id')
          .where('p.deleted', '=', 0)
          .as('project_count'),
        eb
          .selectFrom('experts as e')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('e.meeting_id', '=', 'm.id')
          .where('e.deleted', '=', 0)
          .as('expert_count')
      ])
      .where('m.deleted', '=', 0)
      .orderBy('m.date', 'desc')
      .orderBy('m.id', 'desc')
  )
  return rows.map((r) => toMeetingSummary(r, Number(r.project_count ?? 0), Number(r.expert_count ?? 0)))
}

export function getMeetingRow(db: Db, meetingId: string) {
  const row = first(db, db.kysely.selectFrom('meetings').selectAll().where('id', '=', meetingId).where('deleted', '=', 0))
  if (!row) throw new ApiError('not_found', '找不到该会议，可能已被删除')
  return row
}

export function getMeeting(db: Db, meetingId: string): MeetingDetail {
  const row = getMeetingRow(db, meetingId)
  const projects = all(
    db,
    db.kysely
      .selectFrom('projects')
      .selectAll()
      .where('meeting_id', '=', meetingId)
      .where('deleted', '=', 0)
      .orderBy('sort_order')
      .orderBy('id')
  ).map(toProjectSummary)
  const experts = all(
    db,
    db.kysely
      .selectFrom('experts')
      .selectAll()
      .where('meeting_id', '=', meetingId)
      .where('deleted', '=', 0)
      .orderBy('is_leader', 'desc')
      .orderBy('id')
  ).map(toExpertSummary)
  const rubric = loadRubric(db, row.rubric_id)
  return {
    ...toMeetingSummary(row, projects.length, experts.length),
    projects,
    experts,
    rubric: { id: row.rubric_id, name: rubric.name, version: rubric.version }
  }
}

export interface NewMeeting {
  name: string
  date: string
  place: string
  organiser: string
  isDemo?: boolean
}

export function createMeeting(db: Db, input: NewMeeting): MeetingSummary {
  const id = uuidv7()
  writeChanges(db, SECRETARIAT, (w) => {
    const rubricId = ensureRubric(db, w, DEFAULT_RUBRIC)
    w.write('meetings', id, {
      name: input.name,
      date: input.date,
      place: input.place,
      organiser: input.organiser,
      rubric_id: rubricId,
      merge_method: 'mean',
      status: 'preparing',
      is_demo: input.isDemo ?? false,
      created_at: new Date().toISOString(),
      deleted: false
    })
  })
  return toMeetingSummary(getMeetingRow(db, id), 0, 0)
}
