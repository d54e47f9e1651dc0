import type { Article11Adjustment } from '../domain/revision/adjustment'
/** API objects of proposal packages (issue 3) and of chunked file transfer. Amounts in 万元. */
import type { BudgetCategory } from '../domain/budget/types'
import type { SheetCheckWords } from '../domain/compliance/sheetChecks'
import type { FindingRef, FindingSeverity, FindingVeto, SuggestedCut } from '../domain/compliance/types'
import type { PackageDiff } from '../domain/revision/types'

export interface UploadTicket {
  uploadId: string
  /** The largest chunk `uploads.append` accepts (bytes before base64). */
  chunkBytes: number
}

export interface ImportResult {
  projectId: string
  projectName: string
  packageId: string
  lineCount: number
  documentCount: number
  findingCount: number
  /** True when the same package (same digest) was already imported for this project: nothing was changed. */
  unchanged: boolean
  /** Set when the package was imported as a 修改稿: the next version of a reviewed project (issue 12). */
  version?: { id: string; number: number; revises: string }
}

/** 复核 stage of a project's newest version: 评审 (no 修改稿 yet) → 修改稿已收 → 复核中 → 复核完成. */
export type VersionStage = 'received' | 'rereview' | 'done'

export interface PackageVersionSummary {
  packageId: string
  sha256: string
  sourceName: string
  importedAt: string
  /** 送审投资 of this version's manifest, 万元. */
  declaredTotal: number
  /** Sum of the version's budget lines, 万元. */
  computedTotal: number
}

/** A project's reviewed package (version 1) and its later versions (修改稿), oldest first. */
export interface ProjectVersionsView {
  projectId: string
  projectName: string
  stage: VersionStage | 'review'
  /** Why the 复核安排 (re-reviewers, stage) cannot be changed on this laptop ('' when it can): an expert's laptop. */
  arrangeRefusal: string
  reviewed: PackageVersionSummary | null
  versions: (PackageVersionSummary & {
    id: string
    version: number
    /** The digest the 修改稿's manifest names ('' when none: the secretariat chose the project). */
    revises: string
    /** Which version that digest is (1 = the reviewed package), or null when it is none of them. */
    revisesVersion: number | null
    basePackageId: string
    stage: VersionStage
    reviewers: { id: string; name: string }[]
  })[]
}

export interface PackageSummary {
  id: string
  sha256: string
  size: number
  sourceName: string
  importedAt: string
  budgetPath: string
  /** The unit the sheet was written in (amounts here are always 万元). */
  budgetUnit: '万元' | '元'
  budgetSheet: string
  computedTotal: number
  sheetTotal: number | null
  declaredTotal: number
}

export interface DocumentView {
  id: string
  path: string
  title: string
  role: 'main' | 'attachment'
  format: 'pdf' | 'docx' | 'other'
  pageCount: number | null
  size: number
  sha256: string
}

/**
 * Documents, budget lines, data lists and findings are derived on each device from the package's files: `ready`,
 * `processing` (材料处理中: received through sync, being read), `missing-files` (材料文件尚未同步: the files have not
 * arrived yet; tried again after the next sync), `failed` (the files could not be read; `message` says why), or
 * `none` (no package).
 */
export interface MaterialsDerivation {
  state: 'none' | 'ready' | 'processing' | 'missing-files' | 'failed'
  /** Chinese, for the project page (null when ready or without a package). */
  message: string | null
}

export interface ProjectMaterials {
  projectId: string
  package: PackageSummary | null
  documents: DocumentView[]
  counts: { budgetLines: number; dataCatalog: number; dataNeeds: number; findings: number; warnings: number }
  derivation: MaterialsDerivation
}

export type BudgetLineKind = 'item' | 'subtotal' | 'total' | 'memo'

export interface BudgetLineView {
  /** Stored id (what budget reviews and findings refer to). */
  id: string
  parentId: string | null
  level: number
  numbering: string | null
  name: string
  spec: string | null
  unit: string | null
  quantity: number | null
  unitPrice: number | null
  amount: number | null
  remark: string | null
  kind: BudgetLineKind
  category: BudgetCategory
  sourceRow: number
  hasChildren: boolean
}

export interface BudgetView {
  projectId: string
  path: string
  sheetName: string
  sourceUnit: '万元' | '元'
  computedTotal: number
  sheetTotal: number | null
  declaredTotal: number
  notes: string[]
  lines: BudgetLineView[]
}

export type DataListKindName = 'dataCatalog' | 'dataNeeds'

