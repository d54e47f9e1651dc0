import { describe, expect, it } from 'vitest'
import { sm4 } from 'sm-crypto-v2'
import {
  DEFAULT_SCRYPT,
  decryptPrivateKey,
  decryptPrivateKeyAsync,
  encryptPrivateKey,
  encryptPrivateKeyAsync,
  KeyBlobError,
  needsRehash,
  parseKeyBlob,
  pinAttemptDelay,
  PinRuleError,
  pinWaitMessage,
  pinWaitRemaining,
  validatePin,
  WrongPinError,
  type KeyBlob
} from './keystore'
import { generateKeyPair } from './sm'

const FAST = { N: 2 ** 10, r: 8, p: 1 }
const PIN = '284719'
const kp = generateKeyPair()

function expectWrongPin(f: () => unknown): void {
  let err: unknown
  try {
    f()
  } catch (e) {
    err = e
  }
  expect(err).toBeInstanceOf(WrongPinError)
  expect((err as WrongPinError).code).toBe('WRONG_PIN')
  expect((err as Error).message).toBe('PIN 码错误')
}

describe('SM4-GCM as used by the keystore', () => {
  it('matches the RFC 8998 appendix A.1 test vector', () => {
    const pt = 'AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDDEEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA'
    const bytes = Uint8Array.from(pt.match(/../g)!.map((h) => parseInt(h, 16)))
    const r = sm4.encrypt(bytes, '0123456789ABCDEFFEDCBA9876543210', {
      mode: 'gcm',
      iv: '00001234567800000000ABCD',
      associatedData: 'FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2',
      output: 'string'
    })
    expect(r.output).toBe(
      '17f399f08c67d5ee19d0dc9969c4bb7d5fd46fd3756489069157b282bb200735d82710ca5c22f0ccfa7cbf93d496ac15a56834cbcf98c397b4024a2691233b8d'
    )
    expect(r.tag).toBe('83de3541e4c2b58177e065a9bf7b62ec')
  })
})

describe('encryptPrivateKey / decryptPrivateKey', () => {
  it('round-trips under the right PIN and records its parameters', () => {
    const blob = encryptPrivateKey(PIN, kp.privateKey, { scrypt: FAST, now: new Date('2026-11-20T00:00:00Z') })
    expect(blob.format).toBe('paneldesk.keyblob/1')
    expect(blob.kdf).toMatchObject({ name: 'scrypt', N: 1024, r: 8, p: 1, dkLen: 16 })
    expect(blob.kdf.salt).toMatch(/^[0-9a-f]{32}$/)
    expect(blob.cipher.iv).toMatch(/^[0-9a-f]{24}$/)
    expect(blob.cipher.tag).toMatch(/^[0-9a-f]{32}$/)
    expect(blob.publicKey).toBe(kp.publicKey)
    expect(blob.createdAt).toBe('2026-11-20T00:00:00.000Z')
    expect(JSON.stringify(blob)).not.toContain(kp.privateKey)
    expect(decryptPrivateKey(PIN, blob)).toBe(kp.privateKey)
    // as stored: through JSON text
    expect(decryptPrivateKey(PIN, parseKeyBlob(JSON.stringify(blob)))).toBe(kp.privateKey)
  })

  it('uses a fresh salt and IV every time', () => {
    const a = encryptPrivateKey(PIN, kp.privateKey, { scrypt: FAST })
    const b = encryptPrivateKey(PIN, kp.privateKey, { scrypt: FAST })
    expect(a.kdf.salt).not.toBe(b.kdf.salt)
    expect(a.cipher.iv).not.toBe(b.cipher.iv)
    expect(a.ciphertext).not.toBe(b.ciphertext)
  })

  it('throws WrongPinError for a wrong PIN', () => {
    const blob = encryptPrivateKey(PIN, kp.privateKey, { scrypt: FAST })
    for (const wrong of ['284710', '2847190', '', '482719']) expectWrongPin(() => decryptPrivateKey(wrong, blob))
  })

  it('accepts the PIN typed with full-width digits (IME) or surrounding spaces', () => {
    const blob = encryptPrivateKey(PIN, kp.privateKey, { scrypt: FAST })
    expect(decryptPrivateKey('２８４７１９', blob)).toBe(kp.privateKey)
    expect(decryptPrivateKey(` ${PIN} `, blob)).toBe(kp.privateKey)
  })

  it('fails authentication when any part of the blob is altered', () => {
    const blob = encryptPrivateKey(PIN, kp.privateKey, { scrypt: FAST })
    const flip = (h: string) => (h[0] === '0' ? '1' : '0') + h.slice(1)
    const other = generateKeyPair().publicKey
    const altered: KeyBlob[] = [
      { ...blob, ciphertext: flip(blob.ciphertext) },
      { ...blob, cipher: { ...blob.cipher, tag: flip(blob.cipher.tag) } },
      { ...blob, cipher: { ...blob.cipher, iv: flip(blob.cipher.iv) } },
      { ...blob, kdf: { ...blob.kdf, salt: flip(blob.kdf.salt) } },
      { ...blob, kdf: { ...blob.kdf, N: 2048 } },
      { ...blob, publicKey: other }
    ]
    for (const b of altered) expectWrongPin(() => decryptPrivateKey(PIN, b))
  })

  it('rejects malformed or hostile blobs with KeyBlobError before deriving', () => {
    const blob = encryptPrivateKey(PIN, kp.privateKey, { scrypt: FAST })
    const bad: unknown[] = [
      null,
      'not json',
      { ...blob, format: 'paneldesk.keyblob/9' },
      { ...blob, kdf: { ...blob.kdf, N: 2 ** 30 } },
      { ...blob, kdf: { ...blob.kdf, N: 1000 } },
      { ...blob, kdf: { ...blob.kdf, name: 'pbkdf2' } },
      { ...blob, cipher: { ...blob.cipher, name: 'sm4-cbc' } },
      { ...blob, cipher: { ...blob.cipher, tag: blob.cipher.tag.slice(0, 8) } },
      { ...blob, ciphertext: '' },
      { ...blob, publicKey: '04' + '00'.repeat(64) }
    ]
    for (const b of bad) expect(() => decryptPrivateKey(PIN, b as KeyBlob)).toThrow(KeyBlobError)
  })

  it('refuses to encrypt under a PIN that breaks the rules', () => {
    for (const pin of ['12345', '123456', '654321', '111111', '12a456', '']) {
      expect(() => encryptPrivateKey(pin, kp.privateKey, { scrypt: FAST }), pin).toThrow(PinRuleError)
    }
    expect(() => encryptPrivateKey(PIN, 'zz', { scrypt: FAST })).toThrow(KeyBlobError)
  })

  it('async variants interoperate with the sync ones', async () => {
    const blob = await encryptPrivateKeyAsync(PIN, kp.privateKey, { scrypt: FAST })
    expect(decryptPrivateKey(PIN, blob)).toBe(kp.privateKey)
    expect(await decryptPrivateKeyAsync(PIN, encryptPrivateKey(PIN, kp.privateKey, { scrypt: FAST }))).toBe(kp.privateKey)
    await expect(decryptPrivateKeyAsync('999990', blob)).rejects.toBeInstanceOf(WrongPinError)
  })

  it('default parameters cost 64 MiB of scrypt memory (N = 2^16, r = 8), are written into the blob and not flagged for rehash', () => {
    // The cost is asserted as parameters, not as a time: how long it takes is for `npm run bench -- signing`.
    expect(128 * DEFAULT_SCRYPT.N * DEFAULT_SCRYPT.r).toBe(64 * 1024 * 1024)
    expect(DEFAULT_SCRYPT.p).toBe(1)
    const blob = encryptPrivateKey(PIN, kp.privateKey)
    expect(decryptPrivateKey(PIN, blob)).toBe(kp.privateKey)
    expect(blob.kdf).toMatchObject(DEFAULT_SCRYPT)
    expect(needsRehash(blob)).toBe(false)
    expect(needsRehash(encryptPrivateKey(PIN, kp.privateKey, { scrypt: FAST }))).toBe(true)
  })
})

