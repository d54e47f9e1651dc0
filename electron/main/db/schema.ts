/** Kysely table types: the database as it is after the latest migration. */
import type { Generated } from 'kysely'

type Bool = number // SQLite stores booleans as 0/1

export interface MeetingsTable {
  id: string
  name: string
  date: string
  place: string
  organiser: string
  rubric_id: string
  merge_method: string
  status: string
  is_demo: Bool
  created_at: string
  deleted: Bool
  /** MeetingSettings JSON (0005_secretariat) */
  settings: string
  closed_at: string | null
}

export interface RubricsTable {
  id: string
  name: string
  version: number
  definition: string
  deleted: Bool
}

export interface ProjectsTable {
  id: string
  meeting_id: string
  name: string
  code: string
  owner_unit: string
  author_unit: string
  declared_investment: number
  approved_estimate: number | null
  summary: string
  sort_order: number
  deleted: Bool
}

export interface ExpertsTable {
  id: string
  meeting_id: string
  name: string
  unit: string
  title: string
  specialty: string
  phone: string
  past_units: string
  is_leader: Bool
  key_fingerprint: string
  deleted: Bool
}

export interface AssignmentsTable {
  id: string
  meeting_id: string
  project_id: string
  expert_id: string
  deleted: Bool
}

export interface ScoreSheetsTable {
  id: string
  meeting_id: string
  project_id: string
  expert_id: string
  revision: number
  status: string
  conclusion: string | null
  main_problems: string
  suggestions: string
  updated_at: string
  deleted: Bool
  /** SignedPayload JSON of a submitted revision */
  signed_payload: string | null
  submitted_at: string | null
  reopen_reason: string
  reopened_at: string | null
}

export interface CommitmentsTable {
  id: string
  meeting_id: string
  expert_id: string
  accepted_at: string
  text_digest: string
}

export interface DeclarationsTable {
  id: string
  meeting_id: string
  project_id: string
  expert_id: string
  kind: string
  reason: string
  declared_at: string
}

export interface BudgetReviewsTable {
  id: string
  sheet_id: string
  line_id: string
  approved_amount: number | null
  reason: string | null
  note: string
}

export interface ExpertSignaturesTable {
  id: string
  expert_id: string
  /** data:image/png;base64,… */
  image: string
  updated_at: string
  deleted: Bool
}

/** This laptop's expert identity (local only). */
export interface LocalIdentityTable {
  id: string
  name: string
  unit: string
  past_units: string
  title: string
  specialty: string
  phone: string
  id_number_enc: string
  key_blob: string | null
  public_key: string
  fingerprint: string
  failed_pin_attempts: number
  last_failed_at: string | null
  created_at: string
}

export interface ScoresTable {
  id: string
  sheet_id: string
  item_id: string
  value: number | null
  na: Bool
}

export interface OpinionsTable {
  id: string
  sheet_id: string
  dimension_id: string
  text: string
}

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
  received_at: Generated<string>
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

/** A change_log row as read back (what the log holds for each field change). */
export type ChangeLogRow = Omit<ChangeLogTable, 'received_at'>

/** The HLC of the write that set each cell: the last-writer-wins merge compares against it. */
export interface FieldClockTable {
  tbl: string
  row_id: string
  col: string
  hlc: string
}

/**
 * Local, never replicated (migration 0007): which package each project's derived rows (documents, pages, budget
 * lines, data lists, findings) were built from, or why they could not be (Chinese).
 */
export interface PackageDerivationsTable {
  project_id: string
  package_id: string | null
  sha256: string
  status: 'derived' | 'missing-files' | 'failed'
  error: string
  updated_at: string
}

/** The imported proposal package of a project (issue 3); the newest non-deleted one is current. */
export interface PackagesTable {
  id: string
  project_id: string
  /** SHA-256 of the archive (or of the sorted file digests for a folder). */
  sha256: string
  size: number
  source_name: string
  format: string
  manifest: string
  imported_at: string
  budget_path: string
  budget_format: string
  /** The unit the sheet was written in; stored amounts are always 万元. */
  budget_unit: string
  budget_sheet: string
  budget_notes: string
  computed_total: number
  sheet_total: number | null
  declared_total: number
  /** JSON: { path, sheetName, columns, missingColumns } or null */
  data_catalog: string | null
  data_needs: string | null
  deleted: Bool
}