export interface DataListView {
  kind: DataListKindName
  present: boolean
  path: string | null
  sheetName: string | null
  columns: { key: string; label: string }[]
  missingColumns: string[]
  rows: { id: string; sourceRow: number; values: Record<string, string | null> }[]
}

export interface FindingView {
  id: string
  article: number | null
  code: string
  severity: FindingSeverity
  message: string
  /** Budget line refs carry stored line ids; document refs carry the document id when it is in the package. */
  refs: (FindingRef & { documentId?: string | null })[]
  suggestedCut: SuggestedCut | null
  /** When the finding vetoes the project (the suggested conclusion is then 不予通过, with this reason). */
  veto: FindingVeto | null
  /** The rule set that produced it (version and digest); null for findings of other sources. */
  ruleSet: { version: string; digest: string } | null
}

export interface FileChunk {
  /** base64 */
  data: string
  offset: number
  size: number
  sha256: string
}

export interface DocumentHtml {
  /** Raw mammoth output: the renderer must sanitise it (DOMPurify) before showing it. */
  html: string
  messages: string[]
}

export interface SearchHit {
  page: number | null
  /** Plain text around the hit (never HTML). */
  before: string
  match: string
  after: string
}

export interface DocumentNoteView {
  id: string
  documentId: string
  page: number | null
  text: string
  createdAt: string
  updatedAt: string
}

export interface BuiltPackage {
  /** An upload id holding the .pdpkg bytes, readable with `uploads.read` and importable with `packages.import`. */
  uploadId: string
  fileName: string
  size: number
  findingCount: number
}

/** A 修改稿 compared with the reviewed package, its budget set against the 组长's signed 核定 (issue 12). */
export interface VersionDiffView {
  versionId: string
  version: number
  projectId: string
  diff: PackageDiff
  /** The signed 专家组评审意见 the 核定 amounts come from, or null (then `approvalNote` says why, in Chinese). */
  approval: { leaderName: string; signedAt: string; conclusion: string; digest: string } | null
  approvalNote: string
  /** 第十一条: the 修改稿's 送审投资 against the approved 概算 (its manifest's, else the signed 核定 total); null when there is neither. */
  adjustment: Article11Adjustment | null
}

/** One sheet of a project's budget workbook, as the basis select lists it (issue 14 item 1). */
export interface BudgetSheetOption {
  name: string
  /** detail | summary | notes | other: what the reader took the sheet for. */
  role: string
  /** Read as (part of) the budget under review now. */
  read: boolean
  lineCount: number
  /** The sheet's 合计 in 万元, null when it has no readable budget. */
  total: number | null
  /** Hidden in the workbook (listed all the same; the reader treats it as any other sheet). */
  hidden: boolean
  /** Why the reader gave the sheet its role and read it or not (Chinese). */
  reason: string
}

export interface BudgetSheetsView {
  projectId: string
  path: string
  format: 'xlsx' | 'xls' | 'csv'
  /** The sheets the secretariat made the basis of review; [] = the sheets the reader chose itself. */
  basis: string[]
  sheets: BudgetSheetOption[]
  /**
   * Whether the basis can be changed here and now, else the Chinese reason; `askSecretariat`: the viewer is an
   * expert and the secretariat could still change it (meeting open, scoring not started, nothing typed on the budget).
   */
  change: { allowed: boolean; reason: string | null; askSecretariat: boolean }
  /** Experts' requests for another basis: all of them for the secretariat, an expert's own for that expert. */
  requests: BudgetBasisRequestView[]
}

/** An expert's request that the secretariat make other sheets the basis (migration 0037). */
export interface BudgetBasisRequestView {
  expertId: string
  expertName: string
  sheets: string[]
  reason: string
  createdAt: string
  /** The acting expert's own request. */
  mine: boolean
  /** The requested sheets are the basis now. */
  met: boolean
}

/** A sheet's parsed lines, read-only: never stored, never reviewed (the preview before a basis change). */
export interface BudgetSheetPreview extends SheetCheckWords {
  projectId: string
  sheetName: string
  sourceUnit: '万元' | '元'
  computedTotal: number
  sheetTotal: number | null
  notes: string[]
  lines: BudgetLineView[]
  // From SheetCheckWords: `arithmetic` (the sheet's own 数量×单价, 小计, 合计, as the findings word them; at most
  // PREVIEW_CHECKS_SHOWN) and `reconciliation` (汇总 vs 明细: the workbook's summary against it, or it, a summary,
  // against the basis).
}

export interface BudgetBasisResult {
  basis: string[]
  sheetName: string
  previousSheetName: string
  lineCount: number
  previousLineCount: number
  findingCount: number
}