describe('PIN rules and rate limit', () => {
  it('validatePin: at least 6 digits, digits only, not trivial', () => {
    expect(validatePin('284719')).toEqual({ ok: true })
    expect(validatePin('２８４７１９')).toEqual({ ok: true })
    expect(validatePin('28471')).toEqual({ ok: false, message: 'PIN 码至少需要 6 位数字' })
    expect(validatePin('28471a')).toEqual({ ok: false, message: 'PIN 码只能由数字组成' })
    expect(validatePin('1'.repeat(33))).toMatchObject({ ok: false })
    for (const trivial of ['000000', '123456', '345678', '987654', '890123', '7777777']) {
      expect(validatePin(trivial), trivial).toMatchObject({ ok: false, message: expect.stringContaining('过于简单') })
    }
  })

  it('pinAttemptDelay: free for 3, then doubling from 5 s, capped at 5 minutes, monotone', () => {
    expect([0, 1, 2, 3].map(pinAttemptDelay)).toEqual([0, 0, 0, 0])
    expect([4, 5, 6, 7, 8, 9].map(pinAttemptDelay)).toEqual([5000, 10000, 20000, 40000, 80000, 160000])
    expect(pinAttemptDelay(10)).toBe(300000)
    expect(pinAttemptDelay(1000)).toBe(300000)
    expect(pinAttemptDelay(Number.POSITIVE_INFINITY)).toBe(300000)
    expect(pinAttemptDelay(-1)).toBe(0)
    for (let n = 0; n < 50; n++) expect(pinAttemptDelay(n + 1)).toBeGreaterThanOrEqual(pinAttemptDelay(n))
  })

  it('pinWaitRemaining and its message', () => {
    const last = new Date('2026-11-20T08:00:00Z')
    expect(pinWaitRemaining(5, last, new Date('2026-11-20T08:00:04Z'))).toBe(6000)
    expect(pinWaitRemaining(5, last, new Date('2026-11-20T08:00:30Z'))).toBe(0)
    expect(pinWaitRemaining(2, last, last)).toBe(0)
    expect(pinWaitRemaining(9, null, last)).toBe(0)
    expect(pinWaitMessage(6000)).toBe('PIN 码错误次数过多，请在 6 秒后重试')
    expect(pinWaitMessage(300000)).toBe('PIN 码错误次数过多，请在 5 分钟后重试')
    expect(pinWaitMessage(90500)).toBe('PIN 码错误次数过多，请在 1 分 31 秒后重试')
  })
})
