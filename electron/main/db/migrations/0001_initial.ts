/** The first schema: meetings, rubrics, projects, experts, assignments, score sheets, scores, opinions, log. */
import { sql, type Kysely } from 'kysely'

// Migrations are frozen in time: they use Kysely<unknown>, never the current Schema type.
export async function up(db: Kysely<unknown>): Promise<void> {
  const bool = (name: string) => sql.raw(`${name} INTEGER NOT NULL DEFAULT 0 CHECK (${name} IN (0, 1))`)
  await sql`CREATE TABLE device_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT`.execute(db)
  await sql`CREATE TABLE local_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT`.execute(db)
  await sql`CREATE TABLE rubrics (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, version INTEGER NOT NULL, definition TEXT NOT NULL, ${bool('deleted')}
  ) STRICT`.execute(db)
  await sql`CREATE TABLE meetings (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, date TEXT NOT NULL, place TEXT NOT NULL DEFAULT '',
    organiser TEXT NOT NULL DEFAULT '', rubric_id TEXT NOT NULL REFERENCES rubrics(id),
    merge_method TEXT NOT NULL DEFAULT 'mean', status TEXT NOT NULL DEFAULT 'preparing',
    ${bool('is_demo')}, created_at TEXT NOT NULL, ${bool('deleted')}
  ) STRICT`.execute(db)
  await sql`CREATE TABLE projects (
    id TEXT PRIMARY KEY, meeting_id TEXT NOT NULL REFERENCES meetings(id), name TEXT NOT NULL,
    code TEXT NOT NULL DEFAULT '', owner_unit TEXT NOT NULL DEFAULT '', author_unit TEXT NOT NULL DEFAULT '',
    declared_investment REAL NOT NULL DEFAULT 0, approved_estimate REAL, summary TEXT NOT NULL DEFAULT '',
    sort_order INTEGER NOT NULL DEFAULT 0, ${bool('deleted')}
  ) STRICT`.execute(db)
  await sql`CREATE INDEX projects_meeting ON projects(meeting_id)`.execute(db)
  await sql`CREATE TABLE experts (
    id TEXT PRIMARY KEY, meeting_id TEXT NOT NULL REFERENCES meetings(id), name TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '', title TEXT NOT NULL DEFAULT '', specialty TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '', past_units TEXT NOT NULL DEFAULT '[]', ${bool('is_leader')},
    key_fingerprint TEXT NOT NULL DEFAULT '', ${bool('deleted')}
  ) STRICT`.execute(db)
  await sql`CREATE INDEX experts_meeting ON experts(meeting_id)`.execute(db)
  await sql`CREATE TABLE assignments (
    id TEXT PRIMARY KEY, meeting_id TEXT NOT NULL REFERENCES meetings(id),
    project_id TEXT NOT NULL REFERENCES projects(id), expert_id TEXT NOT NULL REFERENCES experts(id),
    ${bool('deleted')}
  ) STRICT`.execute(db)
  await sql`CREATE INDEX assignments_project ON assignments(project_id)`.execute(db)
  await sql`CREATE TABLE score_sheets (
    id TEXT PRIMARY KEY, meeting_id TEXT NOT NULL REFERENCES meetings(id),
    project_id TEXT NOT NULL REFERENCES projects(id), expert_id TEXT NOT NULL REFERENCES experts(id),
    revision INTEGER NOT NULL DEFAULT 1, status TEXT NOT NULL DEFAULT 'draft', conclusion TEXT,
    main_problems TEXT NOT NULL DEFAULT '[]', suggestions TEXT NOT NULL DEFAULT '[]',
    updated_at TEXT NOT NULL, ${bool('deleted')}
  ) STRICT`.execute(db)
  await sql`CREATE INDEX score_sheets_project_expert ON score_sheets(project_id, expert_id)`.execute(db)
  await sql`CREATE TABLE scores (
    id TEXT PRIMARY KEY, sheet_id TEXT NOT NULL REFERENCES score_sheets(id), item_id TEXT NOT NULL,
    value REAL, ${bool('na')}
  ) STRICT`.execute(db)
  await sql`CREATE INDEX scores_sheet ON scores(sheet_id)`.execute(db)
  await sql`CREATE TABLE opinions (
    id TEXT PRIMARY KEY, sheet_id TEXT NOT NULL REFERENCES score_sheets(id), dimension_id TEXT NOT NULL,
    text TEXT NOT NULL DEFAULT ''
  ) STRICT`.execute(db)
  await sql`CREATE INDEX opinions_sheet ON opinions(sheet_id)`.execute(db)
  await sql`CREATE TABLE change_log (
    origin TEXT NOT NULL, seq INTEGER NOT NULL, tx INTEGER NOT NULL, hlc TEXT NOT NULL, author TEXT NOT NULL,
    tbl TEXT NOT NULL, row_id TEXT NOT NULL, col TEXT NOT NULL, value TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'applied',
    received_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (origin, seq)
  ) STRICT`.execute(db)
  await sql`CREATE TABLE field_clock (
    tbl TEXT NOT NULL, row_id TEXT NOT NULL, col TEXT NOT NULL, hlc TEXT NOT NULL,
    PRIMARY KEY (tbl, row_id, col)
  ) STRICT, WITHOUT ROWID`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('PanelDesk migrations are forward-only; restore a backup instead.')
}
