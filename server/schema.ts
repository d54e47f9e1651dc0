/** The sync server's tables (the same on SQLite and PostgreSQL). */
export interface ServerSchema {
  devices: { token_hash: string; author: string; name: string; meeting_id: string; created_at: string }
  join_codes: { code_hash: string; author: string; meeting_id: string; expires_at: string; used_at: string | null }
  /**
   * Which device owns each origin (server/origins.ts): bound when the device claims it (enrolment, hello; signed by
   * its sync key) or at its first push that stores something of it. `sync_key` is the sync public key of the claim
   * (or of the first stored unit): units relayed by another device are taken only when signed by it; '' when not known.
   */
  origins: { origin: string; token_hash: string; max_seq: number; sync_key: string }
  changes: {
    origin: string
    seq: number
    tx: number
    tx_end: number
    hlc: string
    author: string
    tbl: string
    row_id: string
    col: string
    value: string
    status: string
    reason: string
    /** The seal of the unit this change ends (shared/sync/seal.ts), else null. */
    seal: string | null
    /**
     * The meeting the transaction belongs to (server/scope.ts): a meeting id, '' for data of every meeting
     * (rubrics), '*' for a transaction touching several meetings, null while it cannot be told yet.
     */
    scope: string | null
  }
  /** Sheets the secretariat reopened (a next revision may exist only after one). */
  reopened_sheets: { sheet_id: string }
  /** The secretariat's accepted scoring-started markers (shared/sync/scoringMarker.ts): rubric and rule-set changes they forbid are held. */
  scoring_markers: { meeting_id: string; hlc: string; value: string }
  /** Secretariat keys the server trusts: pinned when a secretariat device enrols with its key's certificate. */
  trust_anchors: { fingerprint: string; pinned_at: string }
  /** Projects each expert has submitted a sheet for (unlocks the others' sheets for them). */
  submissions: { expert_id: string; project_id: string }
  /** Fingerprints the secretariat registered, per expert (grow-only). */
  fingerprints: { expert_id: string; fingerprint: string }
  blobs: { sha256: string; data: Uint8Array; size: number }
  /** The meeting of each secretariat row that names one (directly or through its project or package). */
  row_meetings: { tbl: string; row_id: string; meeting_id: string }
  /** The meetings whose packages name a blob (package_files.sha256). */
  blob_meetings: { sha256: string; meeting_id: string }
  /** Per expert and project: assigned (assignments.deleted) and recused (declarations.kind), each last-writer-wins. */
  expert_projects: { expert_id: string; project_id: string; assigned: number; assigned_hlc: string; recused: number; recused_hlc: string }
  /** Per 修改稿 version (project_versions): its project and the re-reviewers the secretariat named, each last-writer-wins. */
  rereviewers: { version_id: string; project_id: string; project_hlc: string; reviewers: string; reviewers_hlc: string }
  /** What each device has stored on the server (its quotas). */
  device_usage: { token_hash: string; bytes: number; rejected: number }
  /** Enrolment attempts per client address in its current window (shared by every process on the store). */
  enrol_attempts: { address: string; window_start: number; attempts: number }
}

export const SCHEMA_SQL = (kind: 'sqlite' | 'pg'): string[] => {
  const big = kind === 'pg' ? 'BIGINT' : 'INTEGER'
  const bytes = kind === 'pg' ? 'BYTEA' : 'BLOB'
  return [
    'CREATE TABLE IF NOT EXISTS devices (token_hash TEXT PRIMARY KEY, author TEXT NOT NULL, name TEXT NOT NULL, meeting_id TEXT NOT NULL, created_at TEXT NOT NULL)',
    'CREATE TABLE IF NOT EXISTS join_codes (code_hash TEXT PRIMARY KEY, author TEXT NOT NULL, meeting_id TEXT NOT NULL, expires_at TEXT NOT NULL, used_at TEXT)',
    `CREATE TABLE IF NOT EXISTS origins (origin TEXT PRIMARY KEY, token_hash TEXT NOT NULL, max_seq ${big} NOT NULL, sync_key TEXT NOT NULL DEFAULT '')`,
    `CREATE TABLE IF NOT EXISTS changes (origin TEXT NOT NULL, seq ${big} NOT NULL, tx ${big} NOT NULL, tx_end ${big} NOT NULL, hlc TEXT NOT NULL,
      author TEXT NOT NULL, tbl TEXT NOT NULL, row_id TEXT NOT NULL, col TEXT NOT NULL, value TEXT NOT NULL, status TEXT NOT NULL,
      reason TEXT NOT NULL, seal TEXT, scope TEXT, PRIMARY KEY (origin, seq))`,
    'CREATE TABLE IF NOT EXISTS reopened_sheets (sheet_id TEXT PRIMARY KEY)',
    'CREATE TABLE IF NOT EXISTS scoring_markers (meeting_id TEXT NOT NULL, hlc TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (meeting_id, hlc))',
    'CREATE TABLE IF NOT EXISTS trust_anchors (fingerprint TEXT PRIMARY KEY, pinned_at TEXT NOT NULL)',
    "CREATE INDEX IF NOT EXISTS changes_held ON changes (status) WHERE status <> 'applied'",
    'CREATE TABLE IF NOT EXISTS submissions (expert_id TEXT NOT NULL, project_id TEXT NOT NULL, PRIMARY KEY (expert_id, project_id))',
    'CREATE TABLE IF NOT EXISTS fingerprints (expert_id TEXT NOT NULL, fingerprint TEXT NOT NULL, PRIMARY KEY (expert_id, fingerprint))',
    `CREATE TABLE IF NOT EXISTS blobs (sha256 TEXT PRIMARY KEY, data ${bytes} NOT NULL, size ${big} NOT NULL)`,
    'CREATE TABLE IF NOT EXISTS row_meetings (tbl TEXT NOT NULL, row_id TEXT NOT NULL, meeting_id TEXT NOT NULL, PRIMARY KEY (tbl, row_id))',
    'CREATE TABLE IF NOT EXISTS blob_meetings (sha256 TEXT NOT NULL, meeting_id TEXT NOT NULL, PRIMARY KEY (sha256, meeting_id))',
    `CREATE TABLE IF NOT EXISTS expert_projects (expert_id TEXT NOT NULL, project_id TEXT NOT NULL, assigned INTEGER NOT NULL, assigned_hlc TEXT NOT NULL,
      recused INTEGER NOT NULL, recused_hlc TEXT NOT NULL, PRIMARY KEY (expert_id, project_id))`,
    `CREATE TABLE IF NOT EXISTS rereviewers (version_id TEXT PRIMARY KEY, project_id TEXT NOT NULL, project_hlc TEXT NOT NULL,
      reviewers TEXT NOT NULL, reviewers_hlc TEXT NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS device_usage (token_hash TEXT PRIMARY KEY, bytes ${big} NOT NULL, rejected ${big} NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS enrol_attempts (address TEXT PRIMARY KEY, window_start ${big} NOT NULL, attempts INTEGER NOT NULL)`,
  ]
}

/** Columns added after a table was first created: added to an existing store when it opens. */
export const ADDED_COLUMNS: { table: keyof ServerSchema; column: string; type: string }[] = [
  { table: 'changes', column: 'scope', type: 'TEXT' },
  { table: 'changes', column: 'seal', type: 'TEXT' },
  { table: 'origins', column: 'sync_key', type: "TEXT NOT NULL DEFAULT ''" }
]
