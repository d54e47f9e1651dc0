/**
 * An expert may conclude otherwise than a veto suggests (issue 14, item 5), with a mandatory reason that is signed
 * with the sheet. The draft's reason is kept in `score_sheets.conclusion_reason` (replicated, owned by the expert
 * like the conclusion itself); '' when none.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE score_sheets ADD COLUMN conclusion_reason TEXT NOT NULL DEFAULT ''`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('PanelDesk migrations are forward-only; restore a backup instead.')
}
