/** Objects of the expert's review (identity, declarations, submission) that cross the API boundary. */
import type { UnitConflict } from '../domain/conflict'
import type { SubmissionProblem } from '../domain/submission'
import type { SheetStatus } from '../domain/sheet'

export interface IdentityView {
  /** The meeting expert this laptop acts as. */
  expertId: string
  name: string
  unit: string
  title: string
  specialty: string
  phone: string
  pastUnits: string[]
  /** e.g. 3504**********123X; '' when none was given */
  idNumberMasked: string
  hasKey: boolean
  publicKey: string
  fingerprint: string
  /** 8 groups of 4 hex, for reading aloud */
  fingerprintGrouped: string
  /** 8 groups of 5 digits, for reading aloud in Chinese */
  fingerprintDigits: string
  /** What the secretariat registered at check-in ('' if nothing yet) and whether it matches this key. */
  registeredFingerprint: string
  registration: 'none' | 'match' | 'mismatch'
  signatureImage: string | null
  /** Milliseconds until another PIN attempt is allowed (0 when free). */
  pinWaitMs: number
  /** What a new PIN must be in this meeting (set by the secretariat), and the rule in words. */
  pinPolicy: { minLength: number; requireLetters: boolean }
  pinRule: string
}

export interface CommitmentView {
  meetingId: string
  text: string
  textDigest: string
  acceptedAt: string | null
}

export interface ConflictView {
  projectId: string
  conflicts: (UnitConflict & { description: string })[]
  declaration: { kind: 'none' | 'recuse'; reason: string; declaredAt: string } | null
}

export type ReviewStatus = '未开始' | '评审中' | '已提交' | '已回避' | '已退回'

export interface ReviewOverviewItem {
  projectId: string
  projectName: string
  ownerUnit: string
  declaredInvestment: number
  status: ReviewStatus
  /** What is left to do, in words (empty when submitted or recused). */
  todo: string[]
  total: number | null
  hasConflictHint: boolean
}

export interface ReviewOverview {
  meetingId: string
  meetingName: string
  expertId: string | null
  expertName: string | null
  commitmentAccepted: boolean
  items: ReviewOverviewItem[]
}

export interface SignatureCheckView {
  status: 'valid' | 'tampered' | 'unverifiable'
  /** Chinese label: 有效 / 已篡改 / 无法验证 */
  label: string
  reason: string
  digestShort: string
  signatureId: string
  fingerprint: string
  signedAt: string
}

export interface RevisionView {
  sheetId: string
  revision: number
  status: SheetStatus
  submittedAt: string | null
  reopenReason: string
  total: number | null
  conclusion: string | null
  check: SignatureCheckView | null
}

export interface SubmissionCheck {
  problems: SubmissionProblem[]
}
