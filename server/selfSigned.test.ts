import crypto from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { certFingerprint, makeSelfSigned } from './selfSigned'

describe('makeSelfSigned', () => {
  it('always makes a certificate that parses: 2,000 in a row (a non-minimal serial broke about 1 in 500)', () => {
    for (let i = 0; i < 2000; i++) {
      const c = makeSelfSigned(['192.168.1.20'], 1)
      const x = new crypto.X509Certificate(c.certPem)
      expect(x.serialNumber.length).toBe(32)
      expect(certFingerprint(c.certPem)).toBe(c.fingerprint)
    }
  })
})
