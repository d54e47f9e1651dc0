/** Row ↔ API object mapping for meetings, projects and experts. */
import type { ExpertSummary, MeetingSummary, ProjectSummary } from '../../../shared/api/types'
import type { ExpertsTable, MeetingsTable, ProjectsTable } from '../db/schema'

export function toMeetingSummary(row: MeetingsTable, projectCount: number, expertCount: number): MeetingSummary {
  return {
    id: row.id,
    name: row.name,
    date: row.date,
    place: row.place,
    organiser: row.organiser,
    status: row.status,
    isDemo: row.is_demo === 1,
    projectCount,
    expertCount
  }
}

export function toProjectSummary(row: ProjectsTable): ProjectSummary {
  return {
    id: row.id,
    meetingId: row.meeting_id,
    name: row.name,
    code: row.code,
    ownerUnit: row.owner_unit,
    authorUnit: row.author_unit,
    declaredInvestment: row.declared_investment,
    approvedEstimate: row.approved_estimate,
    summary: row.summary,
    sortOrder: row.sort_order
  }
}

export function toExpertSummary(row: ExpertsTable): ExpertSummary {
  return {
    id: row.id,
    meetingId: row.meeting_id,
    name: row.name,
    unit: row.unit,
    title: row.title,
    specialty: row.specialty,
    isLeader: row.is_leader === 1
  }
}
