/** Kysely table types: the database as it is after the latest migration. */
import type { ChangeLogTable, DeviceMetaTable, RowClockTable, LocalSettingsTable, SecretariatKeyTable, SyncPendingCellsTable, SyncRunsTable, SyncEnvelopesTable, SyncGrantsTable, SyncScopeKeysTable, SyncSignersTable, SyncSourcesTable, TrustAnchorsTable } from './schemaLocal'
import type { BudgetLinesTable, DataListRowsTable, DocumentPagesTable, FindingsTable, PackageDerivationsTable, PackageDocumentsTable, PackageFilesTable, PackagesTable, ProjectVersionsTable, FollowupItemsTable, FollowupOpinionsTable } from './schemaPackages'

export type * from './schemaLocal'
export type * from './schemaPackages'

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
  /** The secretariat's scoring-started statement JSON (0029_scoring_marker), null before scoring opens. */
  scoring_marker: string | null
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
  /** The expert's reason for a conclusion that departs from a veto ('' when none; migration 0023). */
  conclusion_reason: string
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
  /** JSON array of the warning sentences shown at declaration time; NULL when not recorded (migration 0028). */
  shown_conflicts: string | null
}

export interface BudgetReviewsTable {
  id: string
  sheet_id: string
  line_id: string
  approved_amount: number | null
  reason: string | null
  note: string
  /** JSON { added?, priceRef? } (migration 0021) or null. */
  extra: string | null
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

export interface BudgetBasisRequestsTable {
  id: string
  meeting_id: string
  project_id: string
  expert_id: string
  /** JSON array of sheet names. */
  sheets: string
  reason: string
  created_at: string
  deleted: number
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
  sync_envelopes: SyncEnvelopesTable
  sync_scope_keys: SyncScopeKeysTable
  sync_grants: SyncGrantsTable
  trust_anchors: TrustAnchorsTable
  secretariat_key: SecretariatKeyTable
  row_clock: RowClockTable
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
  budget_basis_requests: BudgetBasisRequestsTable
  project_versions: ProjectVersionsTable
  followup_items: FollowupItemsTable
  followup_opinions: FollowupOpinionsTable
}
