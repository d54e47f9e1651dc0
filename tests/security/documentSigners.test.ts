/**
 * Issue 10, item 2: 有效 needs anchored signers. Every signer's key must be the one the meeting registered, proven
 * by the charter statement the secretariat signs into each exported document (or by fingerprints the verifier is
 * given); otherwise the verdict is 身份未确认 (签名完整，但无法确认签名人身份, exit 2), never 有效. Attacks as an
 * auditor would try them: a foreign key under the 组长's id, a forged signer id under the 组长's real name, a
 * charter signed by a foreign "secretariat", a charter whose fingerprint list was edited, a removed signer.
 */
import fs from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import { generateKeyPair, publicKeyFingerprint, sm3Hex, formatFingerprint } from '../../shared/signing/sm'
import { signPayload } from '../../shared/signing/envelope'
import { makeCert } from '../../shared/sync/seal'
import { makeCharter, type SignedCharter } from '../../electron/main/documents/charter'
import type { DocumentKind } from '../../electron/main/documents/figures'
import { buildExpertOpinionDocx } from '../../electron/main/documents/expertOpinion'
import { buildPanelOpinionDocx } from '../../electron/main/documents/panelOpinion'
import { sheetOf } from '../../electron/main/documents/derive'
import { makeFixture, FIXTURE_MEETING, FIXTURE_PROJECT, type Fixture } from '../kits/documents/testData'
import { seedSignedMeeting } from '../kits/documents/testDb'
import { restoreDocx, verifyDocx } from '../../electron/main/documents/verify'
import { VERIFY_EXIT, verifyCommand } from '../../electron/main/cli/commands/verify'
import { testBackend } from '../helpers/backend'
import { exportFinished } from '../helpers/exportJob'
import { tempDir } from '../helpers/tmp'

/** A secretariat: master key and a sync key it certified (what a secretariat laptop holds). */
function secretariat() {
  const master = generateKeyPair()
  const sync = generateKeyPair()
  return { fingerprint: publicKeyFingerprint(master.publicKey), signer: { cert: makeCert('secretariat', master, sync.publicKey, '2026-11-26T00:00:00.000Z'), privateKey: sync.privateKey } }
}
type Secretariat = ReturnType<typeof secretariat>

function charter(f: Fixture, kind: DocumentKind, ids: string[], by: Secretariat, fingerprints: Record<string, string> = f.registeredFingerprints): SignedCharter {
  const entry = (id: string) => ({ expertId: id, name: f.experts.find((e) => e.id === id)!.name, fingerprint: fingerprints[id]! })
  return makeCharter(
    {
      meeting: { id: FIXTURE_MEETING.id, name: FIXTURE_MEETING.name, organiser: '三明市发展和改革委员会' },
      project: { id: FIXTURE_PROJECT.id, name: FIXTURE_PROJECT.name },
      document: kind,
      leader: entry(f.leader.id),
      signers: ids.map(entry),
      issuedAt: '2026-11-26T10:00:00.000Z'
    },
    by.signer
  )
}

let f: Fixture
let real: Secretariat
let expertDoc: Uint8Array
let panelDoc: Uint8Array
const CUSTOM = 'customXml/item1.xml'
const ids = (): string[] => f.experts.map((e) => e.id)

beforeAll(async () => {
  f = makeFixture({ experts: 3 })
  real = secretariat()
  const leader = f.experts[0]!
  expertDoc = await buildExpertOpinionDocx({ payload: f.sources[0]!, rubric: f.rubric, signatureImage: leader.signaturePng, charter: charter(f, 'expert-opinion', [leader.id], real) })
  panelDoc = await buildPanelOpinionDocx({ ...f.panelInput, charter: charter(f, 'panel-opinion', ids(), real) })
})

