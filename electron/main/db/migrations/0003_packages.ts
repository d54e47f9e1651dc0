/**
 * Proposal packages (issue 3): the imported package of a project, its files (content-addressed blobs), documents
 * and their page text, budget lines, data-list rows and compliance findings (all written by the secretariat at
 * import), and the expert's notes pinned to document pages (owned by the expert).
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  const bool = (name: string) => sql.raw(`${name} INTEGER NOT NULL DEFAULT 0 CHECK (${name} IN (0, 1))`)
  await sql`CREATE TABLE packages (
    id TEXT PRIMARY KEY, project_id TEXT NOT NULL REFERENCES projects(id), sha256 TEXT NOT NULL,
    size INTEGER NOT NULL DEFAULT 0, source_name TEXT NOT NULL DEFAULT '', format TEXT NOT NULL DEFAULT '',
    manifest TEXT NOT NULL DEFAULT '{}', imported_at TEXT NOT NULL,
    budget_path TEXT NOT NULL DEFAULT '', budget_format TEXT NOT NULL DEFAULT '',
    budget_unit TEXT NOT NULL DEFAULT '万元' CHECK (budget_unit IN ('万元', '元')), budget_sheet TEXT NOT NULL DEFAULT '',
    budget_notes TEXT NOT NULL DEFAULT '[]', computed_total REAL NOT NULL DEFAULT 0, sheet_total REAL,
    declared_total REAL NOT NULL DEFAULT 0, data_catalog TEXT, data_needs TEXT, ${bool('deleted')}
  ) STRICT`.execute(db)
  await sql`CREATE INDEX packages_project ON packages(project_id)`.execute(db)
  await sql`CREATE TABLE package_files (
    id TEXT PRIMARY KEY, package_id TEXT NOT NULL REFERENCES packages(id), path TEXT NOT NULL,
    size INTEGER NOT NULL DEFAULT 0, sha256 TEXT NOT NULL
  ) STRICT`.execute(db)
  await sql`CREATE INDEX package_files_package ON package_files(package_id)`.execute(db)
  await sql`CREATE INDEX package_files_sha256 ON package_files(sha256)`.execute(db)
  await sql`CREATE TABLE package_documents (
    id TEXT PRIMARY KEY, project_id TEXT NOT NULL REFERENCES projects(id), package_id TEXT NOT NULL REFERENCES packages(id),
    path TEXT NOT NULL, title TEXT NOT NULL DEFAULT '', role TEXT NOT NULL DEFAULT 'attachment' CHECK (role IN ('main', 'attachment')),
    format TEXT NOT NULL DEFAULT 'other' CHECK (format IN ('pdf', 'docx', 'other')), page_count INTEGER,
    sha256 TEXT NOT NULL, size INTEGER NOT NULL DEFAULT 0, sort_order INTEGER NOT NULL DEFAULT 0, ${bool('deleted')}
  ) STRICT`.execute(db)
  await sql`CREATE INDEX package_documents_project ON package_documents(project_id)`.execute(db)
  await sql`CREATE TABLE document_pages (
    id TEXT PRIMARY KEY, document_id TEXT NOT NULL REFERENCES package_documents(id), page INTEGER NOT NULL,
    text TEXT NOT NULL DEFAULT ''
  ) STRICT`.execute(db)
  await sql`CREATE INDEX document_pages_document ON document_pages(document_id, page)`.execute(db)
  await sql`CREATE TABLE budget_lines (
    id TEXT PRIMARY KEY, project_id TEXT NOT NULL REFERENCES projects(id), package_id TEXT NOT NULL REFERENCES packages(id),
    line_key TEXT NOT NULL, parent_id TEXT, level INTEGER NOT NULL DEFAULT 0, numbering TEXT, name TEXT NOT NULL DEFAULT '',
    spec TEXT, unit TEXT, quantity REAL, unit_price REAL, amount REAL, remark TEXT,
    kind TEXT NOT NULL DEFAULT 'item' CHECK (kind IN ('item', 'subtotal', 'total', 'memo')),
    category TEXT NOT NULL DEFAULT '其他', source_row INTEGER NOT NULL DEFAULT 0, sort_order INTEGER NOT NULL DEFAULT 0,
    ${bool('deleted')}
  ) STRICT`.execute(db)
  await sql`CREATE INDEX budget_lines_project ON budget_lines(project_id, sort_order)`.execute(db)
  await sql`CREATE TABLE data_list_rows (
    id TEXT PRIMARY KEY, project_id TEXT NOT NULL REFERENCES projects(id), package_id TEXT NOT NULL REFERENCES packages(id),
    kind TEXT NOT NULL CHECK (kind IN ('dataCatalog', 'dataNeeds')), source_row INTEGER NOT NULL DEFAULT 0,
    sort_order INTEGER NOT NULL DEFAULT 0, row_values TEXT NOT NULL DEFAULT '{}', ${bool('deleted')}
  ) STRICT`.execute(db)
  await sql`CREATE INDEX data_list_rows_project ON data_list_rows(project_id, kind, sort_order)`.execute(db)
  await sql`CREATE TABLE findings (
    id TEXT PRIMARY KEY, project_id TEXT NOT NULL REFERENCES projects(id), package_id TEXT NOT NULL REFERENCES packages(id),
    finding_key TEXT NOT NULL, article INTEGER, code TEXT NOT NULL,
    severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'error')), message TEXT NOT NULL DEFAULT '',
    refs TEXT NOT NULL DEFAULT '[]', suggested_cut TEXT, sort_order INTEGER NOT NULL DEFAULT 0, ${bool('deleted')}
  ) STRICT`.execute(db)
  await sql`CREATE INDEX findings_project ON findings(project_id, sort_order)`.execute(db)
  await sql`CREATE TABLE document_notes (
    id TEXT PRIMARY KEY, expert_id TEXT NOT NULL REFERENCES experts(id), project_id TEXT NOT NULL REFERENCES projects(id),
    document_id TEXT NOT NULL REFERENCES package_documents(id), page INTEGER, text TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL, ${bool('deleted')}
  ) STRICT`.execute(db)
  await sql`CREATE INDEX document_notes_document ON document_notes(document_id, expert_id)`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('PanelDesk migrations are forward-only; restore a backup instead.')
}
