import { describe, expect, it } from 'vitest'
import { sm4 } from 'sm-crypto-v2'
import { randomBytes as nobleRandom } from '@noble/hashes/utils.js'
import { bytesToHex, hexToBytes } from './sm'
import { sm4EncryptBlock, sm4GcmDecrypt, sm4GcmEncrypt } from './sm4gcm'

/** Random bytes of any length (the CSPRNG call takes at most 64 KB at a time). */
function randomBytes(n: number): Uint8Array {
  const out = new Uint8Array(n)
  for (let i = 0; i < n; i += 65536) out.set(nobleRandom(Math.min(65536, n - i)), i)
  return out
}

/** sm-crypto-v2's SM4-GCM, the implementation the envelopes used before (and the one a reader could use). */
function reference(plain: Uint8Array, key: Uint8Array, iv: Uint8Array): { ct: string; tag: string } {
  const r = sm4.encrypt(plain, key, { mode: 'gcm', iv: bytesToHex(iv), output: 'array', outputTag: true })
  return { ct: bytesToHex(r.output), tag: bytesToHex(r.tag as Uint8Array) }
}

describe('SM4-GCM', () => {
  it('encrypts the GB/T 32907 test vector', () => {
    const k = hexToBytes('0123456789abcdeffedcba9876543210')
    expect(bytesToHex(sm4EncryptBlock(k, k))).toBe('681edf34d206965e86b3e94f536e4246')
  })

  it('gives the same ciphertext and tag as sm-crypto-v2 for every length from 0 to 100 bytes and for 100 KB, and decrypts both', () => {
    const lengths = [...Array.from({ length: 101 }, (_, i) => i), 4095, 4096, 4097, 100_000]
    for (const n of lengths) {
      const key = randomBytes(16)
      const iv = randomBytes(12)
      const plain = randomBytes(n)
      const mine = sm4GcmEncrypt(plain, key, iv)
      const ref = reference(plain, key, iv)
      expect({ n, ct: bytesToHex(mine.ct), tag: bytesToHex(mine.tag) }).toEqual({ n, ...ref })
      expect(bytesToHex(sm4GcmDecrypt(mine.ct, key, iv, mine.tag) as Uint8Array)).toBe(bytesToHex(plain))
      const theirs = sm4.decrypt(mine.ct, key, { mode: 'gcm', iv: bytesToHex(iv), tag: bytesToHex(mine.tag), output: 'array' }) as Uint8Array
      expect(bytesToHex(theirs)).toBe(bytesToHex(plain))
    }
  })

  it('refuses an altered ciphertext, tag or IV and another key', () => {
    const key = randomBytes(16)
    const iv = randomBytes(12)
    const { ct, tag } = sm4GcmEncrypt(randomBytes(300), key, iv)
    const flip = (b: Uint8Array, i: number) => {
      const c = Uint8Array.from(b)
      c[i] = (c[i] as number) ^ 1
      return c
    }
    expect(sm4GcmDecrypt(flip(ct, 0), key, iv, tag)).toBeNull()
    expect(sm4GcmDecrypt(flip(ct, 299), key, iv, tag)).toBeNull()
    expect(sm4GcmDecrypt(ct.subarray(0, 299), key, iv, tag)).toBeNull()
    expect(sm4GcmDecrypt(ct, key, iv, flip(tag, 15))).toBeNull()
    expect(sm4GcmDecrypt(ct, key, flip(iv, 11), tag)).toBeNull()
    expect(sm4GcmDecrypt(ct, randomBytes(16), iv, tag)).toBeNull()
    expect(sm4GcmDecrypt(ct, key, iv, tag.subarray(0, 12))).toBeNull()
    expect(() => sm4GcmEncrypt(ct, key, randomBytes(16))).toThrow()
  })
})
