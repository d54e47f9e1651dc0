import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../tests/helpers/tmp'
import { FileSecretStore } from './secrets'

describe('the device secret store', () => {
  it('keeps secrets in an owner-only file and forgets removed ones', () => {
    const dir = tempDir('secrets')
    const s = new FileSecretStore(dir)
    expect(s.get('token')).toBeNull()
    s.set('token', 'abc')
    expect(new FileSecretStore(dir).get('token')).toBe('abc')
    if (process.platform !== 'win32') expect(fs.statSync(path.join(dir, 'secrets.json')).mode & 0o777).toBe(0o600)
    s.set('token', null)
    expect(s.get('token')).toBeNull()
  })

  it('stores only sealed values when given a codec, and treats an unopenable value as absent', () => {
    const dir = tempDir('secrets-sealed')
    const codec = { seal: (v: string) => Buffer.from(v).reverse().toString('base64'), open: (x: string) => Buffer.from(x, 'base64').reverse().toString() }
    const s = new FileSecretStore(dir, codec, 'sealed.json')
    s.set('token', 'device-token-123')
    expect(fs.readFileSync(path.join(dir, 'sealed.json'), 'utf8')).not.toContain('device-token-123')
    expect(s.get('token')).toBe('device-token-123')
    const broken = new FileSecretStore(dir, { seal: (v) => v, open: () => { throw new Error('keychain locked') } }, 'sealed.json')
    expect(broken.get('token')).toBeNull()
  })
})
