import { describe, expect, it } from 'vitest'
import { generateKeyPair } from '../signing/sm'
import { makeCert } from './seal'
import { makeOriginClaim, originClaimSchema, originClaimValid } from './originClaim'

const master = generateKeyPair()
const sync = generateKeyPair()
const signer = { cert: makeCert('e1', master, sync.publicKey, '2026-12-01T00:00:00.000Z'), privateKey: sync.privateKey }

describe('origin claims', () => {
  it('verifies a claim signed by the certified sync key and refuses one for another origin, author or key', () => {
    const claim = makeOriginClaim('o-1', signer)
    expect(originClaimSchema.parse(JSON.parse(JSON.stringify(claim)))).toEqual(claim)
    expect(originClaimValid(claim)).toBe(true)
    expect(originClaimValid({ ...claim, origin: 'o-2' })).toBe(false)
    expect(originClaimValid({ ...claim, cert: { ...claim.cert, author: 'e2' } })).toBe(false)
    // Signed by another key than the certificate names: refused.
    const other = generateKeyPair()
    expect(originClaimValid(makeOriginClaim('o-1', { cert: signer.cert, privateKey: other.privateKey }))).toBe(false)
  })
})
