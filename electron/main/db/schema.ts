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
}

/** The HLC of the write that set each cell: the last-writer-wins merge compares against it. */
export interface FieldClockTable {
  tbl: string
  row_id: string
  col: string
  hlc: string
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
  field_clock: FieldClockTable
}
