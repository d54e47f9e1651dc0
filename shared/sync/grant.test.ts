import { describe, expect, it } from 'vitest'
import { makeCert } from './seal'
import { GRANT_MAX_KEYS, bundleMessage, checkGrant, grantKey, grantMessage, makeGrant, makeGrantBundle, makeReleaseKey, parseGrant } from './grant'
import { unwrapKey } from './unitEnvelope'
import { generateKeyPair, publicKeyFingerprint, sm2Sign } from '../signing/sm'

const KID = 'ab'.repeat(16)

function signerOf(author: string, master = generateKeyPair()) {
  const sync = generateKeyPair()
  return { master, signer: { cert: makeCert(author, master, sync.publicKey, '2026-12-07T00:00:00.000Z'), privateKey: sync.privateKey } }
}

describe('release grants', () => {
  it('verify against the pinned secretariat key (full or read-aloud fingerprint) and unwrap for the recipient only', () => {
    const { master, signer } = signerOf('secretariat')
    const expert = generateKeyPair()
    const key = new Uint8Array(16).fill(3)
    const release = makeReleaseKey(expert.publicKey)
    const grant = makeGrant(KID, key, release, signer)
    const other = makeGrant('cd'.repeat(16), new Uint8Array(16).fill(9), release, signer)
    expect(other.rk).toBe(grant.rk) // one SM2 wrapping per recipient, repeated in each of its grants
    const text = JSON.stringify(grant)
    const fp = publicKeyFingerprint(master.publicKey)
    for (const pin of [fp, fp.slice(0, 32)]) expect(checkGrant(text, [pin])).toEqual({ ok: true, grant })
    expect(parseGrant(text)).toEqual(grant)
    expect(grant.fp).toBe(publicKeyFingerprint(expert.publicKey))
    expect(grantKey(grant, unwrapKey(grant.rk, expert.privateKey)!)).toEqual(key)
    expect(grantKey(other, unwrapKey(other.rk, expert.privateKey)!)).toEqual(new Uint8Array(16).fill(9))
    expect(unwrapKey(grant.rk, generateKeyPair().privateKey)).toBeNull()
  })

  it('refuses unsigned, malformed, foreign, expert-signed and altered grants with a Chinese reason', () => {
    const { master, signer } = signerOf('secretariat')
    const pins = [publicKeyFingerprint(master.publicKey)]
    const expert = generateKeyPair()
    const grant = makeGrant(KID, new Uint8Array(16), makeReleaseKey(expert.publicKey), signer)
    const reason = (g: unknown) => {
      const r = checkGrant(typeof g === 'string' ? g : JSON.stringify(g), pins)
      return r.ok ? 'ok' : r.reason
    }
    expect(reason({ v: 1, kid: KID, fp: grant.fp, wrapped: grant.wrapped })).toMatch(/没有秘书处签名/)
    expect(reason('{"v":2')).toBe('发放授权格式无效')
    expect(reason('x'.repeat(5000))).toBe('发放授权格式无效')
    expect(reason({ ...grant, extra: 1 })).toBe('发放授权格式无效')
    expect(reason(makeGrant(KID, new Uint8Array(16), makeReleaseKey(expert.publicKey), signerOf('e2').signer))).toBe('发放授权不是秘书处签发的（签发者为「e2」）')
    expect(reason(makeGrant(KID, new Uint8Array(16), makeReleaseKey(expert.publicKey), signerOf('secretariat').signer))).toMatch(/^签发发放授权的公钥（指纹 .+）不是本机确认的秘书处公钥$/)
    expect(reason({ ...grant, cert: { ...grant.cert, issuedAt: '2030-01-01T00:00:00.000Z' } })).toBe('发放授权所附的同步密钥证书签名无效')
    const other = generateKeyPair()
    expect(reason({ ...grant, fp: publicKeyFingerprint(other.publicKey) })).toBe('发放授权的签名无效（内容被改动或伪造）')
    expect(reason({ ...grant, kid: 'cd'.repeat(16) })).toBe('发放授权的签名无效（内容被改动或伪造）')
    expect(reason({ ...grant, wrapped: 'ee'.repeat(16) })).toBe('发放授权的签名无效（内容被改动或伪造）')
    const forged = { ...grant, sig: sm2Sign(grantMessage(grant, grant.cert.sig), other.privateKey, other.publicKey) }
    expect(reason(forged)).toBe('发放授权的签名无效（内容被改动或伪造）')
    expect(checkGrant(JSON.stringify(grant), [])).toMatchObject({ ok: false })
  })

  it('bundles: one signature over several keys, each unwrapped by kid; altered, oversized or duplicated ones refused', () => {
    const { master, signer } = signerOf('secretariat')
    const pins = [publicKeyFingerprint(master.publicKey)]
    const expert = generateKeyPair()
    const release = makeReleaseKey(expert.publicKey)
    const keys = [0, 1, 2].map((i) => ({ kid: String(i).repeat(32), key: new Uint8Array(16).fill(i + 1) }))
    const bundle = makeGrantBundle(keys, release, signer)
    const text = JSON.stringify(bundle)
    expect(checkGrant(text, pins)).toEqual({ ok: true, grant: bundle })
    expect(parseGrant(text)).toEqual(bundle)
    const rk = unwrapKey(bundle.rk, expert.privateKey)!
    for (const k of keys) expect(grantKey(bundle, rk, k.kid)).toEqual(k.key)
    expect(grantKey(bundle, rk, KID)).toBeNull()
    expect(grantKey(bundle, rk)).toBeNull()
    const reason = (g: unknown) => {
      const r = checkGrant(JSON.stringify(g), pins)
      return r.ok ? 'ok' : r.reason
    }
    expect(reason({ ...bundle, keys: bundle.keys.slice(1) })).toBe('发放授权的签名无效（内容被改动或伪造）')
    expect(reason({ ...bundle, keys: [...bundle.keys].reverse() })).toBe('发放授权的签名无效（内容被改动或伪造）')
    expect(reason({ ...bundle, keys: [...bundle.keys, { kid: KID, wrapped: 'ee'.repeat(16) }] })).toBe('发放授权的签名无效（内容被改动或伪造）')
    const dup = { fp: bundle.fp, rk: bundle.rk, keys: [bundle.keys[0]!, bundle.keys[0]!] }
    expect(reason({ v: 3, ...dup, cert: bundle.cert, sig: sm2Sign(bundleMessage(dup, bundle.cert.sig), signer.privateKey, signer.cert.key) })).toBe('发放授权格式无效')
    const many = Array.from({ length: GRANT_MAX_KEYS + 1 }, (_, i) => ({ kid: i.toString(16).padStart(32, '0'), wrapped: 'ee'.repeat(16) }))
    expect(reason({ ...bundle, keys: many })).toBe('发放授权格式无效')
    expect(() => makeGrantBundle(many.map((k) => ({ kid: k.kid, key: new Uint8Array(16) })), release, signer)).toThrow()
    // A version 2 body relabelled as version 3 (or back) does not verify: the two messages differ.
    const v2 = makeGrant(KID, new Uint8Array(16), release, signer)
    expect(reason({ v: 3, fp: v2.fp, rk: v2.rk, keys: [{ kid: v2.kid, wrapped: v2.wrapped }], cert: v2.cert, sig: v2.sig })).toBe('发放授权的签名无效（内容被改动或伪造）')
    expect(grantMessage(v2, v2.cert.sig)).not.toBe(bundleMessage({ fp: v2.fp, rk: v2.rk, keys: [{ kid: v2.kid, wrapped: v2.wrapped }] }, v2.cert.sig))
  })
})
