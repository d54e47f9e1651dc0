/**
 * The secretariat's signed "scoring started" statement of a meeting (issue 15 item 1, issue 14 item 7):
 * `meetings.scoring_marker`, JSON (shared/sync/scoringMarker.ts), NULL until the secretariat's laptop opens scoring.
 * Replicated as a secretariat cell under the first-write rule, so every replica holds the same marker and locks the
 * meeting's rubric and rule set from it (docs/sync.md, "Scoring started").
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE meetings ADD COLUMN scoring_marker TEXT`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('PanelDesk migrations are forward-only; restore a backup instead.')
}
