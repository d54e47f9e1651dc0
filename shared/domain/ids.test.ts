import { describe, expect, it } from 'vitest'
import { UUID_RE, naturalId, uuidv7 } from './ids'

describe('uuidv7', () => {
  it('is a version-7, variant-10 UUID carrying the given millisecond', () => {
    const now = Date.UTC(2030, 0, 1)
    const id = uuidv7(now)
    expect(id).toMatch(UUID_RE)
    expect(id[14]).toBe('7')
    expect('89ab').toContain(id[19]!)
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(now)
  })

  it('increases strictly within one millisecond and across many ids, so ordering by id keeps creation order', () => {
    const now = Date.UTC(2031, 5, 1)
    const ids = Array.from({ length: 5000 }, () => uuidv7(now))
    expect([...ids].sort()).toEqual(ids)
    expect(new Set(ids).size).toBe(ids.length)
    // An earlier clock reading (the clock went back) still sorts after the ids already handed out.
    const after = uuidv7(now - 10_000)
    expect(after > ids[ids.length - 1]!).toBe(true)
  })
})

describe('naturalId', () => {
  it('joins parts and escapes the separator', () => {
    expect(naturalId('a|b', 1, 'c\\')).toBe('a\\|b|1|c\\\\')
  })
})
