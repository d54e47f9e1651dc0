/**
 * The demo meeting (示例) that a first run shows: three projects, five experts, everyone assigned.
 * Clearly marked as 示例 and removable; it is seeded once per database and never comes back by itself.
 */
import demoJson from '../../../resources/demo/meeting.json'
import { z } from 'zod'
import type { MeetingSummary } from '../../../shared/api/types'
import { uuidv7, naturalId } from '../../../shared/domain/ids'
import type { Db } from '../db/connection'
import { writeChanges } from '../db/changeWriter'
import { all } from '../db/query'
import { SECRETARIAT } from './authors'
import { createMeeting } from './meetings'
import { getSetting, setSetting, SETTING_ACTING_EXPERT, SETTING_DEMO_SEEDED } from './settings'

const demoSchema = z.object({
  meeting: z.object({ name: z.string(), date: z.string(), place: z.string(), organiser: z.string() }),
  projects: z.array(
    z.object({
      name: z.string(),
      code: z.string(),
      ownerUnit: z.string(),
      authorUnit: z.string(),
      declaredInvestment: z.number(),
      approvedEstimate: z.number().nullable(),
      summary: z.string()
    })
  ),
  experts: z.array(
    z.object({
      name: z.string(),
      unit: z.string(),
      title: z.string(),
      specialty: z.string(),
      phone: z.string(),
      pastUnits: z.array(z.string()),
      isLeader: z.boolean()
    })
  )
})

const DEMO = demoSchema.parse(demoJson)

export function seedDemo(db: Db): MeetingSummary {
  const meeting = createMeeting(db, { ...DEMO.meeting, isDemo: true })
  let firstExpertId = ''
  writeChanges(db, SECRETARIAT, (w) => {
    const projectIds = DEMO.projects.map((p, i) => {
      const id = uuidv7()
      w.write('projects', id, {
        meeting_id: meeting.id,
        name: p.name,
        code: p.code,
        owner_unit: p.ownerUnit,
        author_unit: p.authorUnit,
        declared_investment: p.declaredInvestment,
        approved_estimate: p.approvedEstimate,
        summary: p.summary,
        sort_order: i + 1,
        deleted: false
      })
      return id
    })
    for (const e of DEMO.experts) {
      const id = uuidv7()
      if (!firstExpertId) firstExpertId = id
      w.write('experts', id, {
        meeting_id: meeting.id,
        name: e.name,
        unit: e.unit,
        title: e.title,
        specialty: e.specialty,
        phone: e.phone,
        past_units: e.pastUnits,
        is_leader: e.isLeader,
        key_fingerprint: '',
        deleted: false
      })
      for (const projectId of projectIds) {
        w.write('assignments', naturalId('assignment', projectId, id), {
          meeting_id: meeting.id,
          project_id: projectId,
          expert_id: id,
          deleted: false
        })
      }
    }
  })
  setSetting(db, SETTING_DEMO_SEEDED, new Date().toISOString())
  if (!getSetting(db, SETTING_ACTING_EXPERT)) setSetting(db, SETTING_ACTING_EXPERT, firstExpertId)
  return { ...meeting, projectCount: DEMO.projects.length, expertCount: DEMO.experts.length }
}

/** Seeds the demo meeting into a database that has never had one. Returns true when it did. */
export function seedDemoOnFirstRun(db: Db): boolean {
  if (getSetting(db, SETTING_DEMO_SEEDED)) return false
  const anyMeeting = all(db, db.kysely.selectFrom('meetings').select('id').limit(1))
  if (anyMeeting.length > 0) return false
  seedDemo(db)
  return true
}

/** Removes every demo meeting (tombstones through the write path, so the removal replicates). */
export function removeDemo(db: Db): number {
  const meetings = all(db, db.kysely.selectFrom('meetings').select('id').where('is_demo', '=', 1).where('deleted', '=', 0))
  if (meetings.length === 0) return 0
  const ids = meetings.map((m) => m.id)
  writeChanges(db, SECRETARIAT, (w) => {
    for (const table of ['assignments', 'projects', 'experts'] as const) {
      for (const r of all(db, db.kysely.selectFrom(table).select('id').where('meeting_id', 'in', ids))) {
        w.write(table, r.id, { deleted: true })
      }
    }
    for (const id of ids) w.write('meetings', id, { deleted: true })
  })
  const acting = getSetting(db, SETTING_ACTING_EXPERT)
  if (acting) {
    const stillThere = all(db, db.kysely.selectFrom('experts').select('id').where('id', '=', acting).where('deleted', '=', 0))
    if (stillThere.length === 0) setSetting(db, SETTING_ACTING_EXPERT, null)
  }
  return ids.length
}
