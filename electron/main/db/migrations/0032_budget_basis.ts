/**
 * The budget sheet(s) a project is reviewed on (issue 14 item 1): `packages.budget_sheets`, a JSON array of sheet
 * names chosen by the secretariat ('[]': the sheets the reader chooses itself). Replicated with the packages row
 * (secretariat only), so every replica derives the same budget lines and findings. `package_derivations.budget_sheets`
 * (local) records which choice the derived rows were built with, so a changed choice derives them again.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE packages ADD COLUMN budget_sheets TEXT NOT NULL DEFAULT '[]'`.execute(db)
  await sql`ALTER TABLE package_derivations ADD COLUMN budget_sheets TEXT NOT NULL DEFAULT '[]'`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('PanelDesk migrations are forward-only; restore a backup instead.')
}
