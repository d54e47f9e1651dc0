/** The core methods' implementation, built from the services. Input is already validated here. */
import type { HandlersFor } from '../../../shared/api/contract'
import type { coreMethods } from '../../../shared/api/methods/core'
import type { AppInfo } from '../../../shared/api/types'
import { ApiError } from '../../../shared/api/errors'
import type { BackendState } from '../backend'
import { actingExpert } from '../services/acting'
import { assertSecretariatView } from '../services/secretariatView'
import { createBackup, listBackups } from '../db/backup'
import { readDevice } from '../db/device'
import { first } from '../db/query'
import { removeDemo, seedDemo } from '../services/demo'
import { packageRuntimeFor } from '../services/packageRuntime'
import { createMeeting, getMeeting, getMeetingRow, listMeetings } from '../services/meetings'
import { toExpertSummary, toMeetingSummary, toProjectSummary } from '../services/mappers'
import { loadRubric } from '../services/rubrics'
import { getSetting, setSetting, SETTING_ACTING_EXPERT } from '../services/settings'
import { findSheetView, isAssigned, openSheet, setConclusion, setConclusionReason, setOpinion, setScore } from '../services/sheets'


export function buildCoreHandlers(state: BackendState, meta: { version: string }): HandlersFor<keyof typeof coreMethods> {
  const info = (): AppInfo => {
    const db = state.db
    const actingExpertId = getSetting(db, SETTING_ACTING_EXPERT)
    const expert = actingExpertId
      ? first(db, db.kysely.selectFrom('experts').select(['meeting_id', 'name']).where('id', '=', actingExpertId).where('deleted', '=', 0))
      : undefined
    return {
      version: meta.version,
      dataDir: state.paths.dataDir,
      deviceOrigin: readDevice(db).origin,
      startupNotice: state.notice,
      actingExpertId: expert ? actingExpertId : null,
      actingMeetingId: expert?.meeting_id ?? null,
      actingExpertName: expert?.name ?? null
    }
  }
  return {
    'app.info': () => info(),
    'meetings.list': () => listMeetings(state.db),
    'meetings.get': ({ meetingId }) => getMeeting(state.db, meetingId),
    'meetings.create': (input) => createMeeting(state.db, input),
    'demo.seed': () =>
      seedDemo(state.db, { blobs: () => packageRuntimeFor(state, state.paths.dataDir, state.db).blobs, log: state.options.log }),
    'demo.remove': () => ({ removedMeetings: removeDemo(state.db) }),
    'session.actAs': ({ expertId }) => {
      const db = state.db
      if (expertId !== null) {
        const e = first(db, db.kysely.selectFrom('experts').select('id').where('id', '=', expertId).where('deleted', '=', 0))
        if (!e) throw new ApiError('not_found', '找不到该专家')
      } else assertSecretariatView(db) // the secretariat's view needs its key and PIN here (secretariatView.ts)
      setSetting(db, SETTING_ACTING_EXPERT, expertId)
      return info()
    },
    'projects.workspace': ({ projectId }) => {
      const db = state.db
      const project = first(db, db.kysely.selectFrom('projects').selectAll().where('id', '=', projectId).where('deleted', '=', 0))
      if (!project) throw new ApiError('not_found', '找不到该项目，可能已被移除')
      const meeting = getMeetingRow(db, project.meeting_id)
      const expertId = getSetting(db, SETTING_ACTING_EXPERT)
      const expert = expertId
        ? first(db, db.kysely.selectFrom('experts').selectAll().where('id', '=', expertId).where('meeting_id', '=', meeting.id).where('deleted', '=', 0))
        : undefined
      const sheet = expert && isAssigned(db, projectId, expert.id) ? findSheetView(db, projectId, expert.id) : null
      return {
        meeting: toMeetingSummary(meeting, 0, 0),
        project: toProjectSummary(project),
        expert: expert ? toExpertSummary(expert) : null,
        rubric: loadRubric(db, meeting.rubric_id),
        sheet
      }
    },
    'sheets.open': ({ projectId }) => openSheet(state.db, projectId, actingExpert(state.db)),
    'sheets.setScore': ({ sheetId, itemId, value, na }) =>
      setScore(state.db, actingExpert(state.db), sheetId, itemId, { value, na }),
    'sheets.setOpinion': ({ sheetId, dimensionId, text }) =>
      setOpinion(state.db, actingExpert(state.db), sheetId, dimensionId, text),
    'sheets.setConclusion': ({ sheetId, conclusion }) => setConclusion(state.db, actingExpert(state.db), sheetId, conclusion),
    'sheets.setConclusionReason': ({ sheetId, text }) => setConclusionReason(state.db, actingExpert(state.db), sheetId, text),
    'backups.list': () => listBackups(state.paths.backupDir),
    'backups.create': () => createBackup(state.db, state.paths.backupDir, 'manual'),
    'backups.restore': async ({ name }) => {
      try {
        await state.restore(name)
      } catch (err) {
        throw new ApiError('conflict', `无法恢复备份「${name}」：${err instanceof Error ? err.message : String(err)}。当前数据未改变。`)
      }
      state.notice = `已从备份「${name}」恢复数据。恢复前的数据已另存为备份。`
      return info()
    }
  }
}
