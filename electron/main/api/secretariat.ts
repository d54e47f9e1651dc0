/** Handlers of the secretariat's console (issue 7). */
import type { HandlersFor } from '../../../shared/api/contract'
import { ApiError } from '../../../shared/api/errors'
import type { secretariatMethods } from '../../../shared/api/methods/secretariat'
import type { BackendState } from '../backend'
import { actingExpert } from '../services/acting'
import { viewerOrNull } from '../services/secretariatView'
import { assertMayViewScores, withoutUnsubmitted } from '../services/independence'
import { closeCheck, closeMeeting, exportArchive, verifyArchive } from '../services/archive'
import { assignEveryone, assignmentMatrix, setAssignment } from '../services/assignments'
import { auditLog } from '../services/audit'
import { liveBoard } from '../services/board'
import { scoreChartSvg } from '../services/charts'
import {
  addExpert,
  consoleMeeting,
  importRoster,
  openMeeting,
  registerFingerprint,
  removeExpert,
  removeProject,
  reorderProjects,
  setLeader,
  updateExpert,
  updateMeetingSettings
} from '../services/console'
import { mergeMeeting, myDeviations, projectBudget, setDeviationNote } from '../services/merging'
import { panelView, saveDraft, setOverride, signPanelOpinion } from '../services/panelOpinion'
import { first } from '../db/query'
import { safeFileName } from '../documents/fileNames'
import { pathAccessOf } from './files'

export function buildSecretariatHandlers(state: BackendState): HandlersFor<keyof typeof secretariatMethods> {
  const db = () => state.db
  return {
    'console.get': ({ meetingId }) => consoleMeeting(db(), meetingId),
    'console.updateSettings': ({ meetingId, ...rest }) => updateMeetingSettings(db(), meetingId, rest),
    'console.openMeeting': ({ meetingId }) => openMeeting(db(), meetingId),
    'console.reorderProjects': ({ meetingId, projectIds }) => reorderProjects(db(), meetingId, projectIds),
    'console.removeProject': ({ projectId }) => removeProject(db(), projectId),
    'console.addExpert': ({ meetingId, expert }) => addExpert(db(), meetingId, expert),
    'console.updateExpert': ({ expertId, expert }) => updateExpert(db(), expertId, expert),
    'console.removeExpert': ({ expertId }) => {
      removeExpert(db(), expertId)
      return { removed: true as const }
    },
    'console.setLeader': ({ meetingId, expertId }) => setLeader(db(), meetingId, expertId),
    'console.registerFingerprint': ({ expertId, text, confirmed }) => registerFingerprint(db(), expertId, text, confirmed),
    'console.importRoster': ({ meetingId, fileName, base64 }) => importRoster(db(), meetingId, fileName, new Uint8Array(Buffer.from(base64, 'base64'))),
    'assignments.matrix': ({ meetingId }) => assignmentMatrix(db(), meetingId),
    'assignments.set': ({ meetingId, projectId, expertId, assigned }) => setAssignment(db(), meetingId, projectId, expertId, assigned),
    'assignments.everyone': ({ meetingId }) => assignEveryone(db(), meetingId),
    'board.get': ({ meetingId }) => {
      viewerOrNull(db())
      return liveBoard(db(), meetingId)
    },
    'merge.meeting': ({ meetingId }) => withoutUnsubmitted(db(), mergeMeeting(db(), meetingId), viewerOrNull(db())),
    'merge.budget': ({ projectId, limit }) => {
      assertMayViewScores(db(), projectId, viewerOrNull(db()))
      return projectBudget(db(), projectId, limit)
    },
    'merge.chartSvg': ({ projectId }) => {
      assertMayViewScores(db(), projectId, viewerOrNull(db()))
      const p = first(db(), db().kysely.selectFrom('projects').select(['meeting_id', 'name']).where('id', '=', projectId).where('deleted', '=', 0))
      if (!p) throw new ApiError('not_found', '找不到该项目，可能已被移除')
      const view = mergeMeeting(db(), p.meeting_id).projects.find((x) => x.projectId === projectId)
      if (!view?.merge) throw new ApiError('conflict', '该项目还没有计入的评分表，无法绘图')
      return { fileName: `${safeFileName(`评分图-${p.name}`, '')}.svg`, svg: scoreChartSvg(`${p.name}：各维度评分`, view.merge, undefined, { print: true }) }
    },
    'merge.myDeviations': ({ projectId }) => myDeviations(db(), projectId, actingExpert(db())),
    'merge.setDeviationNote': ({ projectId, dimensionId, text }) => setDeviationNote(db(), projectId, actingExpert(db()), dimensionId, text),
    'panel.get': ({ projectId }) => {
      assertMayViewScores(db(), projectId, viewerOrNull(db()))
      return panelView(db(), projectId)
    },
    'panel.saveDraft': ({ projectId, draft }) => saveDraft(db(), projectId, draft),
    'panel.setOverride': ({ projectId, lineId, amount, reason }) => setOverride(db(), projectId, lineId, amount, reason),
    'panel.sign': ({ projectId, pin }) => signPanelOpinion(db(), projectId, pin),
    'audit.list': ({ meetingId }) => {
      viewerOrNull(db())
      return auditLog(db(), meetingId)
    },
    'meeting.closeCheck': ({ meetingId }) => closeCheck(db(), meetingId),
    'meeting.close': ({ meetingId }) => closeMeeting(db(), meetingId),
    'archive.export': ({ meetingId, folder, grant }) =>
      exportArchive(db(), state.paths.dataDir, meetingId, pathAccessOf(state).authorize({ path: folder, grant }, 'archive-folder')),
    'archive.verify': ({ base64 }) => verifyArchive(new Uint8Array(Buffer.from(base64, 'base64')))
  }
}
