/** Kysely table types of this device's own state and its sync machinery (never replicated as such). */
import type { Generated } from 'kysely'

/** Local, non-replicated facts of this database: origin id, sequence counter, clock. */
export interface DeviceMetaTable {
  key: string
  value: string
}

/** Local preferences (acting person, window size): never replicated. */
export interface LocalSettingsTable {
  key: string
  value: string
}

/** The operation log of SYNC.md: one row per field change, in the transaction that made it. */
export interface ChangeLogTable {
  origin: string
  seq: number
  /** seq of the first change of the transaction this change belongs to */
  tx: number
  hlc: string
  author: string
  tbl: string
  row_id: string
  col: string
  /** typed JSON */
  value: string
  status: string
  /** When it was logged, on rows logged before migration 0024; NULL since (nothing reads it). */
  received_at: Generated<string | null>
  /** Why a received change was rejected, held or deferred (0004_sync). */
  reason: Generated<string>
  /** The seal of the unit this change ends (0008_trust; shared/sync/seal.ts), else null. */
  seal: Generated<string | null>
}

/** This device's sync keys, one per author it writes as (0008_trust). */
export interface SyncSignersTable {
  author: string
  public_key: string
  /** The private key sealed under the device secret (secretBox). */
  private_key_enc: string
  /** JSON SyncKeyCert signed by the author's master key. */
  cert: string
  created_at: string
}

/** Secretariat keys this device trusts, by fingerprint (full 64 hex or the 32-hex read-aloud form) (0008_trust). */
export interface TrustAnchorsTable {
  fingerprint: string
  label: Generated<string>
  pinned_at: string
}

/** The secretariat's SM2 key on its own laptop, sealed under its PIN (0008_trust). */
export interface SecretariatKeyTable {
  id: number
  key_blob: string
  public_key: string
  fingerprint: string
  failed_pin_attempts: Generated<number>
  last_failed_at: string | null
  created_at: string
}

/** Sealed envelopes this device made or received, kept to relay and to open later (0009_sealed_envelopes). */
export interface SyncEnvelopesTable {
  origin: string
  from_seq: number
  to_seq: number
  author: string
  /** The id of the content key it is encrypted under. */
  kid: string
  /** JSON UnitEnvelope (shared/sync/unitEnvelope.ts): the whole envelope (version 1) or its header (version 2). */
  body: string
  received_at: string
  /** The ciphertext of a version 2 envelope as bytes (migration 0035); NULL for version 1. */
  ct: Uint8Array | null
}

/** The author's content keys per scope, sealed under the device secret, with their recipients' wrappings (0009). */
export interface SyncScopeKeysTable {
  author: string
  scope: string
  kid: string
  key_enc: string
  recipients: string
  wrapped: string
  created_at: string
}

/** Release grants: a content key wrapped to an expert's sync key (0009_sealed_envelopes). */
export interface SyncGrantsTable {
  kid: string
  fp: string
  body: string
}

/** A change_log row as read back (what the log holds for each field change). */
export type ChangeLogRow = Omit<ChangeLogTable, 'received_at'>

/** The HLC of the write that set each cell: the last-writer-wins merge compares against it. */
/** The clock of each cell of a replicated row (migration 0034): `clocks` is a JSON object { column: HLC }. */
export interface RowClockTable {
  tbl: string
  row_id: string
  clocks: string
}

/** Cells whose row cannot exist yet (its creating change or its parent row has not arrived): 0004_sync. */
export interface SyncPendingCellsTable {
  tbl: string
  row_id: string
  col: string
  /** JSON text of the winning write */
  value: string
  hlc: string
}

/** One sync run and its report (0004_sync). */
export interface SyncRunsTable {
  id: Generated<number>
  started_at: string
  finished_at: string | null
  transport: string
  target: string
  status: string
  sent: number
  received: number
  rejected: number
  /** SyncReport JSON */
  report: string
}

/** What was last read from each file of a sync folder (0004_sync). */
export interface SyncSourcesTable {
  source: string
  stamp: string
}
