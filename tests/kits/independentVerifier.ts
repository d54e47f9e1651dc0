/**
 * A verifier written from docs/signatures.md alone, as a third party would write it: it imports nothing from
 * PanelDesk — only sm-crypto (SM2/SM3), fflate (unzip) and Node's builtins. It unzips a .docx, finds the
 * embedded envelopes and the charter statement, recomputes every SM3 digest and fingerprint, checks every SM2
 * signature and the charter's certificate, and ties each signer's key to the fingerprint the charter gives.
 * It does not compare the visible text (docs/signatures.md, "Checking a whole panel document by hand", step 4).
 *
 * Answer: 'valid' (everything checks and the charter's secretariat is the trusted one), 'unconfirmed' (intact,
 * but the secretariat is not trusted or there is no charter), or 'tampered' with the reasons.
 */
import { unzipSync, strFromU8 } from 'fflate'
import * as smCrypto from 'sm-crypto'

const { sm2, sm3 } = smCrypto

export interface IndependentAnswer {
  verdict: 'valid' | 'unconfirmed' | 'tampered'
  problems: string[]
}

/** §2: canonical JSON (sorted members by UTF-16 code units, NFC strings, shortest numbers, no whitespace). */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k.normalize('NFC'))}:${canonical(o[k])}`)
      .join(',')}}`
  }
  if (typeof v === 'string') return JSON.stringify(v.normalize('NFC'))
  if (typeof v === 'number') return Object.is(v, -0) ? '0' : JSON.stringify(v)
  return JSON.stringify(v)
}

const unescape = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&')
const childText = (inner: string, name: string): string => unescape(new RegExp(`<pd:${name}\\b[^>]*>([\\s\\S]*?)</pd:${name}>`).exec(inner)?.[1] ?? '')
const fingerprintOf = (publicKey: string): string => sm3((publicKey.match(/../g) ?? []).map((h) => parseInt(h, 16)))
const verifySm2 = (message: string, signature: string, publicKey: string): boolean => {
  try {
    return sm2.doVerifySignature(message, signature, publicKey, { hash: true, der: true })
  } catch {
    return false
  }
}
/** §3: a registered fingerprint is all 64 hex digits, or the 32-hex read-aloud form (a prefix). */
const matches = (registered: string, full: string): boolean => {
  const r = registered.replace(/[\s:-]/g, '').toLowerCase()
  return (r.length === 64 && r === full) || (r.length === 32 && full.startsWith(r))
}

interface Envelope {
  role: string
  kind: string
  signerId: string
  signerName: string
  signedAt: string
  digest: string
  signature: string
  publicKey: string
  fingerprint: string
  canonical: string
}

function parseEnvelopes(xml: string): Envelope[] {
  return [...xml.matchAll(/<pd:signed\b([^>]*)>([\s\S]*?)<\/pd:signed>/g)].map((m) => {
    const attrs = m[1]!
    const inner = m[2]!
    return {
      role: /role="([^"]*)"/.exec(attrs)?.[1] ?? '',
      kind: /kind="([^"]*)"/.exec(attrs)?.[1] ?? '',
      signerId: unescape(/<pd:signer id="([^"]*)"/.exec(inner)?.[1] ?? ''),
      signerName: childText(inner, 'signer'),
      signedAt: childText(inner, 'signedAt'),
      digest: childText(inner, 'digest'),
      signature: childText(inner, 'signature'),
      publicKey: childText(inner, 'publicKey'),
      fingerprint: childText(inner, 'fingerprint'),
      canonical: childText(inner, 'canonical')
    }
  })
}

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

/** §6 steps 2–5 and 7, and the signing time inside the content. */
function checkEnvelope(e: Envelope, problems: string[]): Json | null {
  let content: Json
  try {
    content = JSON.parse(e.canonical) as Json
  } catch {
    problems.push(`${e.signerName}: content is not JSON`)
    return null
  }
  if (canonical(content) !== e.canonical) problems.push(`${e.signerName}: content is not canonical`)
  if (sm3(e.canonical) !== e.digest) problems.push(`${e.signerName}: SM3 digest does not match`)
  if (fingerprintOf(e.publicKey) !== e.fingerprint) problems.push(`${e.signerName}: fingerprint does not match the key`)
  if (!verifySm2(e.canonical, e.signature, e.publicKey)) problems.push(`${e.signerName}: SM2 signature fails`)
  if (e.kind === 'expert-sheet' && (content.expert?.id !== e.signerId || content.expert?.name !== e.signerName)) problems.push(`${e.signerName}: signer differs from the sheet's expert`)
  const inner = e.kind === 'expert-sheet' ? content.submittedAt : content.signedAt
  if (typeof inner === 'string' && inner !== e.signedAt) problems.push(`${e.signerName}: signing time label differs from the signed time`)
  return content
}

