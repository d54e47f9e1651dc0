/**
 * The replicated tables and their columns. Every write to these tables goes through the one write path
 * (electron/main/db/changeWriter.ts), which records each field change in the operation log (SYNC.md).
 * Column names used in SQL come only from this registry, never from input.
 */
export type ColumnType = 'text' | 'real' | 'int' | 'bool' | 'json'

export interface ColumnSpec {
  type: ColumnType
  nullable: boolean
}

const t = (nullable = false): ColumnSpec => ({ type: 'text', nullable })
const r = (nullable = false): ColumnSpec => ({ type: 'real', nullable })
const i = (nullable = false): ColumnSpec => ({ type: 'int', nullable })
const b = (): ColumnSpec => ({ type: 'bool', nullable: false })
const j = (): ColumnSpec => ({ type: 'json', nullable: false })

export const REPLICATED_TABLES = {
  meetings: {
    name: t(), date: t(), place: t(), organiser: t(), rubric_id: t(), merge_method: t(), status: t(),
    is_demo: b(), created_at: t(), deleted: b(),
    // The secretariat's console (issue 7): merge rules and thresholds (MeetingSettings JSON), closing time.
    settings: j(), closed_at: t(true),
    // The secretariat's signed "scoring started" statement (migration 0029, shared/sync/scoringMarker.ts).
    scoring_marker: { type: 'json', nullable: true }
  },
  rubrics: { name: t(), version: i(), definition: j(), deleted: b() },
  projects: {
    meeting_id: t(), name: t(), code: t(), owner_unit: t(), author_unit: t(), declared_investment: r(),
    approved_estimate: r(true), summary: t(), sort_order: i(), deleted: b()
  },
  experts: {
    meeting_id: t(), name: t(), unit: t(), title: t(), specialty: t(), phone: t(), past_units: j(),
    is_leader: b(), key_fingerprint: t(), deleted: b()
  },
  assignments: { meeting_id: t(), project_id: t(), expert_id: t(), deleted: b() },
  score_sheets: {
    meeting_id: t(), project_id: t(), expert_id: t(), revision: i(), status: t(), conclusion: t(true),
    main_problems: j(), suggestions: j(), updated_at: t(), deleted: b(),
    signed_payload: { type: 'json', nullable: true }, submitted_at: t(true), reopen_reason: t(), reopened_at: t(true),
    // An expert's reason for a conclusion that departs from a veto (issue 14; migration 0023).
    conclusion_reason: t()
  },
  commitments: { meeting_id: t(), expert_id: t(), accepted_at: t(), text_digest: t() },
  declarations: {
    meeting_id: t(), project_id: t(), expert_id: t(), kind: t(), reason: t(), declared_at: t(),
    // The unit-match warnings the expert was shown when declaring (migration 0028): JSON array, NULL when not recorded.
    shown_conflicts: { type: 'json', nullable: true }
  },
  budget_reviews: {
    sheet_id: t(), line_id: t(), approved_amount: r(true), reason: t(true), note: t(),
    // 核增 of an added line and the price citation of a 单价偏高 cut (migration 0021): JSON or NULL.
    extra: { type: 'json', nullable: true }
  },
  expert_signatures: { expert_id: t(), image: t(), updated_at: t(), deleted: b() },
  scores: { sheet_id: t(), item_id: t(), value: r(true), na: b() },
  opinions: { sheet_id: t(), dimension_id: t(), text: t() },
  // Proposal packages (issue 3), written by the secretariat at import; rows are immutable per package except the
  // budget basis (budget_sheets and the budget columns read with it, services/budgetBasis.ts). Only what
  // the secretariat decided replicates (the package and its files, which travel as blobs); what is read out of the
  // files (documents, page text, budget lines, data lists, findings) is derived on every device: DERIVED_TABLES.
  packages: {
    project_id: t(), sha256: t(), size: i(), source_name: t(), format: t(), manifest: j(), imported_at: t(),
    budget_path: t(), budget_format: t(), budget_unit: t(), budget_sheet: t(), budget_notes: j(),
    computed_total: r(), sheet_total: r(true), declared_total: r(),
    data_catalog: { type: 'json', nullable: true }, data_needs: { type: 'json', nullable: true }, deleted: b(),
    // The sheet(s) the secretariat made the basis of review, [] = the reader's choice (migration 0032).
    budget_sheets: j()
  },
  package_files: { package_id: t(), path: t(), size: i(), sha256: t() },
  // The expert's own notes pinned to a document page (owned by that expert).
  document_notes: {
    expert_id: t(), project_id: t(), document_id: t(), page: i(true), text: t(), created_at: t(), updated_at: t(), deleted: b()
  },
  // The 组长's panel opinion per project (issue 7): written by that 组长 and by the secretariat.
  panel_opinions: {
    meeting_id: t(), project_id: t(), leader_id: t(), draft: j(), budget_overrides: j(), status: t(),
    signed_payload: { type: 'json', nullable: true }, signed_at: t(true), updated_at: t(), deleted: b()
  },
  // An expert's 偏离说明 for a dimension of a project (issue 7): written by that expert only.
  deviation_notes: { meeting_id: t(), project_id: t(), expert_id: t(), dimension_id: t(), text: t(), updated_at: t() },
  // An expert's request that the secretariat make other budget sheets the basis of review (migration 0037): that expert only.
  budget_basis_requests: { meeting_id: t(), project_id: t(), expert_id: t(), sheets: j(), reason: t(), created_at: t(), deleted: b() },
  // A 修改稿 imported as the next version of a reviewed project (issue 12): written by the secretariat. Its package
  // is a packages row of the same project that never becomes the current one (services/projectVersions.ts).
  project_versions: {
    meeting_id: t(), project_id: t(), version: i(), package_id: t(), revises: t(), base_package_id: t(), stage: t(),
    reviewers: j(), created_at: t(), deleted: b()
  },
  // The 整改落实 checklist of a version (issue 12): one row per point of the signed opinion, written by the secretariat.
  followup_items: {
    meeting_id: t(), project_id: t(), version_id: t(), kind: t(), number: i(), point: t(), authors: j(), answer: t(), answer_source: t(),
    verdict: t(), note: t(), reviewer_id: t(), updated_at: t(), deleted: b()
  },
  // The signatures of the 专家组复核意见 of a version (issue 12): one row per signer (its SM2 signature inside), written by the secretariat.
  followup_opinions: { meeting_id: t(), project_id: t(), version_id: t(), expert_id: t(), signed_payload: { type: 'json', nullable: true }, signed_at: t(), deleted: b() },
  // 价格参考 (issue 13): the references the secretariat chose to travel with a meeting (money in 分).
  meeting_price_refs: {
    meeting_id: t(), name: t(), spec: t(), unit: t(), unit_price_fen: i(), submitted_price_fen: i(true), group_name: t(true),
    project: t(), source: t(), ref_date: t(), deleted: b()
  },
  // Rules as data (issue 14): the rule set a meeting uses (the whole JSON), written by the secretariat.
  meeting_rule_sets: { meeting_id: t(), definition: j(), updated_at: t(), deleted: b() }
} as const satisfies Record<string, Record<string, ColumnSpec>>

export type ReplicatedTable = keyof typeof REPLICATED_TABLES

/**
 * Local tables derived on each device from a package's content-addressed files (services/packageDerive.ts):
 * never logged, never sent. Builds before this change replicated them; changes to them that such a peer still
 * sends are logged and skipped (neither applied nor deferred), so the rest of their transaction still applies.
 */
export const DERIVED_TABLES: readonly string[] = ['package_documents', 'document_pages', 'budget_lines', 'data_list_rows', 'findings']

export function isDerivedTable(name: string): boolean {
  return DERIVED_TABLES.includes(name)
}
export type ColumnOf<T extends ReplicatedTable> = keyof (typeof REPLICATED_TABLES)[T] & string

export function isReplicatedTable(name: string): name is ReplicatedTable {
  return Object.prototype.hasOwnProperty.call(REPLICATED_TABLES, name)
}