/** Every file of a package, by content digest (the bytes live in the blob store). */
export interface PackageFilesTable {
  id: string
  package_id: string
  path: string
  size: number
  sha256: string
}

export interface PackageDocumentsTable {
  id: string
  project_id: string
  package_id: string
  path: string
  title: string
  role: string
  format: string
  page_count: number | null
  sha256: string
  size: number
  sort_order: number
  deleted: Bool
}

export interface DocumentPagesTable {
  id: string
  document_id: string
  /** 1-based; DOCX has one entry, page 1. */
  page: number
  text: string
}

/** Budget lines; id = naturalId(projectId, lineKey), stable across re-imports of the same sheet layout. */
export interface BudgetLinesTable {
  id: string
  project_id: string
  package_id: string
  /** The parser's id: "r" + source row. */
  line_key: string
  parent_id: string | null
  level: number
  numbering: string | null
  name: string
  spec: string | null
  unit: string | null
  quantity: number | null
  unit_price: number | null
  amount: number | null
  remark: string | null
  /** item | subtotal | total | memo */
  kind: string
  category: string
  source_row: number
  sort_order: number
  deleted: Bool
}

export interface DataListRowsTable {
  id: string
  project_id: string
  package_id: string
  kind: string
  source_row: number
  sort_order: number
  row_values: string
  deleted: Bool
}

export interface FindingsTable {
  id: string
  project_id: string
  package_id: string
  finding_key: string
  article: number | null
  code: string
  severity: string
  message: string
  /** JSON FindingRef[]; budget line refs carry stored line ids. */
  refs: string
  suggested_cut: string | null
  sort_order: number
  deleted: Bool
}

/** An expert's note pinned to a document page (owned by that expert). */
export interface DocumentNotesTable {
  id: string
  expert_id: string
  project_id: string
  document_id: string
  page: number | null
  text: string
  created_at: string
  updated_at: string
  deleted: Bool
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

/** The 组长's panel opinion of a project (0005_secretariat). */
export interface PanelOpinionsTable {
  id: string
  meeting_id: string
  project_id: string
  leader_id: string
  /** PanelDraft JSON */
  draft: string
  /** Record<lineId, { amount, reason }> JSON */
  budget_overrides: string
  status: string
  /** SignedPayload JSON (kind 'panel-opinion') once the 组长 has signed */
  signed_payload: string | null
  signed_at: string | null
  updated_at: string
  deleted: Bool
}

/** An expert's 偏离说明 per project and dimension (0005_secretariat). */
export interface DeviationNotesTable {
  id: string
  meeting_id: string
  project_id: string
  expert_id: string
  dimension_id: string
  text: string
  updated_at: string
}

export interface Schema {
  meetings: MeetingsTable
  rubrics: RubricsTable
  projects: ProjectsTable
  experts: ExpertsTable
  assignments: AssignmentsTable
  score_sheets: ScoreSheetsTable
  scores: ScoresTable
  opinions: OpinionsTable
  commitments: CommitmentsTable
  declarations: DeclarationsTable
  budget_reviews: BudgetReviewsTable
  expert_signatures: ExpertSignaturesTable
  local_identity: LocalIdentityTable
  device_meta: DeviceMetaTable
  local_settings: LocalSettingsTable
  change_log: ChangeLogTable
  sync_signers: SyncSignersTable
  trust_anchors: TrustAnchorsTable
  secretariat_key: SecretariatKeyTable
  field_clock: FieldClockTable
  sync_pending_cells: SyncPendingCellsTable
  sync_runs: SyncRunsTable
  sync_sources: SyncSourcesTable
  packages: PackagesTable
  package_files: PackageFilesTable
  package_documents: PackageDocumentsTable
  document_pages: DocumentPagesTable
  budget_lines: BudgetLinesTable
  data_list_rows: DataListRowsTable
  findings: FindingsTable
  document_notes: DocumentNotesTable
  package_derivations: PackageDerivationsTable
  panel_opinions: PanelOpinionsTable
  deviation_notes: DeviationNotesTable
}
