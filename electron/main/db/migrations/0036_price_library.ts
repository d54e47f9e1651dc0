/**
 * 价格参考 library work (issue 13): the whole library searchable and editable on the secretariat's laptop.
 *  - price_refs.search_key: the entry's name as matching reads it (normaliseName), its name, specification, 来源 and
 *    project folded (foldText), spaces dropped, fields joined by '|'. NULL until the service fills it (a row written
 *    before this version, or after a change of the normaliser): services/priceLibrary.ts keeps it.
 *  - indexes for the tab's sorts and filters over 100,000 entries: date (the default order), price, name, 来源,
 *    分类, and the edit log by entry.
 *  - price_ref_edits: every edit of an entry (local, like the library): who, when, the fields before and after
 *    (JSON), and when it was undone.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE price_refs ADD COLUMN search_key TEXT`.execute(db)
  await sql`CREATE INDEX price_refs_date ON price_refs(ref_date, id, retired)`.execute(db)
  await sql`CREATE INDEX price_refs_price ON price_refs(unit_price_fen, id, retired)`.execute(db)
  await sql`CREATE INDEX price_refs_name ON price_refs(name, id, retired)`.execute(db)
  await sql`CREATE INDEX price_refs_source ON price_refs(source, ref_date, id)`.execute(db)
  await sql`CREATE INDEX price_refs_group ON price_refs(group_name, ref_date, id)`.execute(db)
  await sql`CREATE INDEX price_refs_unkeyed ON price_refs(id) WHERE search_key IS NULL`.execute(db)
  await sql`CREATE TABLE price_ref_edits (
    id INTEGER PRIMARY KEY AUTOINCREMENT, ref_id TEXT NOT NULL, at TEXT NOT NULL, by TEXT NOT NULL,
    before TEXT NOT NULL, after TEXT NOT NULL, undone_at TEXT, undone_by TEXT
  ) STRICT`.execute(db)
  await sql`CREATE INDEX price_ref_edits_ref ON price_ref_edits(ref_id, id)`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('PanelDesk migrations are forward-only; restore a backup instead.')
}
