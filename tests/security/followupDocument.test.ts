/**
 * Issue 12, item 4: the 专家组复核意见 is signed by the 组长 and every named re-reviewer and verified like the other
 * documents. Attacks: the checklist verdict edited in the .docx; a re-reviewer's signature forged with another key
 * (under the real id and name); a re-reviewer's signature removed; the 组长's content changed and re-signed with a
 * foreign key; a co-signer who signed a different opinion.
 */
import fs from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import { generateKeyPair, publicKeyFingerprint } from '../../shared/signing/sm'
import { signPayload } from '../../shared/signing/envelope'
import { makeCert } from '../../shared/sync/seal'
import { makeCharter, type SignedCharter } from '../../electron/main/documents/charter'
import { buildFollowupOpinionDocx } from '../../electron/main/documents/followupOpinion'
import { restoreDocx, verifyDocx } from '../../electron/main/documents/verify'
import { VERIFY_EXIT, verifyCommand } from '../../electron/main/cli/commands/verify'
import { FIXTURE_MEETING, FIXTURE_PROJECT, makeExperts, type FixtureExpert } from '../kits/documents/testData'
import { followupContent, signFollowup } from '../kits/documents/followupData'
import { editFigure } from '../kits/documents/testUtil'
import { tempDir } from '../helpers/tmp'

const experts = makeExperts(3)
const reviewers = experts.slice(0, 3)
const master = generateKeyPair()
const sync = generateKeyPair()
const secretariat = { fingerprint: publicKeyFingerprint(master.publicKey), signer: { cert: makeCert('secretariat', master, sync.publicKey, '2026-12-01T00:00:00.000Z'), privateKey: sync.privateKey } }
const trusted = { trustedSecretariats: [secretariat.fingerprint] }
const CUSTOM = 'customXml/item1.xml'

function charter(): SignedCharter {
  const entry = (e: FixtureExpert) => ({ expertId: e.id, name: e.name, fingerprint: e.fingerprint })
  return makeCharter(
    {
      meeting: { id: FIXTURE_MEETING.id, name: FIXTURE_MEETING.name, organiser: '三明市发展和改革委员会' },
      project: { id: FIXTURE_PROJECT.id, name: FIXTURE_PROJECT.name },
      document: 'followup-opinion',
      leader: entry(reviewers[0]!),
      signers: reviewers.slice(1).map(entry),
      issuedAt: '2026-12-02T09:00:00.000Z'
    },
    secretariat.signer
  )
}

let doc: Uint8Array
beforeAll(async () => {
  doc = await buildFollowupOpinionDocx({ ...signFollowup(reviewers), charter: charter() })
})

describe('an authentic 专家组复核意见', () => {
  it('is 有效 where the secretariat is trusted, 身份未确认 elsewhere; the command line and --restore agree', async () => {
    const r = await verifyDocx(doc, trusted)
    expect(r.mismatches).toEqual([])
    expect(r.status).toBe('有效')
    expect(r.signatures).toHaveLength(3)
    expect((await verifyDocx(doc)).status).toBe('身份未确认')
    const dir = tempDir('followup-verify')
    const file = path.join(dir, '专家组复核意见.docx')
    fs.writeFileSync(file, doc)
    expect(await verifyCommand.run([file, '--secretariat-fingerprint', secretariat.fingerprint])).toBe(VERIFY_EXIT.valid)
    const edited = path.join(dir, '改过.docx')
    fs.writeFileSync(edited, await editFigure(doc, 'item.problem.2.verdict', '已落实'))
    const out = path.join(dir, '签名原文.docx')
    expect(await verifyCommand.run([edited, '--secretariat-fingerprint', secretariat.fingerprint, '--restore', out])).toBe(VERIFY_EXIT.tampered)
    expect((await verifyDocx(fs.readFileSync(out), trusted)).status).toBe('有效')
  })
})

