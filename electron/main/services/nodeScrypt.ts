/**
 * scrypt for the PIN-encrypted keys, computed by Node's OpenSSL (crypto.scrypt) on the libuv thread pool: the same
 * bytes as the pure JavaScript one (RFC 7914) for about a third less CPU, and the event loop stays free while a
 * PIN is checked (the pure one only yields between slices). Where the platform has no scrypt (a Node or Electron
 * built without it says ERR_CRYPTO_SCRYPT_NOT_SUPPORTED) the pure implementation runs instead; any other error —
 * parameters beyond the memory a blob may ask for — is thrown, never retried in JavaScript.
 */
import crypto from 'node:crypto'
import { pureScrypt, type ScryptKdf } from '../../../shared/signing/keystore'

type NativeScrypt = (password: Uint8Array, salt: Uint8Array, keylen: number, options: crypto.ScryptOptions, callback: (err: Error | null, key: Buffer) => void) => void

/** The memory scrypt needs for these parameters (V: 128·r·N bytes, B: 128·r·p bytes), with room for the rest. */
export function scryptMemory(N: number, r: number, p: number): number {
  return 128 * r * N + 128 * r * p + 1024 * 1024
}

export function makeNodeScrypt(native: NativeScrypt | null = (crypto.scrypt as NativeScrypt | undefined) ?? null): ScryptKdf {
  if (typeof native !== 'function') return pureScrypt
  return (password, salt, { N, r, p, dkLen }) =>
    new Promise<Uint8Array>((resolve, reject) => {
      const fallBack = (err: unknown): boolean => {
        if ((err as { code?: unknown } | null)?.code !== 'ERR_CRYPTO_SCRYPT_NOT_SUPPORTED') return false
        pureScrypt(password, salt, { N, r, p, dkLen }).then(resolve, reject)
        return true
      }
      try {
        native(password, salt, dkLen, { N, r, p, maxmem: scryptMemory(N, r, p) }, (err, key) => {
          if (!err) resolve(new Uint8Array(key.buffer, key.byteOffset, key.byteLength))
          else if (!fallBack(err)) reject(err)
        })
      } catch (err) {
        if (!fallBack(err)) reject(err instanceof Error ? err : new Error(String(err)))
      }
    })
}

export const nodeScrypt: ScryptKdf = makeNodeScrypt()
