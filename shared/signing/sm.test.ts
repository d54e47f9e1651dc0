import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
// sm-crypto is the older, independent implementation (jsbn-based), used here as a second opinion.
import * as smv1 from 'sm-crypto'
import { sm2 as smv2 } from 'sm-crypto-v2'
import {
  fingerprintMatches,
  formatDigestShort,
  formatFingerprint,
  formatFingerprintDigits,
  generateKeyPair,
  bytesToHex,
  hexToBytes,
  isPublicKeyHex,
  publicKeyFingerprint,
  publicKeyFromPrivateKey,
  signatureId,
  sm2Decrypt,
  sm2Encrypt,
  sm2Sign,
  SM2_Z_BYTES,
  sm2Verify,
  sm2VerifyAfterRoom,
  sm3Hex,
  sm3HexOfBytes,
  utf8AfterRoom,
  utf8Bytes
} from './sm'

const v1 = ((smv1 as unknown as { default?: typeof smv1 }).default ?? smv1) as typeof smv1
const OPTS = { hash: true, der: true } as const

describe('SM3', () => {
  it('matches the GB/T 32905 test vectors', () => {
    expect(sm3Hex('abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0')
    expect(sm3Hex('abcd'.repeat(16))).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732')
  })

  it('hashes the UTF-8 bytes of the text', () => {
    expect(sm3Hex('评审台')).toBe(sm3HexOfBytes(new Uint8Array([0xe8, 0xaf, 0x84, 0xe5, 0xae, 0xa1, 0xe5, 0x8f, 0xb0])))
  })

  it('agrees with sm-crypto on arbitrary Unicode text', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (s) => sm3Hex(s) === v1.sm3(s)), { numRuns: 200 })
  })
})

describe('SM2 keys', () => {
  it('generates uncompressed keys on the curve; the public key derives from the private key', () => {
    const kp = generateKeyPair()
    expect(kp.privateKey).toMatch(/^[0-9a-f]{64}$/)
    expect(kp.publicKey).toMatch(/^04[0-9a-f]{128}$/)
    expect(isPublicKeyHex(kp.publicKey)).toBe(true)
    expect(publicKeyFromPrivateKey(kp.privateKey)).toBe(kp.publicKey)
    expect(generateKeyPair().privateKey).not.toBe(kp.privateKey)
  })

  it('rejects a public key off the curve', () => {
    const kp = generateKeyPair()
    const last = kp.publicKey.slice(-1) === '0' ? '1' : '0'
    expect(isPublicKeyHex(kp.publicKey.slice(0, -1) + last)).toBe(false)
    expect(isPublicKeyHex('02' + kp.publicKey.slice(2, 66))).toBe(false)
  })
})

describe('SM2 signatures', () => {
  const kp = generateKeyPair()
  const msg = '{"expert":"张三","total":86.5,"note":"é 中文 😀"}'

  it('sign → verify; a changed message, a foreign key, or a changed signature fail', () => {
    const sig = sm2Sign(msg, kp.privateKey, kp.publicKey)
    expect(sig).toMatch(/^30[0-9a-f]+$/)
    expect(sm2Verify(msg, sig, kp.publicKey)).toBe(true)
    expect(sm2Verify(msg + ' ', sig, kp.publicKey)).toBe(false)
    expect(sm2Verify(msg, sig, generateKeyPair().publicKey)).toBe(false)
    const flipped = sig.slice(0, 20) + (sig[20] === 'a' ? 'b' : 'a') + sig.slice(21)
    expect(sm2Verify(msg, flipped, kp.publicKey)).toBe(false)
    expect(sm2Verify(msg, 'zz', kp.publicKey)).toBe(false)
    expect(sm2Verify(msg, '3000', kp.publicKey)).toBe(false)
  })

  it('one encoding for the digest and the signature (utf8AfterRoom) gives what the two separate checks give', () => {
    const sig = sm2Sign(msg, kp.privateKey, kp.publicKey)
    const other = generateKeyPair().publicKey
    for (const text of [msg, '', '\ud800 lone', '评审'.repeat(1000)]) {
      const bytes = utf8AfterRoom(text)
      expect(sm3HexOfBytes(bytes.subarray(SM2_Z_BYTES))).toBe(sm3Hex(text))
      expect(bytesToHex(bytes.subarray(SM2_Z_BYTES))).toBe(bytesToHex(utf8Bytes(text)))
    }
    expect(sm2VerifyAfterRoom(utf8AfterRoom(msg), sig, kp.publicKey)).toBe(true)
    expect(sm2VerifyAfterRoom(utf8AfterRoom(msg + ' '), sig, kp.publicKey)).toBe(false)
    expect(sm2VerifyAfterRoom(utf8AfterRoom(msg), sig, other)).toBe(false)
    expect(sm2VerifyAfterRoom(new Uint8Array(3), sig, kp.publicKey)).toBe(false)
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const s = sm2Sign(text, kp.privateKey, kp.publicKey)
        return sm2VerifyAfterRoom(utf8AfterRoom(text), s, kp.publicKey) && sm3HexOfBytes(utf8AfterRoom(text).subarray(SM2_Z_BYTES)) === sm3Hex(text)
      }),
      { numRuns: 30 }
    )
  })

  it('signs without the public key given (derives it)', () => {
    expect(sm2Verify(msg, sm2Sign(msg, kp.privateKey), kp.publicKey)).toBe(true)
  })

  it('is randomised (fresh k per signature) yet each verifies', () => {
    const a = sm2Sign(msg, kp.privateKey, kp.publicKey)
    const b = sm2Sign(msg, kp.privateKey, kp.publicKey)
    expect(a).not.toBe(b)
    expect(sm2Verify(msg, b, kp.publicKey)).toBe(true)
  })
})

