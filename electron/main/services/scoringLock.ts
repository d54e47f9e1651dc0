/** When a meeting's scoring has started: what locks its rubric (rubricEditor.ts) and its rule set (ruleSets.ts). */
import type { Db } from '../db/connection'
import { first } from '../db/query'

/** Scoring has started once any expert sheet of the meeting exists (opened, submitted or signed). */
export function scoringStarted(db: Db, meetingId: string): boolean {
  return !!first(db, db.kysely.selectFrom('score_sheets').select('id').where('meeting_id', '=', meetingId).where('deleted', '=', 0).limit(1))
}
