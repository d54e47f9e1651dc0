import crypto from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { decryptPrivateKeyAsync, encryptPrivateKeyAsync, pureScrypt, WrongPinError } from '../../../shared/signing/keystore'
import { generateKeyPair, utf8Bytes } from '../../../shared/signing/sm'
import { makeNodeScrypt, nodeScrypt } from './nodeScrypt'

const CHEAP = { N: 2 ** 10, r: 8, p: 1 }

describe('Node scrypt for the PIN-encrypted keys', () => {
  it('gives the bytes of the pure implementation for every parameter set and PIN tried', async () => {
    const cases = [
      { pw: '135790', params: { ...CHEAP, dkLen: 16 } },
      { pw: '密码２４６８１３', params: { N: 2 ** 11, r: 4, p: 2, dkLen: 16 } },
      { pw: '', params: { N: 2 ** 10, r: 1, p: 3, dkLen: 32 } }
    ]
    for (const c of cases) {
      const salt = crypto.randomBytes(16)
      const native = await nodeScrypt(utf8Bytes(c.pw), salt, c.params)
      const pure = await pureScrypt(utf8Bytes(c.pw), salt, c.params)
      expect(Buffer.from(native).toString('hex')).toBe(Buffer.from(pure).toString('hex'))
    }
  })

  it('opens a key sealed by the other implementation, and a wrong PIN stays wrong', async () => {
    const { privateKey } = generateKeyPair()
    const byPure = await encryptPrivateKeyAsync('246813', privateKey, { scrypt: CHEAP })
    expect(await decryptPrivateKeyAsync('246813', byPure, nodeScrypt)).toBe(privateKey)
    const byNode = await encryptPrivateKeyAsync('246813', privateKey, { scrypt: CHEAP, kdf: nodeScrypt })
    expect(await decryptPrivateKeyAsync('246813', byNode)).toBe(privateKey)
    await expect(decryptPrivateKeyAsync('246814', byNode, nodeScrypt)).rejects.toBeInstanceOf(WrongPinError)
  })

  it('runs the pure implementation only where the platform has no scrypt, and throws any other error', async () => {
    const unsupported = makeNodeScrypt((_pw, _salt, _len, _opts, cb) => cb(Object.assign(new Error('Scrypt algorithm not supported'), { code: 'ERR_CRYPTO_SCRYPT_NOT_SUPPORTED' }), Buffer.alloc(0)))
    const salt = crypto.randomBytes(16)
    const params = { ...CHEAP, dkLen: 16 }
    expect(Buffer.from(await unsupported(utf8Bytes('1'), salt, params))).toEqual(Buffer.from(await pureScrypt(utf8Bytes('1'), salt, params)))
    expect(makeNodeScrypt(null)).toBe(pureScrypt)
    const failing = makeNodeScrypt(() => {
      throw Object.assign(new RangeError('Invalid scrypt params'), { code: 'ERR_CRYPTO_INVALID_SCRYPT_PARAMS' })
    })
    await expect(failing(utf8Bytes('1'), salt, params)).rejects.toThrow('Invalid scrypt params')
  })
})