/** The 组长's panel opinion re-signed with a foreign key, under the 组长's id and name. */
function foreignLeader() {
  const k = generateKeyPair()
  return { key: k, payload: signPayload('panel-opinion', f.panelInput.opinion, k.privateKey, k.publicKey, { id: f.leader.id, name: f.leader.name }, f.panelInput.opinion.signedAt!) }
}

describe('an authentic document with the secretariat\'s charter', () => {
  it('is 有效 where the secretariat is trusted (full or grouped 32-hex form), 身份未确认 elsewhere — never 有效', async () => {
    const trusted = await verifyDocx(panelDoc, { trustedSecretariats: [real.fingerprint] })
    expect(trusted.status).toBe('有效')
    expect(trusted.signatures.every((s) => s.identity === 'charter')).toBe(true)
    expect((await verifyDocx(panelDoc, { trustedSecretariats: [formatFingerprint(real.fingerprint)] })).status).toBe('有效')
    expect((await verifyDocx(expertDoc, { trustedSecretariats: [real.fingerprint] })).status).toBe('有效')
    expect((await verifyDocx(expertDoc)).status).toBe('身份未确认')
    const fresh = await verifyDocx(panelDoc)
    expect(fresh.status).toBe('身份未确认')
    expect(fresh.reason).toContain('签名完整，但无法确认签名人身份')
    expect(fresh.charter).toMatchObject({ status: 'valid', trusted: false, secretariatFingerprint: real.fingerprint })
  })
  it('the command line: exit 2 without --secretariat-fingerprint, 0 with it', async () => {
    const file = path.join(tempDir('signers-cli'), '专家组评审意见.docx')
    fs.writeFileSync(file, panelDoc)
    expect(await verifyCommand.run([file])).toBe(VERIFY_EXIT.unverifiable)
    expect(await verifyCommand.run([file, '--secretariat-fingerprint', formatFingerprint(real.fingerprint)])).toBe(VERIFY_EXIT.valid)
    expect(await verifyCommand.run([file, '--secretariat-fingerprint', 'xyz'])).toBe(VERIFY_EXIT.usage)
  })
})

describe('a foreign key under the 组长\'s id', () => {
  it('re-signed 组长 payload, with the real charter: 已篡改 with or without fingerprints', async () => {
    const bytes = await buildPanelOpinionDocx({ ...f.panelInput, leaderPayload: foreignLeader().payload, charter: charter(f, 'panel-opinion', ids(), real) })
    for (const opts of [{}, { trustedSecretariats: [real.fingerprint] }, { registeredFingerprints: f.registeredFingerprints }]) {
      const r = await verifyDocx(bytes, opts)
      expect(r.status).toBe('已篡改')
    }
    const r = await verifyDocx(bytes, { trustedSecretariats: [real.fingerprint] })
    expect(r.mismatches.some((m) => m.what.includes(f.leader.name) && m.found.includes('另一把密钥'))).toBe(true)
  })
  it('re-signed 组长 payload in an older document without a charter: not 有效 without fingerprints, 已篡改 with them', async () => {
    const bytes = await buildPanelOpinionDocx({ ...f.panelInput, leaderPayload: foreignLeader().payload })
    expect((await verifyDocx(bytes)).status).toBe('已篡改') // one signer id, two keys (the 组长's own sheet)
    const k = generateKeyPair()
    const forgedSheet = signPayload('expert-sheet', { ...sheetOf(f.sources[0]!), total: 99 }, k.privateKey, k.publicKey, f.sources[0]!.signer, sheetOf(f.sources[0]!).submittedAt)
    const single = await buildExpertOpinionDocx({ payload: forgedSheet, rubric: f.rubric })
    expect((await verifyDocx(single)).status).toBe('身份未确认')
    expect((await verifyDocx(single, { registeredFingerprints: f.registeredFingerprints })).status).toBe('已篡改')
  })
})

