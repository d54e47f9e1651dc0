import { afterAll, describe, expect, it } from 'vitest'
import { sm4 } from 'sm-crypto-v2'
import { randomBytes as nobleRandom } from '@noble/hashes/utils.js'
import { bytesToHex } from '../../../shared/signing/sm'
import { setSm4Ctr, sm4GcmDecrypt, sm4GcmEncrypt } from '../../../shared/signing/sm4gcm'
import { nativeSm4Available, opensslSm4Ctr } from './nativeSm4'

function randomBytes(n: number): Uint8Array {
  const out = new Uint8Array(n)
  for (let i = 0; i < n; i += 65536) out.set(nobleRandom(Math.min(65536, n - i)), i)
  return out
}

/** Runs `f` with the JavaScript counter mode, then puts OpenSSL's back. */
function withJs<T>(f: () => T): T {
  setSm4Ctr(null)
  try {
    return f()
  } finally {
    setSm4Ctr(opensslSm4Ctr)
  }
}

describe('SM4-GCM with the counter mode through OpenSSL', () => {
  afterAll(() => setSm4Ctr(opensslSm4Ctr))

  it('is installed on import where Node has sm4-ctr (Node 20 does)', () => {
    expect(nativeSm4Available()).toBe(true)
  })

  it('gives the same ciphertext and tag as the JavaScript one and as sm-crypto-v2, and each opens the other’s', () => {
    const lengths = [...Array.from({ length: 70 }, (_, i) => i), 4095, 4096, 4097, 100_000, 300_001]
    for (const n of lengths) {
      const key = randomBytes(16)
      const iv = randomBytes(12)
      const plain = randomBytes(n)
      const native = sm4GcmEncrypt(plain, key, iv)
      const js = withJs(() => sm4GcmEncrypt(plain, key, iv))
      expect({ n, ct: bytesToHex(native.ct), tag: bytesToHex(native.tag) }).toEqual({ n, ct: bytesToHex(js.ct), tag: bytesToHex(js.tag) })
      if (n <= 4097) {
        const ref = sm4.encrypt(plain, key, { mode: 'gcm', iv: bytesToHex(iv), output: 'array', outputTag: true })
        expect(bytesToHex(ref.output)).toBe(bytesToHex(native.ct))
        expect(bytesToHex(ref.tag as Uint8Array)).toBe(bytesToHex(native.tag))
      }
      expect(bytesToHex(sm4GcmDecrypt(js.ct, key, iv, js.tag) as Uint8Array)).toBe(bytesToHex(plain))
      expect(bytesToHex(withJs(() => sm4GcmDecrypt(native.ct, key, iv, native.tag)) as Uint8Array)).toBe(bytesToHex(plain))
    }
  })

  it('still refuses an altered ciphertext (the tag is checked before the counter mode runs)', () => {
    const key = randomBytes(16)
    const iv = randomBytes(12)
    const { ct, tag } = sm4GcmEncrypt(randomBytes(300), key, iv)
    const altered = Uint8Array.from(ct)
    altered[150] = (altered[150] as number) ^ 1
    expect(sm4GcmDecrypt(altered, key, iv, tag)).toBeNull()
    expect(sm4GcmDecrypt(ct, randomBytes(16), iv, tag)).toBeNull()
  })
})
