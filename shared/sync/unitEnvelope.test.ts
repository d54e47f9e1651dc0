import { describe, expect, it } from 'vitest'
import type { Change } from './change'
import { makeCert, makeSeal } from './seal'
import { utf8Bytes } from '../signing/sm'
import { checkEnvelope, envelopeBody, envelopeStubs, makeContentKey, makeEnvelope, openEnvelope, openEnvelopeWith, unwrapEntry, unwrapKey, utf8DecodePure, type UnitEnvelope } from './unitEnvelope'
import { generateKeyPair } from '../signing/sm'
import { grantKey, makeGrant, makeReleaseKey } from './grant'

const ORIGIN = '01900000-0000-7000-8000-0000000000aa'

/** Checks an envelope as a reader gets it: its stored JSON and ciphertext bytes. */
const check = (e: UnitEnvelope) => {
  const { body, ct } = envelopeBody(e)
  return checkEnvelope(body, ct)
}

function unit(author: string, text: string): Change[] {
  const cells = [
    { seq: 1, tx: 1, txEnd: 2, col: 'conclusion' },
    { seq: 2, tx: 1, txEnd: 2, col: 'main_problems' },
    { seq: 3, tx: 3, txEnd: 3, col: 'suggestions' }
  ]
  return cells.map((c) => ({ origin: ORIGIN, ...c, hlc: `0190000000${c.seq}0-0000-${ORIGIN}`, author, tbl: 'score_sheets', rowId: 'sheet:p1:e1:1', value: JSON.stringify(text) }))
}

function sealed(author: string, text: string) {
  const master = generateKeyPair()
  const sync = generateKeyPair()
  const cert = makeCert(author, master, sync.publicKey, '2026-12-01T00:00:00.000Z')
  const changes = unit(author, text)
  const seal = makeSeal(changes, cert, sync.privateKey)
  ;(changes[2] as Change).seal = JSON.stringify(seal)
  return { changes, signer: { cert, privateKey: sync.privateKey }, master }
}

