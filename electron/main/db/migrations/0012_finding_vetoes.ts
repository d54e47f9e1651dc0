/**
 * Findings can carry a veto (issue 14): a finding that says the project may not go ahead as submitted (第十二条
 * 不得建设 without data sharing, 第十一条 re-approval). The suggested conclusion respects it. The column holds JSON
 * `{ reason }` or NULL.
 *
 * Findings are derived rows: the records of what they were derived from are cleared, so every device derives its
 * projects' rows again at the next start with the current rules (vetoes, the detail sheet of a workbook…).
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE findings ADD COLUMN veto TEXT`.execute(db)
  await sql`DELETE FROM package_derivations`.execute(db)
}
