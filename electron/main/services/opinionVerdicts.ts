/**
 * Remembered answers to "did the 组长 sign exactly the opinion the console composes now?" (panelOpinion.ts
 * exportableOpinion; issue 10, speed). Answering it merges the counted sheets again (2,000 budget lines × 9
 * experts at meeting scale), composes the opinion and compares it with the signed text — about a third of what
 * gathering a project for the documents costs — while the inputs rarely change between one listing of the
 * documents and the next, or the export that follows.
 *
 * The answer is remembered under a SHA-256 of everything it is a function of: the stored signed text and the
 * row's draft and overrides, the project, the 组长 (id, name, registered fingerprint), the counted sheets (digest
 * and signature of each, in order: their signatures were verified, so the digest names the content), the rubric
 * definition, the meeting's settings and organiser, and why the draft is blocked. Any change to any of them is
 * another key, checked afresh. Kept in this process only (never in the database), at most MAX_ENTRIES answers.
 */
import { createHash } from 'node:crypto'
import type { SignedPayload } from '../../../shared/signing/types'

const MAX_ENTRIES = 2000
const remembered = new Map<string, string>()

export interface OpinionInputs {
  projectId: string
  leader: { id: string; name: string; fingerprint: string } | null
  signedText: string
  draft: string | null
  overrides: string | null
  sources: readonly SignedPayload[]
  rubric: unknown
  settings: unknown
  organiser: string
  blocked: string
}

/**
 * The key of one answer: every input, each length-prefixed so that no two inputs run together, hashed as UTF-16 code
 * units (UTF-8 would map a lone surrogate and U+FFFD to the same bytes).
 */
export function opinionKey(x: OpinionInputs): string {
  const h = createHash('sha256')
  const part = (s: string): void => {
    h.update(`${s.length}:`)
    h.update(s, 'utf16le')
  }
  part(x.projectId)
  part(x.leader ? JSON.stringify([x.leader.id, x.leader.name, x.leader.fingerprint]) : '')
  part(x.signedText)
  part(x.draft ?? '\u0000')
  part(x.overrides ?? '\u0000')
  part(JSON.stringify(x.sources.map((p) => [p.digest, p.signature])))
  part(JSON.stringify(x.rubric))
  part(JSON.stringify(x.settings))
  part(x.organiser)
  part(x.blocked)
  return h.digest('hex')
}

/** The reason remembered for this key ('' when the signed opinion was the current one), or undefined. */
export function rememberedOpinionVerdict(key: string): string | undefined {
  return remembered.get(key)
}

export function rememberOpinionVerdict(key: string, reason: string): void {
  if (remembered.size >= MAX_ENTRIES) remembered.delete(remembered.keys().next().value as string)
  remembered.set(key, reason)
}

/** Forgets every remembered answer (benchmarks of a freshly started app; tests). */
export function clearOpinionVerdicts(): void {
  remembered.clear()
}