describe('a forged signer id under the 组长\'s real name', () => {
  async function forgedIdDoc(withCharter: boolean): Promise<Uint8Array> {
    const k = generateKeyPair()
    const sheet = sheetOf(f.sources[0]!)
    const forged = { ...sheet, expert: { ...sheet.expert, id: 'exp-99' }, total: 99 }
    const payload = signPayload('expert-sheet', forged, k.privateKey, k.publicKey, { id: 'exp-99', name: f.leader.name }, sheet.submittedAt)
    return buildExpertOpinionDocx({ payload, rubric: f.rubric, ...(withCharter ? { charter: charter(f, 'expert-opinion', [f.leader.id], real) } : {}) })
  }
  it('with the real charter copied in: 已篡改, naming the signer the list does not hold', async () => {
    const r = await verifyDocx(await forgedIdDoc(true), { trustedSecretariats: [real.fingerprint], registeredFingerprints: f.registeredFingerprints })
    expect(r.status).toBe('已篡改')
    expect(r.mismatches.some((m) => m.what.includes(`${f.leader.name}（exp-99）`) && m.found === '名单中没有该签名人')).toBe(true)
    expect(r.mismatches.some((m) => m.found.includes('签名人被移除'))).toBe(true)
  })
  it('on the secretariat\'s own laptop (the app\'s 验证文档): an id it does not know is never 有效', async () => {
    const b = await testBackend({ seedDemo: false })
    seedSignedMeeting(b.db(), { projects: 1, experts: 3 })
    const base64 = Buffer.from(await forgedIdDoc(false)).toString('base64')
    const r = await b.handlers['documents.verify']({ fileName: 'x.docx', base64 })
    expect(r.status).toBe('身份未确认')
    expect(r.reason).toContain(f.leader.name)
  })
})

describe('the charter statement itself', () => {
  it('signed by a foreign "secretariat" (listing the forger\'s key for the 组长): 身份未确认, exit 2; where the real one is trusted, not 有效', async () => {
    const fake = secretariat()
    const fl = foreignLeader()
    const k = fl.key
    const sheet = signPayload('expert-sheet', sheetOf(f.sources[0]!), k.privateKey, k.publicKey, f.sources[0]!.signer, sheetOf(f.sources[0]!).submittedAt)
    const fps = { ...f.registeredFingerprints, [f.leader.id]: publicKeyFingerprint(k.publicKey) }
    const input = { ...f.panelInput, sources: [sheet, ...f.panelInput.sources.slice(1)], leaderPayload: fl.payload }
    input.opinion = { ...input.opinion, sources: input.opinion.sources.map((s) => (s.signerId === f.leader.id ? { ...s, digest: sheet.digest } : s)) }
    input.leaderPayload = signPayload('panel-opinion', input.opinion, k.privateKey, k.publicKey, { id: f.leader.id, name: f.leader.name }, input.opinion.signedAt!)
    const bytes = await buildPanelOpinionDocx({ ...input, charter: charter(f, 'panel-opinion', ids(), fake, fps) })
    const fresh = await verifyDocx(bytes)
    expect(fresh.status).toBe('身份未确认')
    expect(fresh.charter?.secretariatFingerprint).toBe(fake.fingerprint)
    const file = path.join(tempDir('signers-fake'), 'x.docx')
    fs.writeFileSync(file, bytes)
    expect(await verifyCommand.run([file])).toBe(VERIFY_EXIT.unverifiable)
    expect(await verifyCommand.run([file, '--secretariat-fingerprint', real.fingerprint])).toBe(VERIFY_EXIT.unverifiable)
    expect((await verifyDocx(bytes, { trustedSecretariats: [real.fingerprint] })).status).toBe('身份未确认')
    // A laptop that also holds the registered fingerprints sees the foreign key.
    expect((await verifyDocx(bytes, { trustedSecretariats: [real.fingerprint], registeredFingerprints: f.registeredFingerprints })).status).toBe('已篡改')
  })
  it('a fingerprint list edited in the embedded part (digest recomputed): the signature fails, 已篡改', async () => {
    const files = unzipSync(panelDoc)
    const xml = strFromU8(files[CUSTOM]!)
    const foreign = publicKeyFingerprint(generateKeyPair().publicKey)
    const m = /<pd:charter [^>]*>[\s\S]*?<pd:canonical>([\s\S]*?)<\/pd:canonical>/.exec(xml)!
    const edited = m[1]!.replace(f.registeredFingerprints[f.leader.id]!, foreign)
    expect(edited).not.toBe(m[1])
    const unescaped = edited.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
    files[CUSTOM] = strToU8(xml.replace(m[1]!, edited).replace(/(<pd:charter [^>]*>[\s\S]*?<pd:digest>)[0-9a-f]{64}/, `$1${sm3Hex(unescaped)}`))
    const r = await verifyDocx(zipSync(files), { trustedSecretariats: [real.fingerprint] })
    expect(r.status).toBe('已篡改')
    expect(r.reason).toContain('名单的 SM2 签名验证失败')
  })
  it('a removed signer (envelope taken out, charter kept): 已篡改, the charter names who is missing', async () => {
    const files = unzipSync(panelDoc)
    const victim = f.experts[2]!
    const xml = strFromU8(files[CUSTOM]!)
    const out = xml.replace(new RegExp(`<pd:signed role="source"[^>]*>(?:(?!</pd:signed>)[\\s\\S])*?<pd:signer id="${victim.id}"[\\s\\S]*?</pd:signed>`), '')
    expect(out).not.toBe(xml)
    files[CUSTOM] = strToU8(out)
    const r = await verifyDocx(zipSync(files), { trustedSecretariats: [real.fingerprint] })
    expect(r.status).toBe('已篡改')
    expect(r.mismatches.some((m) => m.what.includes(victim.name) && m.found.includes('签名人被移除'))).toBe(true)
  })
  it('恢复签名原文 keeps a valid charter, so the restored document is 有效 where the secretariat is trusted', async () => {
    const restored = await restoreDocx(panelDoc)
    expect((await verifyDocx(restored, { trustedSecretariats: [real.fingerprint] })).status).toBe('有效')
  })
})