describe('attacks', () => {
  it('the checklist verdict edited in the .docx (未落实 → 已落实): 已篡改, naming the row', async () => {
    const r = await verifyDocx(await editFigure(doc, 'item.problem.2.verdict', '已落实'), trusted)
    expect(r.status).toBe('已篡改')
    expect(r.mismatches).toContainEqual({ what: '问题2落实情况', expected: '未落实', found: '已落实' })
  })

  it('the verdict edited in the embedded signed text as well: the signature fails, 已篡改', async () => {
    const files = unzipSync(doc)
    files[CUSTOM] = strToU8(strFromU8(files[CUSTOM]!).replace(/&quot;verdict&quot;:&quot;open&quot;|"verdict":"open"/g, (m) => m.replace('open', 'done')))
    const r = await verifyDocx(zipSync(files), trusted)
    expect(r.status).toBe('已篡改')
  })

  it('a re-reviewer\'s signature forged with another key under the real id and name: never 有效', async () => {
    const forger = { ...reviewers[1]!, ...(() => { const k = generateKeyPair(); return { privateKey: k.privateKey, publicKey: k.publicKey, fingerprint: publicKeyFingerprint(k.publicKey) } })() }
    const real = signFollowup(reviewers)
    const at = '2026-12-02T03:00:00.000Z'
    const forged = signPayload('followup-opinion', followupContent(reviewers, forger, at), forger.privateKey, forger.publicKey, { id: forger.id, name: forger.name }, at)
    const bytes = await buildFollowupOpinionDocx({ leader: real.leader, cosigners: [forged, real.cosigners[1]!], charter: charter() })
    for (const opts of [trusted, { registeredFingerprints: Object.fromEntries(reviewers.map((e) => [e.id, e.fingerprint])) }]) {
      expect((await verifyDocx(bytes, opts)).status).toBe('已篡改')
    }
    expect((await verifyDocx(bytes)).status).not.toBe('有效')
  })

  it('a re-reviewer\'s signature removed from the document: 已篡改, the missing signer named', async () => {
    const files = unzipSync(doc)
    const victim = reviewers[2]!
    const xml = strFromU8(files[CUSTOM]!)
    const out = xml.replace(new RegExp(`<pd:signed role="source"[^>]*>(?:(?!</pd:signed>)[\\s\\S])*?<pd:signer id="${victim.id}"[\\s\\S]*?</pd:signed>`), '')
    expect(out).not.toBe(xml)
    files[CUSTOM] = strToU8(out)
    const r = await verifyDocx(zipSync(files), trusted)
    expect(r.status).toBe('已篡改')
    expect(r.mismatches.some((m) => m.what.includes(victim.name) && m.found.includes('签名人被移除'))).toBe(true)
  })

  it('the 组长\'s opinion changed to 同意 and re-signed with a foreign key: 已篡改', async () => {
    const k = generateKeyPair()
    const at = '2026-12-02T02:00:00.000Z'
    const content = { ...followupContent(reviewers, reviewers[0]!, at), conclusion: 'agree' as const }
    const leader = signPayload('followup-opinion', content, k.privateKey, k.publicKey, { id: reviewers[0]!.id, name: reviewers[0]!.name }, at)
    const cos = reviewers.slice(1).map((e, i) => {
      const t = `2026-12-02T0${3 + i}:00:00.000Z`
      return signPayload('followup-opinion', { ...followupContent(reviewers, e, t), conclusion: 'agree' as const }, e.privateKey, e.publicKey, { id: e.id, name: e.name }, t)
    })
    const bytes = await buildFollowupOpinionDocx({ leader, cosigners: cos, charter: charter() })
    expect((await verifyDocx(bytes, trusted)).status).toBe('已篡改')
  })

  it('a co-signer\'s signature over a different opinion, placed into the document: 已篡改 (never regenerated from it)', async () => {
    const files = unzipSync(doc)
    const e = reviewers[1]!
    const t = '2026-12-02T03:00:00.000Z'
    const other = signPayload('followup-opinion', { ...followupContent(reviewers, e, t), conclusion: 'agree' as const }, e.privateKey, e.publicKey, { id: e.id, name: e.name }, t)
    const xml = strFromU8(files[CUSTOM]!)
    const real = signFollowup(reviewers).cosigners[0]!
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    const swapped = xml
      .replace(esc(real.canonical), esc(other.canonical))
      .replace(real.digest, other.digest)
      .replace(real.signature, other.signature)
    expect(swapped).not.toBe(xml)
    files[CUSTOM] = strToU8(swapped)
    const r = await verifyDocx(zipSync(files), trusted)
    expect(r.status).toBe('已篡改')
    await expect(restoreDocx(zipSync(files))).rejects.toThrow()
  })
})
