/** The project-version methods' implementation (services/projectVersions.ts). */
import type { HandlersFor } from '../../../shared/api/contract'
import type { versionMethods } from '../../../shared/api/methods/versions'
import type { BackendState } from '../backend'
import { projectVersions } from '../services/projectVersions'

export function buildVersionsHandlers(state: BackendState): HandlersFor<keyof typeof versionMethods> {
  return {
    'versions.list': ({ projectId }) => projectVersions(state.db, projectId)
  }
}
