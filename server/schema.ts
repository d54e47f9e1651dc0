/** The sync server's tables (the same on SQLite and PostgreSQL). */
export interface ServerSchema {
  devices: { token_hash: string; author: string; name: string; meeting_id: string; created_at: string }
  join_codes: { code_hash: string; author: string; meeting_id: string; expires_at: string; used_at: string | null }
  /** Which device may push each origin (bound at its first push). */
  origins: { origin: string; token_hash: string; max_seq: number }
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
  }
  /** Sheets the secretariat reopened (a next revision may exist only after one). */
  reopened_sheets: { sheet_id: string }
  /** Secretariat keys the server trusts: pinned when a secretariat device enrols with its key's certificate. */
  trust_anchors: { fingerprint: string; pinned_at: string }
  /** Projects each expert has submitted a sheet for (unlocks the others' sheets for them). */
  submissions: { expert_id: string; project_id: string }
  /** Fingerprints the secretariat registered, per expert (grow-only). */
  fingerprints: { expert_id: string; fingerprint: string }
  blobs: { sha256: string; data: Uint8Array; size: number }
}

export const SCHEMA_SQL = (kind: 'sqlite' | 'pg'): string[] => {
  const big = kind === 'pg' ? 'BIGINT' : 'INTEGER'
  const bytes = kind === 'pg' ? 'BYTEA' : 'BLOB'
  return [
    'CREATE TABLE IF NOT EXISTS devices (token_hash TEXT PRIMARY KEY, author TEXT NOT NULL, name TEXT NOT NULL, meeting_id TEXT NOT NULL, created_at TEXT NOT NULL)',
    'CREATE TABLE IF NOT EXISTS join_codes (code_hash TEXT PRIMARY KEY, author TEXT NOT NULL, meeting_id TEXT NOT NULL, expires_at TEXT NOT NULL, used_at TEXT)',
    `CREATE TABLE IF NOT EXISTS origins (origin TEXT PRIMARY KEY, token_hash TEXT NOT NULL, max_seq ${big} NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS changes (origin TEXT NOT NULL, seq ${big} NOT NULL, tx ${big} NOT NULL, tx_end ${big} NOT NULL, hlc TEXT NOT NULL,
      author TEXT NOT NULL, tbl TEXT NOT NULL, row_id TEXT NOT NULL, col TEXT NOT NULL, value TEXT NOT NULL, status TEXT NOT NULL,
      reason TEXT NOT NULL, seal TEXT, PRIMARY KEY (origin, seq))`,
    'CREATE TABLE IF NOT EXISTS reopened_sheets (sheet_id TEXT PRIMARY KEY)',
    'CREATE TABLE IF NOT EXISTS trust_anchors (fingerprint TEXT PRIMARY KEY, pinned_at TEXT NOT NULL)',
    "CREATE INDEX IF NOT EXISTS changes_held ON changes (status) WHERE status <> 'applied'",
    'CREATE TABLE IF NOT EXISTS submissions (expert_id TEXT NOT NULL, project_id TEXT NOT NULL, PRIMARY KEY (expert_id, project_id))',
    'CREATE TABLE IF NOT EXISTS fingerprints (expert_id TEXT NOT NULL, fingerprint TEXT NOT NULL, PRIMARY KEY (expert_id, fingerprint))',
    `CREATE TABLE IF NOT EXISTS blobs (sha256 TEXT PRIMARY KEY, data ${bytes} NOT NULL, size ${big} NOT NULL)`
  ]
}
