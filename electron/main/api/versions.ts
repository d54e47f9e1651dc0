/** The project-version methods' implementation (services/projectVersions.ts). */
import type { HandlersFor } from '../../../shared/api/contract'
import type { versionMethods } from '../../../shared/api/methods/versions'
import type { BackendState } from '../backend'
import { followupChecklist, saveChecklistItem } from '../services/followupChecklist'
import { packageRuntimeFor } from '../services/packageRuntime'
import { projectVersions, updateVersion } from '../services/projectVersions'
import { versionDiff } from '../services/versionDiff'
import { followupOpinionView, signFollowupOpinion } from '../services/followupOpinion'
import { exportFollowupDocx } from '../services/followupExport'
import { rereviewTasks } from '../services/rereviewTasks'
import { secretariatSigner } from '../services/documentTrust'
import { deviceKey } from '../services/deviceSecret'
import { actingExpertOrNull } from '../services/acting'
import { enableExpertSync } from '../services/identity'
import { hasSigner } from '../sync/signers'

export function buildVersionsHandlers(state: BackendState): HandlersFor<keyof typeof versionMethods> {
  const blobs = () => packageRuntimeFor(state, state.paths.dataDir, state.db).blobs
  return {
    'versions.list': ({ projectId }) => projectVersions(state.db, projectId),
    'versions.update': ({ versionId, stage, reviewers }) => updateVersion(state.db, versionId, { ...(stage ? { stage } : {}), ...(reviewers ? { reviewers } : {}) }),
    'versions.diff': ({ versionId }) => versionDiff(state.db, blobs(), versionId),
    'versions.checklist': ({ versionId }) => followupChecklist(state.db, blobs(), versionId),
    'versions.checklistSave': ({ versionId, ...change }) => saveChecklistItem(state.db, blobs(), versionId, change),
    'versions.followup': ({ versionId }) => followupOpinionView(state.db, blobs(), versionId),
    'versions.followupSign': async ({ versionId, pin, conclusion, remarks }) => {
      const view = await signFollowupOpinion(state.db, blobs(), versionId, { pin, ...(conclusion ? { conclusion } : {}), ...(remarks !== undefined ? { remarks } : {}) })
      // Signed as the expert on this laptop: the PIN just proved equips it to seal what it syncs as that expert.
      const me = actingExpertOrNull(state.db)
      if (me && !hasSigner(state.db, me)) await enableExpertSync(state.db, deviceKey(state.paths.dataDir), me, pin)
      return view
    },
    'versions.followupExport': ({ versionId }) =>
      exportFollowupDocx(state.db, blobs(), versionId, state.paths.dataDir, secretariatSigner(state.db, deviceKey(state.paths.dataDir))),
    'versions.myRereviews': ({ meetingId }) => rereviewTasks(state.db, blobs(), meetingId)
  }
}
