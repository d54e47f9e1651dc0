/** The implementation of the whole API contract: one handler builder per domain, merged. */
import type { ApiHandlers } from '../../../shared/api/contract'
import type { BackendState } from '../backend'
import { buildCoreHandlers } from './core'

export function buildHandlers(state: BackendState, meta: { version: string }): ApiHandlers {
  return {
    ...buildCoreHandlers(state, meta)
  }
}
