/**
 * The signatures a 专家组复核意见 is made from (issue 12): the 组长's (role leader) and one per other named
 * re-reviewer (role source), each over the same opinion with its own signer and time. Used by the builder (which
 * refuses input that fails) and the verifier (which lists what fails as differences).
 */
import { canonicalize } from '../../../shared/signing/canonical'
import { parseFollowupCanonical, sharedPart, type FollowupOpinion } from '../../../shared/signing/followupContent'
import type { SignedPayload } from '../../../shared/signing/types'
import type { Difference } from './regenerate'

export type FollowupSignatures = { ok: true; opinion: FollowupOpinion; differences: Difference[] } | { ok: false; problem: string; differences: Difference[] }

const short = (h: string): string => `${h.slice(0, 16)}…`

/** Checks the contents and who signed them (the signatures themselves are verified by the caller). */
export function checkFollowupSignatures(leader: SignedPayload, cosigners: readonly SignedPayload[]): FollowupSignatures {
  const differences: Difference[] = []
  if (leader.kind !== 'followup-opinion') return { ok: false, problem: '组长签名的内容不是专家组复核意见', differences }
  const parsed = parseFollowupCanonical(leader.canonical)
  if (!parsed.ok) return { ok: false, problem: `组长签名的专家组复核意见${parsed.reason}`, differences }
  const opinion = parsed.content
  const leaderEntry = opinion.reviewers.find((r) => r.leader)
  if (!leaderEntry || leaderEntry.expertId !== leader.signer.id || opinion.signer.id !== leader.signer.id) {
    differences.push({ what: '复核意见签名人', expected: `复核专家组组长 ${leaderEntry?.name ?? '（未列出）'}`, found: leader.signer.name })
  }
  const shared = canonicalize(sharedPart(opinion))
  const want = new Map(opinion.reviewers.filter((r) => !r.leader).map((r) => [r.expertId, r]))
  const seen = new Set<string>()
  for (const p of cosigners) {
    const c = p.kind === 'followup-opinion' ? parseFollowupCanonical(p.canonical) : null
    if (!c || !c.ok) {
      differences.push({ what: `${p.signer.name}的签名`, expected: '对专家组复核意见的签名', found: c ? c.reason : '其他内容的签名' })
      continue
    }
    const r = want.get(p.signer.id)
    if (!r || c.content.signer.id !== p.signer.id || seen.has(p.signer.id)) {
      differences.push({ what: `${p.signer.name}（${p.signer.id}）的签名`, expected: '复核意见所列的复核专家', found: '名单中没有该签名人' })
      continue
    }
    if (canonicalize(sharedPart(c.content)) !== shared) {
      differences.push({ what: `${r.name}签署的复核意见`, expected: `与组长签署的内容一致（摘要 ${short(leader.digest)}）`, found: '内容不同' })
      continue
    }
    seen.add(p.signer.id)
  }
  for (const [id, r] of want) {
    if (!seen.has(id)) differences.push({ what: `${r.name}（${id}）的签名`, expected: '复核意见所列的复核专家均已签名', found: '文档中缺少该签名（签名人被移除）' })
  }
  return { ok: true, opinion, differences }
}
