/**
 * The charter statement (issue 10): at export the secretariat's laptop embeds in each document a statement of
 * who may sign it — meeting, organiser, the 组长 and, for every signer of that document, the expert id, name and
 * the fingerprint the meeting registered — signed with the secretariat's sync key, whose certificate (SyncKeyCert,
 * shared/sync/seal.ts) is signed by the secretariat's master key. A verifier checks the certificate and the
 * statement's signature, then that every signature in the document was made with the key the statement gives
 * for that signer id. Who the secretariat is (its master key's fingerprint) is the verifier's trust decision.
 */
import { canonicalize } from '../../../shared/signing/canonical'
import type { SignedPayload } from '../../../shared/signing/types'
import { fingerprintMatches, formatFingerprint, isPublicKeyHex, publicKeyFingerprint, sm2Sign, sm2Verify, sm3Hex } from '../../../shared/signing/sm'
import { certMessage, syncKeyCertSchema, type SyncKeyCert } from '../../../shared/sync/seal'
import { SECRETARIAT_AUTHOR } from '../../../shared/sync/ownership'
import type { DocumentKind } from './figures'

export const CHARTER_FORMAT = 'paneldesk.charter/1'

export interface CharterSigner {
  expertId: string
  name: string
  /** The fingerprint registered for the expert (64 hex, or the 32-hex read-aloud form). */
  fingerprint: string
}

/** The signed content (canonical JSON, docs/signatures.md). */
export interface CharterContent {
  format: typeof CHARTER_FORMAT
  meeting: { id: string; name: string; organiser: string }
  project: { id: string; name: string }
  document: DocumentKind
  /** The 组长 of the panel (null when none is designated). */
  leader: CharterSigner | null
  /** Exactly the experts whose signatures the document carries (the 组长 too when they signed a sheet). */
  signers: CharterSigner[]
  issuedAt: string
}

/** As embedded: the canonical text, its SM2 signature by the secretariat's sync key, and that key's certificate. */
export interface SignedCharter {
  canonical: string
  digest: string
  signature: string
  cert: SyncKeyCert
}

export function makeCharter(content: Omit<CharterContent, 'format'>, signer: { cert: SyncKeyCert; privateKey: string }): SignedCharter {
  const canonical = canonicalize({ format: CHARTER_FORMAT, ...content })
  return { canonical, digest: sm3Hex(canonical), signature: sm2Sign(canonical, signer.privateKey, signer.cert.key), cert: signer.cert }
}

export type CharterCheck =
  | { ok: true; content: CharterContent; masterFingerprint: string }
  | { ok: false; reason: string }

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isSigner = (v: unknown): v is CharterSigner =>
  isRecord(v) && typeof v.expertId === 'string' && typeof v.name === 'string' && typeof v.fingerprint === 'string'

/** The statement's own proofs: certificate by the master key, signature by the certified sync key, canonical form. */
export function checkCharter(c: SignedCharter): CharterCheck {
  const cert = syncKeyCertSchema.safeParse(c.cert)
  if (!cert.success) return { ok: false, reason: '秘书处密钥证书格式无效' }
  if (cert.data.author !== SECRETARIAT_AUTHOR) return { ok: false, reason: '名单的签名密钥不是秘书处的密钥' }
  if (!isPublicKeyHex(cert.data.master) || !isPublicKeyHex(cert.data.key)) return { ok: false, reason: '秘书处公钥无效' }
  if (!sm2Verify(certMessage(cert.data), cert.data.sig, cert.data.master)) return { ok: false, reason: '秘书处密钥证书的签名无效' }
  if (!/^30[0-9a-f]{12,300}$/.test(c.signature)) return { ok: false, reason: '名单的签名值格式无效' }
  let content: unknown
  try {
    content = JSON.parse(c.canonical)
    if (canonicalize(content) !== c.canonical) return { ok: false, reason: '名单内容不是规范形式，可能被改动' }
  } catch {
    return { ok: false, reason: '名单内容不是有效的 JSON' }
  }
  if (sm3Hex(c.canonical) !== c.digest) return { ok: false, reason: '名单的内容摘要（SM3）与内容不符' }
  if (!sm2Verify(c.canonical, c.signature, cert.data.key)) return { ok: false, reason: '名单的 SM2 签名验证失败，内容被改动或不是秘书处所签' }
  if (!isRecord(content) || content.format !== CHARTER_FORMAT || !isRecord(content.meeting) || !isRecord(content.project)) {
    return { ok: false, reason: '名单内容格式无效' }
  }
  if (!Array.isArray(content.signers) || !content.signers.every(isSigner) || (content.leader !== null && !isSigner(content.leader))) {
    return { ok: false, reason: '名单中的签名人格式无效' }
  }
  return { ok: true, content: content as unknown as CharterContent, masterFingerprint: publicKeyFingerprint(cert.data.master) }
}

