/**
 * What changed between two versions of a proposal package (issue 12): the main document by chapter, the budget line
 * by line in the submitted structure (and against the 核定 amounts), the data lists and the findings. Amounts are
 * integer 分. Produced by the pure functions of shared/domain/revision; printed by `paneldesk package diff`.
 */

export interface DiffTextLine {
  op: 'add' | 'remove'
  text: string
  /** The page of the line in its version (null for formats without pages). */
  page: number | null
}

export interface ChapterDiff {
  title: string
  status: 'same' | 'changed' | 'added' | 'removed'
  /** First and last page of the chapter in each version (null: not in that version, or no pages). */
  oldPages: [number, number] | null
  newPages: [number, number] | null
  added: number
  removed: number
  /** The changed lines, at most MAX_LINES_PER_CHAPTER; `truncated` says more were left out. */
  lines: DiffTextLine[]
  truncated: boolean
  /** Too different to diff line by line within the bound: every line counted as removed and added. */
  rewritten: boolean
}

export interface DocumentDiff {
  title: string
  oldPath: string | null
  newPath: string | null
  status: 'same' | 'changed' | 'added' | 'removed'
  chapters: ChapterDiff[]
}

export interface BudgetLineSnapshot {
  /** The line's id in its version (the parser's "r<row>", or the stored id). */
  id: string
  numbering: string | null
  name: string
  /** The names of its enclosing groups, outermost first. */
  group: string[]
  unit: string | null
  quantity: number | null
  unitPriceFen: number | null
  amountFen: number | null
  isGroup: boolean
}

export type BudgetChange = 'name' | 'quantity' | 'unitPrice' | 'amount' | 'unit' | 'spec'

export type ApprovalStatus = 'as-approved' | 'not-as-approved' | 'new' | 'removed'

export const APPROVAL_LABELS: Record<ApprovalStatus, string> = {
  'as-approved': '按核定调整',
  'not-as-approved': '未按核定调整',
  new: '新增',
  removed: '已删除'
}

export interface LineApproval {
  status: ApprovalStatus
  /** The panel's 核定 amount of the old line (null for a new line). */
  approvedFen: number | null
  /** The new amount minus the 核定 (null when there is no 核定 or no new amount). */
  differenceFen: number | null
}

export interface BudgetLineDiff {
  status: 'same' | 'changed' | 'added' | 'removed'
  old: BudgetLineSnapshot | null
  new: BudgetLineSnapshot | null
  changes: BudgetChange[]
  /** Matched by name similarity (a renamed line), with the score (0 … 1). */
  renamed: { similarity: number } | null
  /** Moved from one group to another: the group names in each version. */
  moved: { from: string[]; to: string[] } | null
  /** New amount minus old amount (分); the whole amount for an added line, minus it for a removed one. */
  deltaFen: number
  /** Against the 核定 of the old line, when the caller knows them (leaf lines only). */
  approval: LineApproval | null
}

export interface BudgetTotals {
  /** Sum of the top-level lines. */
  computedFen: number
  /** The sheet's own 合计, if any. */
  sheetFen: number | null
  /** 送审投资 of the manifest. */
  declaredFen: number
}

export interface BudgetDiff {
  lines: BudgetLineDiff[]
  old: BudgetTotals
  new: BudgetTotals
  /** new.computed − old.computed. */
  deltaFen: number
  /** deltaFen / old.computed (0 when the old total is 0). */
  deltaRate: number
  counts: { same: number; changed: number; added: number; removed: number; moved: number; renamed: number }
  /** False when there were too many unmatched lines to compare names pairwise: renamed lines show as removed + added. */
  renameMatching: boolean
  /** Present when 核定 amounts were given. */
  approval: {
    approvedTotalFen: number
    /** The new amounts of the lines with a 核定 or added (leaf lines). */
    newTotalFen: number
    counts: Record<ApprovalStatus, number>
  } | null
}

export interface DataRowDiff {
  status: 'changed' | 'added' | 'removed'
  name: string
  /** For a changed row, the columns whose values differ. */
  fields: { column: string; label: string; old: string; new: string }[]
}

export interface DataListDiff {
  kind: 'dataCatalog' | 'dataNeeds'
  label: string
  oldCount: number
  newCount: number
  rows: DataRowDiff[]
  truncated: boolean
}

export interface FindingDigest {
  code: string
  article: number | null
  severity: string
  message: string
}

export interface FindingsDiff {
  appeared: FindingDigest[]
  disappeared: FindingDigest[]
  kept: number
}

export interface PackageDiff {
  format: 'paneldesk.package-diff/1'
  old: { name: string; sha256: string; declaredFen: number }
  new: { name: string; sha256: string; declaredFen: number; revises: string | null }
  /** Whether the new package names the old one's digest (null: it names none). */
  revisesOld: boolean | null
  documents: DocumentDiff[]
  budget: BudgetDiff
  dataLists: DataListDiff[]
  findings: FindingsDiff
}
