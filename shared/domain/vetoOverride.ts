/**
 * An expert's signed conclusion that overrides a veto (issue 14): shown to the 组长 and the secretariat beside the
 * merge and the panel opinion. The vetoes are those the sheet signed with its suggestion; a sheet signed without a
 * suggestion (before issue 14, or by a client that left it out) is checked against the vetoes this laptop derives
 * for the project, and then shows an empty reason ("未说明理由").
 */
import type { Conclusion } from './conclusion'

export interface VetoOverride {
  expertId: string
  name: string
  conclusion: Conclusion
  vetoes: string[]
  /** The signed reason, trimmed ('' when the sheet carries none). */
  reason: string
}

interface SignedConclusion {
  expert: { id: string; name: string }
  conclusion: Conclusion
  suggestion?: { vetoes: string[] }
  conclusionReason?: string
}

export function vetoOverrideOf(sheet: SignedConclusion, projectVetoes: readonly string[]): VetoOverride | null {
  if (sheet.conclusion === 'reject') return null
  const signed = sheet.suggestion?.vetoes ?? []
  const vetoes = signed.length > 0 ? signed : [...new Set(projectVetoes)]
  if (vetoes.length === 0) return null
  return { expertId: sheet.expert.id, name: sheet.expert.name, conclusion: sheet.conclusion, vetoes, reason: (sheet.conclusionReason ?? '').trim() }
}
