/**
 * Gathering a meeting for the export one project at a time (issue 10, speed). Gathering reads each project's
 * signed sheets, verifies them (or finds their stored verdicts), checks them against the meeting's rubric and
 * checks that the 组长 signed exactly the opinion the console composes now — about a quarter of the export's
 * time at meeting scale, all in the main thread. Done before the first document is started, it left the build
 * workers idle; gathered lazily, project k + 1 is gathered while the workers build project k.
 *
 * Every project is read from one snapshot of the database: the reads go through a second, read-only connection
 * that holds one read transaction from the moment the export is asked for until it ends (db/connection.ts
 * openSnapshotReader), so a sheet submitted or an opinion signed during the export is not half in it, exactly as
 * when everything was read at once. Verdicts of new signature checks are still saved, through the app's own
 * connection, in one transaction when the export ends. Where such a reader cannot be had (a database in memory or not in WAL mode), everything is
 * gathered at once, as before.
 */
import { ApiError } from '../../../shared/api/errors'
import type { Db } from '../db/connection'
import { openSnapshotReader } from '../db/connection'
import { all, first } from '../db/query'
import { gatherProjects, type ProjectSnapshot } from './documents'
import { flushVerdicts, saveVerdictsThrough } from './verdictStore'

/** A meeting's projects, each gathered when first asked for. */
export interface ProjectGathering {
  /** The projects' names, in export order (known before they are gathered). */
  readonly names: readonly string[]
  /** The i-th project's snapshot, gathered at each call (throws as gathering does); the export asks once per project. */
  snapshot(i: number): ProjectSnapshot
  /** Ends the read transaction (idempotent); call it when the export ends, however it ends. */
  close(): void
}

/** Snapshots already gathered, as a ProjectGathering. */
export function gatheredAlready(snaps: readonly ProjectSnapshot[]): ProjectGathering {
  return { names: snaps.map((s) => s.project.name), snapshot: (i) => snaps[i]!, close: () => undefined }
}

/**
 * The projects of a meeting (or one project), gathered lazily from one snapshot of the database. The meeting and
 * the project list are read at once (a missing meeting throws here, before any export starts).
 */
export function gatherLazily(db: Db, meetingId: string, onlyProjectId?: string): ProjectGathering {
  const reader = openSnapshotReader(db)
  if (!reader) return gatheredAlready(gatherProjects(db, meetingId, onlyProjectId))
  try {
    const r = reader.db
    saveVerdictsThrough(r, db)
    const meeting = first(r, r.kysely.selectFrom('meetings').select('id').where('id', '=', meetingId).where('deleted', '=', 0))
    if (!meeting) throw new ApiError('not_found', '找不到该会议，可能已被删除')
    let q = r.kysely.selectFrom('projects').select(['id', 'name']).where('meeting_id', '=', meetingId).where('deleted', '=', 0)
    if (onlyProjectId) q = q.where('id', '=', onlyProjectId)
    const projects = all(r, q.orderBy('sort_order').orderBy('id'))
    return {
      names: projects.map((p) => p.name),
      // Gathered at each call from the same read transaction (the export asks once per project), and not kept:
      // an export of a whole meeting does not hold every project's sheets until it ends.
      snapshot: (i) => {
        const p = projects[i]
        const s = p ? gatherProjects(r, meetingId, p.id)[0] : undefined
        if (!s) throw new ApiError('not_found', '找不到该项目，可能已被移除')
        return s
      },
      close: () => {
        try {
          flushVerdicts(r)
        } finally {
          reader.close()
        }
      }
    }
  } catch (e) {
    reader.close()
    throw e
  }
}
