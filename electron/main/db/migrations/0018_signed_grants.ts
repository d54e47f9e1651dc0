/**
 * Release grants are signed by the secretariat (issue 15; shared/sync/grant.ts). A laptop keeps only grants whose
 * signature it checked, one per content key and recipient in `sync_grants`; grants kept before — unsigned, so
 * possibly a forger's stored first in place of the real one — are dropped. Nothing is lost: what they opened is in
 * the log already, and the secretariat's laptop writes signed grants again at its next folder sync (it writes a
 * grant for every kid and recipient it does not hold one for).
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`DELETE FROM sync_grants WHERE json_valid(body) = 0 OR json_extract(body, '$.v') IS NOT 2`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('PanelDesk migrations are forward-only; restore a backup instead.')
}
