/**
 * What gets signed, and the envelope a signature travels in. The canonical form and verification steps are
 * documented in docs/signatures.md. Amounts are in 万元; times are ISO 8601 UTC strings.
 */
import type { Conclusion } from '../domain/conclusion'
import type { BudgetLineReview, CitedText, ConflictDeclaration, ItemScore } from '../domain/sheet'

/** A signed payload as stored, synced and embedded in Word documents. */
export interface SignedPayload {
  format: 'paneldesk.signed/1'
  kind: 'expert-sheet' | 'panel-opinion' | 'followup-opinion'
  /** The exact canonical JSON text whose UTF-8 bytes were hashed. */
  canonical: string
  /** SM3 of the UTF-8 bytes of `canonical`, lowercase hex (64 chars). */
  digest: string
  /** SM2 signature (SM2-with-SM3, default user id, DER), lowercase hex. */
  signature: string
  /** Uncompressed SM2 public key, lowercase hex starting with '04' (130 chars). */
  publicKey: string
  /** SM3 of the public key bytes, shown grouped for reading aloud. */
  fingerprint: string
  signer: { id: string; name: string }
  signedAt: string
}

/** One budget line as the expert reviewed it: the submitted amount with the expert's decision. */
export interface ReviewedBudgetLine extends Omit<BudgetLineReview, 'added'> {
  /** Present (true) on a line the expert added (核增 of a missing cost); its 送审 is 0. */
  added?: true
  name: string
  category: string
  submittedAmount: number
  /**
   * The labels of the submitted groups enclosing the line, outermost first ([] outside any group), signed since
   * issue 14 item 2 when the budget has groups; absent from earlier sheets, whose documents group by category.
   */
  group?: string[]
}

/** The content of an expert's submitted sheet: what `canonical` of an 'expert-sheet' payload encodes. */
export interface SheetPayload {
  format: 'paneldesk.sheet/1'
  sheetId: string
  revision: number
  meeting: { id: string; name: string; date: string; place: string }
  project: {
    id: string
    name: string
    ownerUnit: string
    authorUnit: string
    declaredInvestment: number
    /** sha256 of the proposal package the expert reviewed, or '' when the project has none. */
    packageDigest: string
  }
  expert: { id: string; name: string; unit: string; title: string; specialty: string }
  /**
   * The rubric used. `digest` (SM3 of the canonical JSON of the whole rubric definition: dimension and item names,
   * points) is signed since documents/2, so a verifier can check the names and points a document prints.
   */
  rubric: { id: string; version: number; name: string; digest?: string }
  /**
   * The rule set (version and SHA-256 digest) the project's findings were derived with when the expert signed
   * (issue 14 item 3); absent from sheets signed before, which stay valid.
   */
  ruleSet?: { version: string; digest: string }
  /** SHA-256 (hex) of the expert's handwritten signature PNG at submission ('' when none); absent before documents/2. */
  signatureImage?: string
  scores: Record<string, ItemScore>
  dimensionTotals: Record<string, number>
  total: number
  opinions: Record<string, string>
  mainProblems: CitedText[]
  suggestions: CitedText[]
  conclusion: Conclusion
  /**
   * The suggested conclusion the expert saw when signing, with its reasons and the vetoes behind it (signed since
   * issue 14; absent from earlier sheets). A conclusion other than 不予通过 under a veto needs `conclusionReason`.
   */
  suggestion?: { conclusion: Conclusion; reasons: string[]; vetoes: string[] }
  /** The expert's reason for a conclusion that departs from the suggestion ('' when none; absent before issue 14). */
  conclusionReason?: string
  budgetReview: ReviewedBudgetLine[]
  declaration: ConflictDeclaration
  submittedAt: string
}