describe('interoperability with sm-crypto (independent implementation)', () => {
  it('sm-crypto verifies sm-crypto-v2 signatures (SM2-with-SM3, default user id, DER)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 }), (text) => {
        const kp = generateKeyPair()
        const sig = sm2Sign(text, kp.privateKey, kp.publicKey)
        expect(v1.sm2.doVerifySignature(text, sig, kp.publicKey, OPTS)).toBe(true)
        expect(v1.sm2.doVerifySignature(text + 'x', sig, kp.publicKey, OPTS)).toBe(false)
      }),
      { numRuns: 5 }
    )
  })

  it('sm-crypto-v2 verifies sm-crypto signatures, including keys made by sm-crypto', () => {
    const kp = v1.sm2.generateKeyPairHex()
    const text = '专家个人评审意见表：同意通过'
    const sig = v1.sm2.doSignature(text, kp.privateKey, OPTS)
    expect(sm2Verify(text, sig, kp.publicKey.toLowerCase())).toBe(true)
    expect(sm2Verify(text + '。', sig, kp.publicKey.toLowerCase())).toBe(false)
    expect(publicKeyFromPrivateKey(kp.privateKey.padStart(64, '0'))).toBe(kp.publicKey.toLowerCase())
  })

  it('an sm-crypto-v2 signature made with a non-default user id does not verify as default (the id matters)', () => {
    const kp = generateKeyPair()
    const sig = v1.sm2.doSignature('x', kp.privateKey, { ...OPTS, userId: 'paneldesk' })
    expect(v1.sm2.doVerifySignature('x', sig, kp.publicKey, { ...OPTS, userId: 'paneldesk' })).toBe(true)
    expect(sm2Verify('x', sig, kp.publicKey)).toBe(false)
  })
})

describe('fingerprints and short forms', () => {
  const kp = generateKeyPair()
  const fp = publicKeyFingerprint(kp.publicKey)

  it('is SM3 of the 65 public key bytes', () => {
    expect(fp).toBe(v1.sm3(Array.from(hexToBytes(kp.publicKey))))
    expect(fp).not.toBe(sm3Hex(kp.publicKey)) // not the hash of the hex text
  })

  it('reads aloud as 8 groups of 4 upper-case hex, or 8 groups of 5 digits', () => {
    const shown = formatFingerprint(fp)
    expect(shown).toMatch(/^([0-9A-F]{4} ){7}[0-9A-F]{4}$/)
    expect(shown.replace(/ /g, '').toLowerCase()).toBe(fp.slice(0, 32))
    expect(formatFingerprintDigits(fp)).toMatch(/^(\d{5} ){7}\d{5}$/)
    expect(formatFingerprintDigits('00'.repeat(3) + '01' + '00'.repeat(28))).toBe('00001 00000 00000 00000 00000 00000 00000 00000')
    expect(formatFingerprintDigits('ff'.repeat(32)).slice(0, 5)).toBe(String(2 ** 32 - 1).slice(-5))
    expect(formatFingerprintDigits('00'.repeat(4) + '00018a92' + '00'.repeat(24))).toBe('00000 01010 00000 00000 00000 00000 00000 00000') // 0x18a92 = 101010
  })

  it('matches a registered fingerprint given in full or read-aloud form, in any case and grouping', () => {
    expect(fingerprintMatches(fp, fp)).toBe(true)
    expect(fingerprintMatches(formatFingerprint(fp), fp)).toBe(true)
    expect(fingerprintMatches(formatFingerprint(fp).toLowerCase().replace(/ /g, '-'), fp)).toBe(true)
    const other = publicKeyFingerprint(generateKeyPair().publicKey)
    expect(fingerprintMatches(formatFingerprint(other), fp)).toBe(false)
    expect(fingerprintMatches(fp.slice(0, 20), fp)).toBe(false)
    expect(fingerprintMatches('', fp)).toBe(false)
  })

  it('prints digest and signature short forms for documents', () => {
    expect(formatDigestShort(sm3Hex('abc'))).toBe('66C7F0F4 62EEEDD9 D1F2D46B DC10E4E2')
    const sig = sm2Sign('abc', kp.privateKey, kp.publicKey)
    expect(signatureId(sig)).toMatch(/^[0-9A-F]{4}(-[0-9A-F]{4}){3}$/)
    expect(signatureId(sig)).toBe(formatDigestShort(sm3HexOfBytes(hexToBytes(sig))).replace(/ /g, '').slice(0, 16).replace(/(.{4})(?!$)/g, '$1-'))
    expect(utf8Bytes('中').length).toBe(3)
  })
})

