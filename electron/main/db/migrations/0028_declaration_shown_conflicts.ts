/**
 * The unit-match warnings an expert was shown when declaring 回避 / 无利害关系 (issue 11, item 8), kept in the
 * declaration row (`declarations.shown_conflicts`, replicated like the declaration and signed with the sheet): a
 * JSON array of the sentences shown. NULL for declarations made before this column existed — the secretariat's
 * matrix then recomputes the warnings from the registered units and says so.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE declarations ADD COLUMN shown_conflicts TEXT`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('PanelDesk migrations are forward-only; restore a backup instead.')
}