describe('sealed envelopes', () => {
  it('opens for each recipient, gives exactly the sealed unit, and its stubs carry only seqs and transactions', () => {
    const sec = generateKeyPair()
    const { changes, signer, master } = sealed('e1', '资金测算依据不足（中文）😀')
    const env = makeEnvelope(changes, signer, makeContentKey([sec.publicKey, master.publicKey, sec.publicKey]))
    expect(env.keys).toHaveLength(2)
    const { body, ct } = envelopeBody(env)
    expect(body).not.toContain('资金测算')
    expect(Array.from(ct!, (b) => String.fromCharCode(b)).join('')).not.toContain('score_sheets')
    expect(checkEnvelope(body, ct).ok).toBe(true)
    for (const k of [sec, master]) {
      const opened = openEnvelope(env, k)
      expect(opened).toEqual({ ok: true, changes })
    }
    expect(openEnvelope(env, generateKeyPair())).toEqual({ ok: false, reason: '本机的密钥不是该加密信封的收件人' })
    // A grant re-wraps the content key to another expert's sync key: it opens the envelope there.
    const other = generateKeyPair()
    const key = unwrapEntry(env.keys[0]!, (w) => unwrapKey(w, sec.privateKey))!
    const secSync = generateKeyPair()
    const secSigner = { cert: makeCert('secretariat', sec, secSync.publicKey, '2026-12-01T00:00:00.000Z'), privateKey: secSync.privateKey }
    const grant = makeGrant(env.kid, key, makeReleaseKey(other.publicKey), secSigner)
    expect(openEnvelopeWith(env, grantKey(grant, unwrapKey(grant.rk, other.privateKey)!)!)).toEqual({ ok: true, changes })
    expect(unwrapKey(grant.rk, sec.privateKey)).toBeNull()
    expect(envelopeStubs(env).map((s) => [s.seq, s.tx, s.txEnd, s.author, s.value])).toEqual([
      [1, 1, 2, '', ''],
      [2, 1, 2, '', ''],
      [3, 3, 3, '', '']
    ])
  })

  it('refuses a tampered header, a swapped ciphertext and a forged signature', () => {
    const sec = generateKeyPair()
    const a = sealed('e1', '甲')
    const b = sealed('e1', '乙')
    const envA = makeEnvelope(a.changes, a.signer, makeContentKey([sec.publicKey]))
    const envB = makeEnvelope(b.changes, b.signer, makeContentKey([sec.publicKey]))
    const range = { ...envA, to: 4, count: 4 }
    expect(check(range)).toMatchObject({ ok: false, reason: '加密信封的签名无效（信封头或密文被改动）' })
    const swapped = { ...envA, ct: envB.ct, tag: envB.tag, iv: envB.iv } as UnitEnvelope
    expect(check(swapped)).toMatchObject({ ok: false, reason: '加密信封的签名无效（信封头或密文被改动）' })
    const badSig = { ...envA, sig: envB.sig }
    expect(check(badSig)).toMatchObject({ ok: false })
    const flipped = Uint8Array.from(envA.ct as Uint8Array)
    flipped[0] = (flipped[0] as number) ^ 1
    expect(check({ ...envA, ct: flipped } as UnitEnvelope)).toMatchObject({ ok: false, reason: '加密信封的签名无效（信封头或密文被改动）' })
    // A version 2 header without its ciphertext, or given as a version 1 text, is not an envelope.
    expect(checkEnvelope(envelopeBody(envA).body)).toEqual({ ok: false, reason: '加密信封格式无效' })
    expect(checkEnvelope(JSON.stringify({ ...envA, v: 1, ct: 'ab' }))).toMatchObject({ ok: false, reason: '加密信封的签名无效（信封头或密文被改动）' })
    expect(checkEnvelope('{"v":1}')).toEqual({ ok: false, reason: '加密信封格式无效' })
    expect(checkEnvelope('not json')).toEqual({ ok: false, reason: '加密信封格式无效' })
    // The ciphertext swapped under a re-signed header by another key of the same author: the content key does not open it.
    const reSigned = makeEnvelope(a.changes, a.signer, makeContentKey([sec.publicKey]))
    const mixed = { ...reSigned, ct: envB.ct } as UnitEnvelope
    expect(openEnvelope(mixed, sec)).toMatchObject({ ok: false })
  })

  it('version 2: content keys under one transport key per recipient, covered by the signature', () => {
    const sec = generateKeyPair()
    const a = sealed('e1', '甲')
    const b = sealed('e1', '乙')
    const session = new Map<string, ReturnType<typeof makeReleaseKey>>()
    const transport = (pub: string) => session.get(pub) ?? (session.set(pub, makeReleaseKey(pub)), session.get(pub)!)
    const ckA = makeContentKey([sec.publicKey, a.master.publicKey], transport)
    const ckB = makeContentKey([sec.publicKey, a.master.publicKey], transport)
    const envA = makeEnvelope(a.changes, a.signer, ckA)
    const envB = makeEnvelope(b.changes, a.signer, ckB)
    expect(envA.v).toBe(2)
    // The same transport wrapping (one SM2 decryption per recipient) in both, different content keys under it.
    const tkOf = (e: UnitEnvelope, i: number) => (e.keys[i] as { tk: string }).tk
    expect(tkOf(envA, 0)).toBe(tkOf(envB, 0))
    expect(envA.keys[0]!.wrapped).not.toBe(envB.keys[0]!.wrapped)
    expect(check(envA).ok).toBe(true)
    for (const k of [sec, a.master]) expect(openEnvelope(envA, k)).toEqual({ ok: true, changes: a.changes })
    expect(openEnvelope(envA, generateKeyPair())).toEqual({ ok: false, reason: '本机的密钥不是该加密信封的收件人' })
    // Another envelope's wrapped block, or another transport wrapping, fails the signature.
    const keysA = envA.keys as { fp: string; tk: string; wrapped: string }[]
    const otherWrapped = { ...envA, keys: [{ ...keysA[0]!, wrapped: envB.keys[0]!.wrapped }, keysA[1]!] } as UnitEnvelope
    expect(check(otherWrapped)).toMatchObject({ ok: false, reason: '加密信封的签名无效（信封头或密文被改动）' })
    const otherTk = { ...envA, keys: [{ ...keysA[0]!, tk: makeReleaseKey(sec.publicKey).rk }, keysA[1]!] } as UnitEnvelope
    expect(check(otherTk)).toMatchObject({ ok: false, reason: '加密信封的签名无效（信封头或密文被改动）' })
    // Version 1 envelopes (one JSON text, ciphertext in hex): tests/security/folderUpgrade.test.ts.
  })

  it('decodes UTF-8 strictly without TextDecoder as the platform decoder does', () => {
    const TD = (globalThis as unknown as { TextDecoder: new (l: string, o: { fatal: boolean }) => { decode(b: Uint8Array): string } }).TextDecoder
    const td = new TD('utf-8', { fatal: true })
    for (const text of ['', 'abc', '资金测算依据不足（中文）😀', '\u0000\u007f\u0080\u07ff\u0800\uffff', '\ud83d\ude00'.repeat(9000)]) {
      expect(utf8DecodePure(utf8Bytes(text))).toBe(text)
    }
    const bad = [[0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe4, 0xb8], [0x80], [0xff]]
    for (const b of bad) {
      expect(utf8DecodePure(Uint8Array.from(b))).toBeNull()
      expect(() => td.decode(Uint8Array.from(b))).toThrow()
    }
  })
})
