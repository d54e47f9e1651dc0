/** Kysely table types of proposal packages and what every device derives from their files (issue 3). */

type Bool = number // SQLite stores booleans as 0/1

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
  /** The digest of the rule set the rows were derived with (migration 0022). */
  rules_digest: string
  /** JSON array: the basis sheets the rows were derived with (migration 0032). */
  budget_sheets: string
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
  /** JSON array of sheet names the secretariat chose as the budget's basis; '[]': chosen by the reader (migration 0032). */
  budget_sheets: string
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
  /** JSON { reason } when the finding vetoes the project (migration 0012). */
  veto: string | null
  /** The rule set that produced it (migration 0022); '' for findings of other sources. */
  rule_set_version: string
  rule_set_digest: string
  sort_order: number
  deleted: Bool
}

/** A 修改稿 imported as the next version of a reviewed project (issue 12, migration 0016); replicated, secretariat. */
export interface ProjectVersionsTable {
  id: string
  meeting_id: string
  project_id: string
  /** 2, 3, …: version 1 is the project's own (reviewed) package. */
  version: number
  /** The packages row of this version (same project_id; never the project's current package). */
  package_id: string
  /** The SHA-256 the package's manifest says it revises ('' when it named none and the secretariat chose the project). */
  revises: string
  /** The package this version was compared against: the reviewed package or the previous version's. */
  base_package_id: string
  /** received (修改稿已收) | rereview (复核中) | done (复核完成) */
  stage: string
  /** JSON string[]: expert ids named to re-review. */
  reviewers: string
  created_at: string
  deleted: Bool
}

/** A point of the 整改落实 checklist of a version (issue 12, migration 0017). */
export interface FollowupItemsTable {
  id: string
  meeting_id: string
  project_id: string
  version_id: string
  /** problem (主要问题) | suggestion (修改建议) */
  kind: string
  /** 1-based within its kind, as the signed opinion numbers them. */
  number: number
  point: string
  /** JSON string[]: the experts who raised it. */
  authors: string
  answer: string
  /** number | text (matched from the 修改说明) | manual (typed in) | '' (none) */
  answer_source: string
  /** '' | done (已落实) | partial (部分落实) | open (未落实) */
  verdict: string
  note: string
  /** The named re-reviewer whose verdict this is. */
  reviewer_id: string
  updated_at: string
  deleted: number
}

/** A signer's signature over the 专家组复核意见 of a version (issue 12; migration 0020). */
export interface FollowupOpinionsTable {
  id: string
  meeting_id: string
  project_id: string
  version_id: string
  expert_id: string
  /** JSON SignedPayload (kind 'followup-opinion'). */
  signed_payload: string | null
  signed_at: string
  deleted: number
}
