/** The implementation of the whole API contract: one handler builder per domain, merged. */
import type { ApiHandlers } from '../../../shared/api/contract'
import type { BackendState } from '../backend'
import { buildCoreHandlers } from './core'
import { buildDocumentsHandlers } from './documents'
import { buildJobsHandlers } from './jobs'
import { buildReviewHandlers } from './review'
import { buildBudgetHandlers } from './budget'
import { buildPackagesHandlers } from './packages'
import { buildUploadsHandlers } from './uploads'
import { buildSyncHandlers } from './sync'
import { buildTrustHandlers } from './trust'
import { buildSecretariatHandlers } from './secretariat'
import { buildFilesHandlers } from './files'
import { buildVersionsHandlers } from './versions'
import { buildPricesHandlers } from './prices'
import { buildRubricsHandlers } from './rubrics'
import { buildRulesHandlers } from './rules'

export function buildHandlers(state: BackendState, meta: { version: string }): ApiHandlers {
  return {
    ...buildCoreHandlers(state, meta),
    ...buildDocumentsHandlers(state),
    ...buildJobsHandlers(state),
    ...buildReviewHandlers(state),
    ...buildBudgetHandlers(state),
    ...buildPackagesHandlers(state),
    ...buildUploadsHandlers(state),
    ...buildSyncHandlers(state),
    ...buildTrustHandlers(state),
    ...buildSecretariatHandlers(state),
    ...buildFilesHandlers(state),
    ...buildVersionsHandlers(state),
    ...buildPricesHandlers(state),
    ...buildRubricsHandlers(state),
    ...buildRulesHandlers(state)
  }
}