/** The charter statement: certificate by the master key, signature by the certified key, and what it states. */
function checkCharter(xml: string, kind: string, envelopes: Envelope[], contents: (Json | null)[], problems: string[]): string | null {
  const m = /<pd:charter\b[^>]*>([\s\S]*?)<\/pd:charter>/.exec(xml)
  if (!m) return null
  const text = childText(m[1]!, 'canonical')
  let cert: Json
  let c: Json
  try {
    cert = JSON.parse(childText(m[1]!, 'cert')) as Json
    c = JSON.parse(text) as Json
  } catch {
    problems.push('charter: not JSON')
    return null
  }
  const certText = `paneldesk.sync-key/1\n${cert.author}\n${cert.key}\n${cert.master}\n${cert.issuedAt}`
  if (cert.author !== 'secretariat' || !verifySm2(certText, cert.sig, cert.master)) problems.push('charter: certificate is not signed by the secretariat master key')
  if (canonical(c) !== text || sm3(text) !== childText(m[1]!, 'digest')) problems.push('charter: content not canonical or digest differs')
  if (!verifySm2(text, childText(m[1]!, 'signature'), cert.key)) problems.push('charter: SM2 signature fails')
  if (c.format !== 'paneldesk.charter/1' || c.document !== kind) problems.push('charter: another format or document kind')
  const listed = new Map<string, Json>((c.signers ?? []).map((s: Json) => [s.expertId, s]))
  const sourceIds = new Set<string>()
  envelopes.forEach((e, i) => {
    const entry = e.role === 'leader' ? c.leader : listed.get(e.signerId)
    if (contents[i]?.meeting?.id !== c.meeting?.id || contents[i]?.project?.id !== c.project?.id) problems.push(`${e.signerName}: another meeting or project than the charter's`)
    if (!entry || entry.expertId !== e.signerId) problems.push(`${e.signerName} (${e.signerId}): not in the charter`)
    else if (!matches(entry.fingerprint, e.fingerprint)) problems.push(`${e.signerName}: key is not the one the charter registers`)
    if (e.role === 'source') sourceIds.add(e.signerId)
  })
  for (const id of listed.keys()) if (!sourceIds.has(id)) problems.push(`${id}: listed in the charter, signature missing`)
  return fingerprintOf(cert.master)
}

/** Verifies a PanelDesk .docx; `trustedSecretariat` is the secretariat master key fingerprint the verifier trusts. */
export function independentVerify(docx: Uint8Array, trustedSecretariat: string): IndependentAnswer {
  const problems: string[] = []
  const files = unzipSync(docx, { filter: (f) => /^customXml\/item\d+\.xml$/.test(f.name) && f.originalSize < 50_000_000 })
  const xml = Object.values(files).map((f) => strFromU8(f)).find((x) => x.includes('urn:paneldesk:document:1'))
  if (!xml) return { verdict: 'tampered', problems: ['no embedded data'] }
  const kind = /<pd:paneldesk\b[^>]*\bkind="([^"]*)"/.exec(xml)?.[1] ?? ''
  const envelopes = parseEnvelopes(xml)
  const contents = envelopes.map((e) => checkEnvelope(e, problems))
  const keys = new Map<string, string>()
  for (const e of envelopes) {
    if ((keys.get(e.signerId) ?? e.fingerprint) !== e.fingerprint) problems.push(`${e.signerId}: two keys for one signer`)
    keys.set(e.signerId, e.fingerprint)
  }
  // A removed or added signer: the 组长's sources must be exactly the source envelopes.
  const leaderAt = envelopes.findIndex((e) => e.role === 'leader')
  if (leaderAt >= 0) {
    const opinion = contents[leaderAt]
    const named = new Set<string>((opinion?.sources ?? []).map((s: Json) => s.digest))
    const present = new Set(envelopes.filter((e) => e.role === 'source').map((e) => e.digest))
    if (named.size !== present.size || [...named].some((d) => !present.has(d))) problems.push('sources of the panel opinion differ from the signatures present')
    if (!(opinion?.members ?? []).some((x: Json) => x.leader === true && x.expertId === envelopes[leaderAt]!.signerId)) problems.push('panel opinion not signed by the 组长')
  }
  const master = checkCharter(xml, kind, envelopes, contents, problems)
  if (problems.length > 0) return { verdict: 'tampered', problems }
  if (!master || !matches(trustedSecretariat, master)) return { verdict: 'unconfirmed', problems: [master ? 'secretariat not trusted' : 'no charter'] }
  return { verdict: 'valid', problems }
}
