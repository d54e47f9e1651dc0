/**
 * When a meeting's scoring has started: what locks its rubric (rubricEditor.ts) and its rule set (ruleSets.ts).
 *
 * The rule every replica applies is the secretariat's signed "scoring started" marker (`meetings.scoring_marker`,
 * shared/sync/scoringMarker.ts): written by the secretariat's laptop when the meeting opens (会议开始,
 * console.openMeeting) — before that, experts are asked to wait — or, should an expert's sheet reach the
 * secretariat's laptop first, at the end of the sync that brought it. It travels in the secretariat's sealed units;
 * every replica holds rubric and rule-set changes that would change what it binds (verdict, "scoring-started").
 * A sheet of the meeting seen on this laptop still locks the editors here as well.
 */
import type { Db } from '../db/connection'
import { first, prepare } from '../db/query'
import { rowClocks } from '../db/rowClock'
import { writeChanges } from '../db/changeWriter'
import { parseScoringMarker, rubricDigest, type ScoringMarkerStatement } from '../../../shared/sync/scoringMarker'
import { SECRETARIAT } from './authors'
import { secretariatViewRefusal } from './secretariatView'
import { actingExpertOrNull } from './acting'

/** The meeting's accepted marker (the cell holds the first one written, everywhere the same), or null. */
export function scoringMarker(db: Db, meetingId: string): ScoringMarkerStatement | null {
  const row = prepare(db, 'SELECT scoring_marker FROM meetings WHERE id = ?').get(meetingId) as { scoring_marker: string | null } | undefined
  return parseScoringMarker(row?.scoring_marker ?? null)
}

function hasSheet(db: Db, meetingId: string): boolean {
  return !!first(db, db.kysely.selectFrom('score_sheets').select('id').where('meeting_id', '=', meetingId).where('deleted', '=', 0).limit(1))
}

/** Scoring has started once the secretariat's marker is known here, or any expert sheet of the meeting exists here. */
export function scoringStarted(db: Db, meetingId: string): boolean {
  return scoringMarker(db, meetingId) !== null || hasSheet(db, meetingId)
}

/** Why scoring is locked, in words: the marker when there is one (every replica's rule), else a local sheet. */
export function scoringLockReason(db: Db, meetingId: string, what: string, bySheet: string): string | null {
  const m = scoringMarker(db, meetingId)
  if (m) return `秘书处已于 ${m.startedAt.slice(0, 16).replace('T', ' ')} 宣布开始评分，${what}已锁定，不能再修改`
  return hasSheet(db, meetingId) ? bySheet : null
}

function clockOf(db: Db, tbl: string, rowId: string, cols: string[]): string {
  const clocks = rowClocks(db, tbl, rowId)
  return cols.reduce((a, c) => {
    const hlc = clocks.get(c)
    return hlc !== undefined && hlc > a ? hlc : a
  }, '')
}

/** The statement for a meeting as this laptop holds it now: its rubric and rule set, and the clocks of those cells. */
export function markerStatement(db: Db, meetingId: string, stamp: { version: string; digest: string }, now = new Date()): ScoringMarkerStatement {
  const m = prepare(db, 'SELECT rubric_id FROM meetings WHERE id = ?').get(meetingId) as { rubric_id: string }
  const rubric = prepare(db, 'SELECT version, definition FROM rubrics WHERE id = ?').get(m.rubric_id) as { version: number; definition: string } | undefined
  return {
    v: 1,
    meetingId,
    startedAt: now.toISOString(),
    rubric: { id: m.rubric_id, version: rubric?.version ?? 0, digest: rubricDigest(rubric?.definition ?? 'null') || '0'.repeat(64), at: clockOf(db, 'meetings', meetingId, ['rubric_id']) },
    ruleSet: { ...stamp, at: clockOf(db, 'meeting_rule_sets', `rule-set|${meetingId.replace(/[|\\]/g, (c) => '\\' + c)}`, ['definition', 'deleted']) }
  }
}

/**
 * Writes the marker as the secretariat unless the meeting has one — only on a laptop whose secretariat's view is
 * open (the secretariat's key unlocked, or a laptop that joined no one's meeting), so it is always sealed by the
 * secretariat's key where there is one. Returns whether it wrote. `stamp` is the meeting's rule set (ruleSets.ts).
 */
export function writeScoringMarker(db: Db, meetingId: string, stamp: { version: string; digest: string }): boolean {
  if (actingExpertOrNull(db) || secretariatViewRefusal(db) || scoringMarker(db, meetingId)) return false
  const statement = markerStatement(db, meetingId, stamp)
  writeChanges(db, SECRETARIAT, (w) => w.write('meetings', meetingId, { scoring_marker: statement }))
  return true
}
