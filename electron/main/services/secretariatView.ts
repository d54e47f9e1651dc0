/**
 * The secretariat's view on a laptop (acting as no expert: every sheet, the board, the merge, the documents) is not a
 * menu choice (issue 15, item 6). It is open only:
 *  - on the laptop that holds the secretariat's key, once that key has been unlocked with its PIN in this session
 *    (sync/keyring.ts); or
 *  - on a laptop that holds no secretariat key and has pinned none: it has joined no one's meeting, so all it holds
 *    is what was written on it (the demo meeting, a secretariat trying the app before making its key).
 * An expert's laptop (it pinned the secretariat's key and does not hold it) has no secretariat view at all.
 */
import { ApiError } from '../../../shared/api/errors'
import type { Db } from '../db/connection'
import { prepare } from '../db/query'
import { isUnlocked } from '../sync/keyring'
import { pinnedSecretariat } from '../sync/signers'
import { actingExpertOrNull } from './acting'

import { NO_SECRETARIAT_VIEW, SECRETARIAT_VIEW_LOCKED } from '../../../shared/api/secretariatView'

export { NO_SECRETARIAT_VIEW, SECRETARIAT_VIEW_LOCKED }

/** null when the secretariat's view is open here, else the Chinese reason it is not. */
export function secretariatViewRefusal(db: Db): string | null {
  const own = prepare(db, 'SELECT public_key FROM secretariat_key WHERE id = 1').get() as { public_key: string } | undefined
  if (own) return isUnlocked(db, own.public_key) ? null : SECRETARIAT_VIEW_LOCKED
  return pinnedSecretariat(db).length === 0 ? null : NO_SECRETARIAT_VIEW
}

export function assertSecretariatView(db: Db): void {
  const refusal = secretariatViewRefusal(db)
  if (refusal) throw new ApiError('forbidden', refusal)
}

/** The expert this laptop acts as, or null for the secretariat's view — refused when that view is not open here. */
export function viewerOrNull(db: Db): string | null {
  const id = actingExpertOrNull(db)
  if (id) return id
  assertSecretariatView(db)
  return null
}