export interface CharterDifference {
  what: string
  expected: string
  found: string
}

const fp16 = (f: string): string => `${formatFingerprint(f.padEnd(64, '0')).slice(0, 19)}…`

interface Named {
  meeting?: { id?: unknown }
  project?: { id?: unknown }
  expert?: { name?: unknown }
}

/**
 * What in the document disagrees with the statement: another meeting, project or kind; a signer it does not
 * list, under another name or with another key; a listed signer whose signature is missing; a panel opinion not
 * signed by the stated 组长.
 */
export function charterDifferences(content: CharterContent, kind: DocumentKind, payloads: readonly { role: 'source' | 'leader'; payload: SignedPayload }[]): CharterDifference[] {
  const out: CharterDifference[] = []
  if (content.document !== kind) out.push({ what: '秘书处名单所属文档', expected: String(content.document), found: kind })
  const listed = new Map(content.signers.map((s) => [s.expertId, s]))
  const seen = new Set<string>()
  for (const { role, payload: p } of payloads) {
    let c: Named = {}
    try {
      c = JSON.parse(p.canonical) as Named
    } catch {
      // verifySignedPayload reports unreadable content.
    }
    if (c.meeting?.id !== content.meeting.id) out.push({ what: `${p.signer.name}签名内容所属评审会`, expected: `${content.meeting.name}（${content.meeting.id}）`, found: String(c.meeting?.id ?? '（无）') })
    if (c.project?.id !== content.project.id) out.push({ what: `${p.signer.name}签名内容所属项目`, expected: `${content.project.name}（${content.project.id}）`, found: String(c.project?.id ?? '（无）') })
    const entry = role === 'leader' ? content.leader : listed.get(p.signer.id)
    const who = `签名人 ${p.signer.name}（${p.signer.id}）`
    if (!entry || entry.expertId !== p.signer.id) {
      out.push({ what: role === 'leader' ? '专家组意见签名人' : who, expected: role === 'leader' ? `秘书处名单中的组长 ${content.leader?.name ?? '（未指定）'}` : '秘书处名单中的评审专家', found: role === 'leader' ? who : '名单中没有该签名人' })
      continue
    }
    if (role === 'source') seen.add(p.signer.id)
    const shownName = p.kind === 'expert-sheet' && typeof c.expert?.name === 'string' ? c.expert.name : p.signer.name
    if (entry.name !== shownName) out.push({ what: `${who}的姓名`, expected: entry.name, found: shownName })
    if (!fingerprintMatches(entry.fingerprint, p.fingerprint)) {
      out.push({ what: `${who}的签名公钥`, expected: `评审会登记的公钥（指纹 ${fp16(entry.fingerprint)}）`, found: `另一把密钥（指纹 ${fp16(p.fingerprint)}）` })
    }
  }
  for (const s of content.signers) {
    if (!seen.has(s.expertId)) out.push({ what: `${s.name}（${s.expertId}）的签名`, expected: '秘书处名单列有该签名人', found: '文档中缺少该签名（签名人被移除）' })
  }
  return out
}
