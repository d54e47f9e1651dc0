/** Plain objects of the secretariat's console (issue 7). Amounts in 万元. */
import type { Conclusion } from '../domain/conclusion'
import type { VetoOverride } from '../domain/vetoOverride'
import type { RubricProblem, RubricTable } from '../domain/rubricTable'
import type { RubricDefinition } from '../domain/rubric'
import type { BudgetCategoryTotal, MeetingSettings, MergeMethod, ProjectMerge, RankedProject } from '../domain/merge'
import type { RosterProblem } from '../domain/roster'

export type MeetingPhase = 'preparing' | 'open' | 'closed'

export interface ConsoleExpert {
  id: string
  name: string
  unit: string
  title: string
  specialty: string
  phone: string
  pastUnits: string[]
  isLeader: boolean
  /** Registered key fingerprint (64 or 32 hex), '' when none. */
  fingerprint: string
  /** Grouped for reading aloud ('' when none). */
  fingerprintGrouped: string
}

export interface ConsoleProject {
  id: string
  name: string
  code: string
  ownerUnit: string
  authorUnit: string
  declaredInvestment: number
  sortOrder: number
  /** Sheets exist for it: it can no longer be removed. */
  hasSheets: boolean
}

export interface ConsoleSettings {
  meetingId: string
  name: string
  date: string
  place: string
  organiser: string
  phase: MeetingPhase
  closedAt: string | null
  rubricId: string
  rubricName: string
  rubricVersion: number
  rubricTotalPoints: number
  /** Rubric versions stored in this database that the meeting may use. */
  rubrics: { id: string; name: string; version: number }[]
  /** The rubric can no longer change once a sheet exists. */
  rubricLocked: boolean
  settings: MeetingSettings
  isDemo: boolean
}

export interface ConsoleMeeting {
  settings: ConsoleSettings
  projects: ConsoleProject[]
  experts: ConsoleExpert[]
}

export interface RosterImportResult {
  ok: boolean
  added: number
  /** Rows already in the meeting (same name and unit): skipped. */
  skipped: { row: number; name: string }[]
  problems: RosterProblem[]
  format: 'xlsx' | 'xls' | 'csv' | null
  encoding: string | null
}

// ---------------------------------------------------------------------------------------------------------
// Assignment matrix
// ---------------------------------------------------------------------------------------------------------

export interface MatrixCell {
  expertId: string
  assigned: boolean
  /** 回避 from unit names (findConflicts), as sentences. */
  conflicts: string[]
  /** The expert declared 回避 for the project. */
  recused: boolean
  /** The expert's declaration for the project (回避 with its reason, or 无利害关系 with its explanation), if made. */
  declaration: {
    kind: 'none' | 'recuse'
    reason: string
    declaredAt: string
    /**
     * The unit-match warnings the expert was shown when declaring (as sentences naming the expert), kept with the
     * declaration; null for a declaration made before they were kept (then only `conflicts`, recomputed, exist).
     */
    shownConflicts: string[] | null
  } | null
  /** The expert has a sheet for the project (assignment can no longer be removed). */
  hasSheet: boolean
}

export interface MatrixRow {
  projectId: string
  name: string
  ownerUnit: string
  authorUnit: string
  cells: MatrixCell[]
  /** Assigned experts not recused. */
  panelSize: number
  problems: string[]
}

export interface AssignmentMatrix {
  experts: { id: string; name: string; unit: string; isLeader: boolean }[]
  rows: MatrixRow[]
  rules: MeetingSettings['panel']
  problemCount: number
}

// ---------------------------------------------------------------------------------------------------------
// Live board
// ---------------------------------------------------------------------------------------------------------

export type BoardState = 'not-started' | 'declared' | 'recused' | 'scoring' | 'submitted' | 'tampered' | 'unverifiable' | 'reopened'

export interface BoardCell {
  expertId: string
  name: string
  state: BoardState
  label: string
  detail: string
  /** The newest sheet revision (reopen target when submitted). */
  sheetId: string | null
  revision: number | null
  submittedAt: string | null
  /** Counted in the merge: submitted with a valid signature. */
  counted: boolean
}

export interface BoardRow {
  projectId: string
  name: string
  cells: BoardCell[]
  submitted: number
  expected: number
  tampered: number
}

export interface LiveBoard {
  meetingId: string
  phase: MeetingPhase
  rows: BoardRow[]
  at: string
}

// ---------------------------------------------------------------------------------------------------------
// Merging
// ---------------------------------------------------------------------------------------------------------

export interface DeviationNoteView {
  expertId: string
  dimensionId: string
  text: string
  updatedAt: string
}

export interface ProjectMergeView {
  projectId: string
  name: string
  /** Experts whose valid signed sheets are counted. */
  counted: { expertId: string; name: string; conclusion: Conclusion; revision: number }[]
  /** Experts expected but not counted, with why. */
  missing: { expertId: string; name: string; reason: string }[]
  merge: ProjectMerge | null
  notes: DeviationNoteView[]
  /** Counted experts whose conclusion overrides a veto, with their signed reasons (issue 14). */
  vetoOverrides: VetoOverride[]
}

