/** The rule set of a meeting as the console shows it (issue 14 item 3). */
import type { RuleSet } from '../domain/compliance/ruleSet'

export interface RuleSetView {
  meetingId: string
  /** False while the meeting uses the shipped default. */
  custom: boolean
  version: string
  /** SHA-256 of the canonical JSON; the first 16 hex digits are shown. */
  digest: string
  updatedAt: string | null
  /** When the stored rule set cannot be used here: why (the default is shown, findings are not derived). */
  problem: string | null
  ruleSet: RuleSet
  /** Why the rule set can no longer change (scoring has started), in Chinese; null while it can. */
  locked: string | null
}
