/** Handlers of the expert's review methods. The acting expert is this laptop's chosen identity. */
import type { HandlersFor } from '../../../shared/api/contract'
import { ApiError } from '../../../shared/api/errors'
import type { reviewMethods } from '../../../shared/api/methods/review'
import { normalizeFingerprint } from '../../../shared/signing/sm'
import type { BackendState } from '../backend'
import { actingExpert } from '../services/acting'
import { writeChanges } from '../db/changeWriter'
import { reconsiderPending } from '../sync/apply'
import { first } from '../db/query'
import { SECRETARIAT } from '../services/authors'
import { acceptCommitment, commitmentView, conflictView, declare } from '../services/declarations'
import { deviceKey } from '../services/deviceSecret'
import { createKey, enableExpertSync, getIdentity, saveProfile, setSignatureImage } from '../services/identity'
import { hasSigner } from '../sync/signers'
import { reviewOverview } from '../services/overview'
import { viewerOrNull } from '../services/secretariatView'
import { setList } from '../services/sheets'
import { checkSubmission, listRevisions, reopenSheet, submitSheet } from '../services/submission'
import { FINGERPRINT_UNKNOWN_MESSAGE, knownFingerprints, matchesKnownKey } from '../services/expertKeys'


export function buildReviewHandlers(state: BackendState): HandlersFor<keyof typeof reviewMethods> {
  const key = () => deviceKey(state.paths.dataDir)
  const identity = () => getIdentity(state.db, actingExpert(state.db), key())
  return {
    'identity.get': () => identity(),
    'identity.saveProfile': (input) => {
      saveProfile(state.db, actingExpert(state.db), key(), input)
      return identity()
    },
    'identity.createKey': async ({ pin, pinConfirm }) => {
      await createKey(state.db, actingExpert(state.db), pin, pinConfirm, key())
      return identity()
    },
    'identity.setSignature': ({ image }) => {
      setSignatureImage(state.db, actingExpert(state.db), image)
      return identity()
    },
    'review.overview': ({ meetingId }) => reviewOverview(state.db, meetingId, viewerOrNull(state.db)),
    'review.commitment': ({ meetingId }) => commitmentView(state.db, meetingId, actingExpert(state.db)),
    'review.acceptCommitment': ({ meetingId }) => acceptCommitment(state.db, meetingId, actingExpert(state.db)),
    'review.conflicts': ({ projectId }) => conflictView(state.db, projectId, actingExpert(state.db)),
    'review.declare': ({ projectId, kind, reason, shownConflicts }) => declare(state.db, projectId, actingExpert(state.db), kind, reason, shownConflicts),
    'sheets.setList': ({ sheetId, kind, items }) => setList(state.db, actingExpert(state.db), sheetId, kind, items),
    'sheets.check': ({ sheetId }) => checkSubmission(state.db, sheetId, actingExpert(state.db)),
    'sheets.submit': async ({ sheetId, pin }) => {
      const expertId = actingExpert(state.db)
      const result = await submitSheet(state.db, sheetId, expertId, pin)
      // A key made before sync keys existed: the PIN just proved is used once more to equip this laptop to sync.
      if (!hasSigner(state.db, expertId)) await enableExpertSync(state.db, key(), expertId, pin)
      return result
    },
    'sheets.revisions': ({ projectId }) => listRevisions(state.db, projectId, actingExpert(state.db)),
    'sheets.reopen': ({ sheetId, reason }) => reopenSheet(state.db, sheetId, reason),
    'experts.registerFingerprint': ({ expertId, fingerprint, confirmed }) => {
      const db = state.db
      const e = first(db, db.kysely.selectFrom('experts').select('id').where('id', '=', expertId).where('deleted', '=', 0))
      if (!e) throw new ApiError('not_found', '找不到该专家')
      const fp = normalizeFingerprint(fingerprint)
      if (fp && !/^[0-9a-f]{32}$|^[0-9a-f]{64}$/.test(fp)) {
        throw new ApiError('invalid_input', '公钥指纹格式不正确：应为专家屏幕上显示的 32 位或 64 位十六进制字符')
      }
      if (fp && !confirmed && !matchesKnownKey(knownFingerprints(db, expertId), fp)) throw new ApiError('invalid_input', FINGERPRINT_UNKNOWN_MESSAGE, [{ path: 'fingerprint', message: FINGERPRINT_UNKNOWN_MESSAGE }])
      writeChanges(db, SECRETARIAT, (w) => w.write('experts', expertId, { key_fingerprint: fp }))
      reconsiderPending(db)
      return { expertId, fingerprint: fp }
    }
  }
}
