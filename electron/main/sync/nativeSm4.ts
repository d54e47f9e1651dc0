/**
 * The counter mode of the envelopes' SM4-GCM (shared/signing/sm4gcm.ts) through Node's OpenSSL, which has `sm4-ctr`
 * and runs it about ten times faster than the JavaScript rounds; GHASH and the tag stay in sm4gcm.ts. Electron's
 * BoringSSL has no SM4, so there the JavaScript counter mode stays. Both give the same bytes (nativeSm4.test.ts).
 * Installed once, on import, by the modules that make or open envelopes.
 */
import crypto from 'node:crypto'
import { setSm4Ctr, type Sm4Ctr } from '../../../shared/signing/sm4gcm'

/** SM4-CTR through OpenSSL: the same keystream as SM4 of a 128-bit big-endian counter. */
export const opensslSm4Ctr: Sm4Ctr = (key, counter0, input) => {
  const c = crypto.createCipheriv('sm4-ctr', key, counter0)
  const head = c.update(input)
  const tail = c.final()
  const out = tail.length ? Buffer.concat([head, tail]) : head
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength)
}

/** Whether OpenSSL here has SM4-CTR and gives the GB/T 32907 block (its keystream's first block, counter = key). */
export function nativeSm4Available(): boolean {
  try {
    if (!crypto.getCiphers().includes('sm4-ctr')) return false
    const k = Buffer.from('0123456789abcdeffedcba9876543210', 'hex')
    return Buffer.from(opensslSm4Ctr(k, k, new Uint8Array(16))).toString('hex') === '681edf34d206965e86b3e94f536e4246'
  } catch {
    return false
  }
}

if (nativeSm4Available()) setSm4Ctr(opensslSm4Ctr)
