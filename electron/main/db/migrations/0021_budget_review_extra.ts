/**
 * 核增 and price citations (issues 13 and 14): a budget review row can carry what a plain 核定 cannot — the name
 * and category of a line the expert added (a missing 密评 or 监理 cost) and the price reference a 单价偏高 cut
 * rests on. The column holds JSON `{ added?: { name, category }, priceRef?: { source, date, count, medianFen } }`
 * or NULL; it replicates with the row (shared/sync/tables.ts).
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE budget_reviews ADD COLUMN extra TEXT`.execute(db)
}