describe('export from the secretariat\'s laptop, verification elsewhere', () => {
  it('documents carry the charter: 有效 here, 身份未确认 on a fresh install until its secretariat fingerprint is saved', async () => {
    const sec = await testBackend({ seedDemo: false })
    const m = seedSignedMeeting(sec.db(), { projects: 1, experts: 3 })
    const status = await sec.handlers['trust.createSecretariatKey']({ pin: '258046', pinConfirm: '258046' })
    const job = await sec.handlers['documents.export']({ meetingId: m.meetingId, scope: { kind: 'project', projectId: m.projectIds[0]! }, folder: tempDir('signers-export') })
    const done = await exportFinished(sec, job)
    const written = done.result!.written
    expect(written).toHaveLength(6)
    expect(written.every((w) => w.status === '有效')).toBe(true)
    const panel = written.find((w) => w.kind === 'panel-opinion')!
    const base64 = fs.readFileSync(panel.path).toString('base64')
    const here = await sec.handlers['documents.verify']({ fileName: 'a.docx', base64 })
    expect(here.status).toBe('有效')
    expect(here.charter?.trusted).toBe(true)

    const other = await testBackend({ seedDemo: false })
    expect((await other.handlers['documents.verify']({ fileName: 'a.docx', base64 })).status).toBe('身份未确认')
    await expect(Promise.resolve().then(() => other.handlers['documents.trustSecretariat']({ fingerprint: '12 34' }))).rejects.toThrow(/格式不正确/)
    await other.handlers['documents.trustSecretariat']({ fingerprint: status.secretariatKey!.grouped })
    const after = await other.handlers['documents.verify']({ fileName: 'a.docx', base64 })
    expect(after.status).toBe('有效')
    expect(after.signatures.every((s) => s.identity === 'charter')).toBe(true)
  })
})
