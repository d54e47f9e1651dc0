/** What the documents API returns: readiness of each document, previews, export summaries, verification reports. */

export type DocumentKindId = 'expert-opinion' | 'panel-opinion' | 'score-summary' | 'budget-comparison'

export const DOCUMENT_KIND_IDS: readonly DocumentKindId[] = ['expert-opinion', 'panel-opinion', 'score-summary', 'budget-comparison']

/**
 * The state of one expert's sheet for a project, as the documents see it:
 * signed (a valid signed revision), draft (not submitted yet), reopened (returned for revision, not re-submitted),
 * missing (nothing yet), recused (申请回避: not expected), tampered (the stored signature fails), unverifiable.
 */
export type SheetDocState = 'signed' | 'draft' | 'reopened' | 'missing' | 'recused' | 'tampered' | 'unverifiable'

export interface ExpertSheetStatus {
  expertId: string
  name: string
  isLeader: boolean
  state: SheetDocState
  /** Why (Chinese), '' when signed with a registered key. */
  reason: string
  revision: number | null
  submittedAt: string | null
  /** Short SM3 digest of the signed content ('' when none). */
  digestShort: string
  /** False when the meeting has no registered key fingerprint for the expert (integrity-only check). */
  fingerprintRegistered: boolean
}

export interface DocumentItem {
  /** Stable key: projectId/kind[/expertId]. */
  key: string
  kind: DocumentKindId
  /** 专家个人评审意见表, 专家组评审意见, … */
  label: string
  projectId: string
  expertId: string | null
  expertName: string | null
  fileName: string
  ready: boolean
  /** Why it cannot be made yet (Chinese), '' when ready. */
  reason: string
}

export interface ProjectDocuments {
  projectId: string
  name: string
  sortOrder: number
  experts: ExpertSheetStatus[]
  documents: DocumentItem[]
  panelReady: boolean
  panelReason: string
}

export interface MeetingDocuments {
  meetingId: string
  meetingName: string
  /** Where exports go unless the user chooses another folder (under the data folder). */
  defaultFolder: string
  projects: ProjectDocuments[]
  readyCount: number
  totalCount: number
}

/** 身份未确认: signatures and content intact, but the signers' keys are not anchored (签名完整，但无法确认签名人身份). */
export type DocumentStatusLabel = '有效' | '已篡改' | '无法验证' | '身份未确认'

export interface SignatureCheckView {
  signerId: string
  signerName: string
  kind: 'expert-sheet' | 'panel-opinion' | 'followup-opinion'
  role: 'source' | 'leader'
  digest: string
  fingerprint: string
  status: 'valid' | 'tampered' | 'unverifiable'
  reason: string
  /** How the key is tied to the person: the trusted secretariat's charter, a registered fingerprint, or not. */
  identity: 'charter' | 'registered' | 'unconfirmed'
}

/** The secretariat's signed statement of the document's signers (docs/signatures.md, charter statement). */
export interface CharterView {
  status: 'valid' | 'tampered'
  reason: string
  secretariatFingerprint: string
  trusted: boolean
  meetingName: string
  organiser: string
  issuedAt: string
}

export interface MismatchView {
  what: string
  expected: string
  found: string
}

/** The verifier's report (electron/main/documents/verify.ts VerifyDocxResult). */
export interface DocumentVerification {
  status: DocumentStatusLabel
  documentKind: string
  signatures: SignatureCheckView[]
  mismatches: MismatchView[]
  reason: string
  notes: string[]
  charter: CharterView | null
}

/** 恢复签名原文: the regenerated document (base64) under a new name, and its verification on this computer. */
export interface RestoredDocument {
  fileName: string
  base64: string
  verification: DocumentVerification
}

export interface DocumentPreview {
  kind: DocumentKindId
  label: string
  fileName: string
  /** The document as HTML made by mammoth on the backend (text escaped); the renderer sanitizes it again. */
  html: string
  sizeBytes: number
  /** The generated document verified at once. */
  verification: DocumentVerification
}

export type ExportScope =
  | { kind: 'meeting' }
  | { kind: 'project'; projectId: string }
  | { kind: 'expert'; expertId: string; projectId?: string | undefined }

export interface ExportedFile {
  fileName: string
  path: string
  kind: DocumentKindId
  label: string
  projectName: string
  expertName: string | null
  /** True when the stable name was taken and a numbered name (名称（2）.docx) was used instead. */
  renamed: boolean
  sizeBytes: number
  /** Verification of the written file, read back from disk. */
  status: DocumentStatusLabel
  reason: string
}

export interface ExportProblem {
  projectName: string
  label: string
  expertName: string | null
  reason: string
}

export interface ExportSummary {
  folder: string
  written: ExportedFile[]
  /** Documents not ready (missing or unsigned sheets): not written. */
  skipped: ExportProblem[]
  /** Documents that could not be built, written or verified (nothing is left behind for those). */
  failed: ExportProblem[]
  elapsedMs: number
  cancelled: boolean
  /** Worker threads that built the documents (0: built in the main thread; a small export is not worth them). */
  workerThreads?: number
}