describe('hex codecs and SM2 encryption', () => {
  it('round-trips bytes through hex and refuses what is not hex', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 20_000 }), (b) => {
        const hex = bytesToHex(b)
        expect(hex).toBe(Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(''))
        expect(hexToBytes(hex)).toEqual(b)
        expect(hexToBytes(hex.toUpperCase())).toEqual(b)
      }),
      { numRuns: 50 }
    )
    for (const bad of ['0', 'zz', '0g', ' 00', '0\u0130', '\u00ff00']) expect(() => hexToBytes(bad)).toThrow()
  })

  it('encrypts to a public key (cached point table) so that the other implementation decrypts it', () => {
    const kp = generateKeyPair()
    const msg = utf8Bytes('内容密钥 16 字节')
    for (let i = 0; i < 3; i++) {
      const c = sm2Encrypt(msg, kp.publicKey)
      expect(c).toMatch(/^[0-9a-f]+$/)
      expect(v1.sm2.doDecrypt(c, kp.privateKey, 1)).toBe('内容密钥 16 字节')
    }
    expect(() => sm2Encrypt(msg, '04' + '00'.repeat(64))).toThrow()
  })

  it('decrypts (fixed windows) exactly as sm-crypto-v2 and sm-crypto do, and refuses altered or foreign ciphertext', () => {
    const kp = generateKeyPair()
    const other = generateKeyPair()
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 80 }), (msg) => {
        const c = sm2Encrypt(msg, kp.publicKey)
        const mine = sm2Decrypt(c, kp.privateKey)
        expect(mine).toEqual(msg)
        expect(mine).toEqual(smv2.doDecrypt(c, kp.privateKey, 1, { output: 'array' }))
        const v1c = v1.sm2.doEncrypt(bytesToHex(msg), kp.publicKey, 1) // v1 encrypts the hex digits as text
        expect(bytesToHex(sm2Decrypt(v1c, kp.privateKey) as Uint8Array)).toBe(bytesToHex(utf8Bytes(bytesToHex(msg))))
        expect(sm2Decrypt(c, other.privateKey)).toBeNull()
        const flip = (i: number) => c.slice(0, i) + (c[i] === '0' ? '1' : '0') + c.slice(i + 1)
        expect(sm2Decrypt(flip(130), kp.privateKey)).toBeNull() // C3
        expect(sm2Decrypt(flip(c.length - 1), kp.privateKey)).toBeNull() // C2
        expect(sm2Decrypt(flip(5), kp.privateKey)).toBeNull() // C1 off the curve
      }),
      { numRuns: 25 }
    )
    // Private keys at the edges of the scalar range (top nibbles set, leading zero nibbles).
    for (const d of ['0'.repeat(63) + '1', '00000000' + 'ab'.repeat(28), 'fffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54122']) {
      const pub = publicKeyFromPrivateKey(d)
      const c = sm2Encrypt(utf8Bytes('k'), pub)
      expect(sm2Decrypt(c, d)).toEqual(utf8Bytes('k'))
    }
    for (const bad of ['', '04', 'zz'.repeat(120), '00'.repeat(96)]) expect(sm2Decrypt(bad, kp.privateKey)).toBeNull()
  })
})