export interface BudgetLineView {
  lineId: string
  name: string
  category: string
  submitted: number
  approvals: { expertId: string; amount: number; reason: string | null }[]
  merged: number
  spread: number
  override: { amount: number; reason: string } | null
  approved: number
  /** The submitted group the line sits in, with its enclosing groups ('' when outside any group). */
  group: string
}

/** A group of the submitted budget with its merged 小计: 审减 and 核增 apart (issue 14 item 2). */
export interface BudgetGroupTotal {
  /** The group line's id; '' for the row of lines outside any group. */
  id: string
  label: string
  depth: number
  submitted: number
  approved: number
  cut: number
  increase: number
  cutRate: number
}

export interface ProjectBudgetView {
  projectId: string
  method: MergeMethod
  experts: { expertId: string; name: string }[]
  lines: BudgetLineView[]
  /** The submitted structure's groups, in budget order: the skeleton of the merge (categories are a facet). */
  groups: BudgetGroupTotal[]
  categories: BudgetCategoryTotal[]
  total: BudgetCategoryTotal
  /** Lines shown (the most disputed first) out of all lines. */
  shown: number
  lineCount: number
}

export interface MeetingMergeView {
  meetingId: string
  settings: MeetingSettings
  projects: ProjectMergeView[]
  ranking: RankedProject[]
}

// ---------------------------------------------------------------------------------------------------------
// Panel opinion
// ---------------------------------------------------------------------------------------------------------

export interface AuthoredText {
  text: string
  /** Expert names who wrote it (grouped by identical text). */
  authors: string[]
}

/** The editable parts of a panel opinion (the rest comes from the merged data). */
export interface PanelDraft {
  process: string
  opinions: Record<string, string>
  problems: string[]
  suggestions: string[]
  conclusion: Conclusion
}

export interface PanelOpinionView {
  projectId: string
  projectName: string
  /** Why the opinion cannot be drafted yet ('' when it can). */
  blocked: string
  leader: { id: string; name: string } | null
  /** This laptop acts as the 组长 (who may sign). */
  actingIsLeader: boolean
  draft: PanelDraft | null
  /** What the sheets say, grouped with their authors (to pick from). */
  gathered: { problems: AuthoredText[]; suggestions: AuthoredText[]; opinions: Record<string, AuthoredText[]> }
  dimensions: { id: string; name: string; points: number; score: number }[]
  total: number
  suggestedConclusion: Conclusion
  dissent: { name: string; conclusion: Conclusion }[]
  /** Experts whose signed conclusion overrides a veto, with their reasons (issue 14). */
  vetoOverrides: VetoOverride[]
  budget: { submittedTotal: number; approvedTotal: number; cutTotal: number; cutRate: number; overrides: number }
  status: 'draft' | 'signed' | 'stale'
  signedAt: string | null
  signatureCheck: { status: 'valid' | 'tampered' | 'unverifiable'; reason: string } | null
  updatedAt: string | null
}

// ---------------------------------------------------------------------------------------------------------
// Audit log, closing, archives
// ---------------------------------------------------------------------------------------------------------

export type AuditKind =
  | 'reopen'
  | 'override'
  | 'leader'
  | 'fingerprint'
  | 'removal'
  | 'settings'
  | 'assignment'
  | 'panel-signed'
  | 'closed'
  | 'phase'

export interface AuditEntry {
  at: string
  author: string
  authorName: string
  kind: AuditKind
  kindLabel: string
  what: string
  detail: string
}

export interface ArchiveSummary {
  path: string
  fileName: string
  sizeBytes: number
  files: number
  rows: number
  blobs: number
  signatures: number
  digest: string
}

export interface ArchiveVerification {
  status: '有效' | '已篡改' | '无法验证'
  reason: string
  meetingName: string
  createdAt: string
  files: number
  signatures: { signer: string; kind: string; status: string; reason: string }[]
  problems: string[]
}

export interface CloseCheck {
  canClose: boolean
  /** Things still open (unsigned panel opinions, unsubmitted sheets): warnings, not blockers. */
  warnings: string[]
}

// ---------------------------------------------------------------------------------------------------------
// Rubric editor (issue 14, item 7)
// ---------------------------------------------------------------------------------------------------------

export interface RubricEditorView {
  meetingId: string
  rubricId: string
  version: number
  table: RubricTable
  rubric: RubricDefinition
  /** Why the rubric can no longer change (an expert sheet exists), or null. */
  locked: string | null
  /** Stored versions of this rubric, newest first. */
  versions: { rubricId: string; version: number; name: string }[]
}

/** A rubric read from a file: the table (null when unreadable) and every problem; nothing is applied. */
export interface RubricFileResult {
  table: RubricTable | null
  problems: RubricProblem[]
}
