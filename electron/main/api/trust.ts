/** Handlers of the trust methods: the secretariat's key, pinning it on an expert's laptop, and sync keys. */
import type { HandlersFor } from '../../../shared/api/contract'
import type { trustMethods } from '../../../shared/api/methods/trust'
import type { BackendState } from '../backend'
import { actingExpert, actingExpertOrNull } from '../services/acting'
import { deviceKey } from '../services/deviceSecret'
import { enableExpertSync } from '../services/identity'
import { createSecretariatKey, pinSecretariatKey, trustStatus, unlockSecretariat } from '../services/secretariatKey'

export function buildTrustHandlers(state: BackendState): HandlersFor<keyof typeof trustMethods> {
  const key = () => deviceKey(state.paths.dataDir)
  const status = () => trustStatus(state.db, key(), actingExpertOrNull(state.db))
  return {
    'trust.status': () => status(),
    'trust.createSecretariatKey': async ({ pin, pinConfirm }) => {
      await createSecretariatKey(state.db, key(), pin, pinConfirm)
      return status()
    },
    'trust.unlockSecretariat': async ({ pin }) => {
      await unlockSecretariat(state.db, key(), pin)
      return status()
    },
    'trust.pinSecretariat': ({ fingerprint }) => {
      pinSecretariatKey(state.db, fingerprint)
      return status()
    },
    'identity.enableSync': async ({ pin }) => {
      await enableExpertSync(state.db, key(), actingExpert(state.db), pin)
      return status()
    }
  }
}
