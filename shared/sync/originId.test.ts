import { describe, expect, it } from 'vitest'
import { generateKeyPair } from '../signing/sm'
import type { Change } from './change'
import { encodeHlc } from './hlc'
import { checkUnit, makeCert, makeSeal } from './seal'
import { deriveOrigin, isDerivedOrigin, keyMaySignFor, originDerivesFrom, sealMayBeUnder } from './originId'

const owner = generateKeyPair()
const other = generateKeyPair()
const master = generateKeyPair()

function unit(origin: string, key: { publicKey: string; privateKey: string }): Change[] {
  const c: Change = { origin, seq: 1, tx: 1, txEnd: 1, hlc: encodeHlc({ ms: 1, counter: 0, origin }), author: 'e1', tbl: 'opinions', rowId: 'r1', col: 'text', value: '"x"' }
  const cert = makeCert('e1', master, key.publicKey, '2026-12-07T00:00:00.000Z')
  return [{ ...c, seal: JSON.stringify(makeSeal([c], cert, key.privateKey)) }]
}

describe('derived origins', () => {
  it('have the UUID shape of legacy origins, a nonce of their own, and derive only from their key', () => {
    const a = deriveOrigin(owner.publicKey)
    const b = deriveOrigin(owner.publicKey)
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(a).toHaveLength(36)
    expect(a).not.toBe(b) // one key, several origins
    expect(deriveOrigin(owner.publicKey, 'abc123')).toBe(deriveOrigin(owner.publicKey, 'abc123'))
    expect(isDerivedOrigin(a) && originDerivesFrom(a, owner.publicKey) && originDerivesFrom(b, owner.publicKey)).toBe(true)
    expect(originDerivesFrom(a, other.publicKey)).toBe(false)
    // Same hash part, another nonce: does not derive.
    expect(originDerivesFrom(`${a.slice(0, 30)}000000`, owner.publicKey)).toBe(a.endsWith('000000'))
    // Legacy (uuidv7, test names): any key may sign under it; none derives it.
    for (const legacy of ['01890000-0000-7000-8000-000000000001', 'o1']) {
      expect(isDerivedOrigin(legacy)).toBe(false)
      expect(keyMaySignFor(legacy, other.publicKey)).toBe(true)
      expect(originDerivesFrom(legacy, other.publicKey)).toBe(false)
    }
  })

  it('a unit under a derived origin verifies only when sealed by the key it derives from', () => {
    const origin = deriveOrigin(owner.publicKey)
    const good = unit(origin, owner)
    expect(checkUnit(good, good[0]!.seal!).ok).toBe(true)
    expect(sealMayBeUnder(origin, good[0]!.seal!)).toBe(true)
    const forged = unit(origin, other)
    const check = checkUnit(forged, forged[0]!.seal!)
    expect(check.ok).toBe(false)
    expect(check.ok ? '' : check.reason).toContain('冒用')
    expect(sealMayBeUnder(origin, forged[0]!.seal!)).toBe(false)
    expect(sealMayBeUnder(origin, 'not json')).toBe(false)
    expect(sealMayBeUnder('o1', forged[0]!.seal!)).toBe(true)
  })
})
