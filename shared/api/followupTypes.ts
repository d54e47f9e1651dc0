/** The 整改落实 checklist of a 修改稿 version (issue 12), as the API returns it. */
import type { PointKind } from '../domain/revision/checklist'
import type { ChecklistLink } from '../domain/revision/checklistLinks'

export type FollowupVerdict = 'done' | 'partial' | 'open'
export const FOLLOWUP_VERDICTS: readonly FollowupVerdict[] = ['done', 'partial', 'open']
export const VERDICT_LABELS: Record<FollowupVerdict, string> = { done: '已落实', partial: '部分落实', open: '未落实' }
export const POINT_KIND_LABELS: Record<PointKind, string> = { problem: '主要问题', suggestion: '修改建议' }

export interface ChecklistRow {
  kind: PointKind
  number: number
  point: string
  authors: string[]
  answer: string
  /** number / text: matched from the 修改说明; manual: typed in; '': no answer yet. */
  answerSource: 'number' | 'text' | 'manual' | ''
  verdict: FollowupVerdict | ''
  note: string
  reviewer: { id: string; name: string } | null
  updatedAt: string
  links: ChecklistLink[]
}

export interface ChecklistView {
  versionId: string
  version: number
  projectId: string
  /** Where the 修改说明 was read from; kind 'none' with a Chinese note when none was found or it could not be read. */
  source: { kind: 'table' | 'document' | 'section' | 'none'; path: string; note: string }
  /** Why there are no rows (the opinion is not signed or does not verify), else ''. */
  opinionNote: string
  rows: ChecklistRow[]
  /** Answers of the 修改说明 that matched no point. */
  unmatched: { kind: PointKind | null; number: number | null; quote: string; answer: string }[]
  reviewers: { id: string; name: string }[]
  /** '' when verdicts may be recorded; else the Chinese reason they may not. */
  readOnlyReason: string
  counts: Record<FollowupVerdict | 'pending', number>
}

/** One signer of a 专家组复核意见 (the 组长 first, then the other named re-reviewers). */
export interface FollowupSigner {
  id: string
  name: string
  leader: boolean
  /** signed: over what is composed now; stale: signed, but the checklist, budget or the 组长's text changed since. */
  state: 'unsigned' | 'signed' | 'stale'
  signedAt: string | null
  /**
   * Set when the stored signature was made with an earlier build, which wrote the row as the secretariat at the
   * secretariat's laptop: what it means (the signature itself is the signer's and is checked like any other). ''
   * otherwise.
   */
  legacy: string
}

/** A stored signature that does not count, with the Chinese reason (not a named signer, or not verifying). */
export interface FollowupRefusedSignature {
  id: string
  name: string
  reason: string
}

/** The 专家组复核意见 of a version as the console shows it. */
export interface FollowupOpinionView {
  versionId: string
  /** Why it cannot be signed yet ('' when it can), in Chinese. */
  blocked: string
  signers: FollowupSigner[]
  /** As the 组长 signed it (null before). */
  conclusion: 'agree' | 'revise' | null
  remarks: string
  /** Whether this laptop acts as one of the signers, and which. */
  actingSignerId: string | null
  /** Signatures received that are not counted, with why. */
  refused: FollowupRefusedSignature[]
  /** '' when every signer signed exactly what is composed now; else why the document cannot be exported. */
  exportReason: string
  counts: { done: number; partial: number; open: number; notAsApproved: number }
}

export interface FollowupExport {
  fileName: string
  /** Where the file was written (exclusively; never over an existing file). */
  path: string
  base64: string
}

/** A re-review the expert this laptop acts as is named for (我的评审). */
export interface RereviewTask {
  versionId: string
  projectId: string
  projectName: string
  version: number
  /** rereview 复核中 | done 复核完成 */
  stage: 'received' | 'rereview' | 'done'
  role: '组长' | '复核专家'
  counts: Record<FollowupVerdict | 'pending', number>
  mySignature: FollowupSigner['state']
  /** What is left for this expert, in Chinese. */
  todo: string[]
}
