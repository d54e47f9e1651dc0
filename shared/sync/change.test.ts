import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { changeSchema, isPlainChange } from './change'

const good = {
  origin: '01a24fae-da98-709c-81e8-c50f41c24bde',
  seq: 5,
  tx: 4,
  txEnd: 6,
  hlc: '0000018c1a2b-0001-01a24fae-da98-709c-81e8-c50f41c24bde',
  author: 'e1',
  tbl: 'scores',
  rowId: 'sheet|p1|e1|1|i1',
  col: 'value',
  value: '3'
}

/** Values a field may be swapped for: near the schema's limits, of other types, or odd. */
const odd = fc.oneof(
  fc.constantFrom<unknown>(0, 1, -1, 1.5, 2 ** 50, 2 ** 50 + 1, Number.NaN, Infinity, '', 'x', 'x'.repeat(81), 'x'.repeat(201), 'x'.repeat(1001), 'x'.repeat(8001), null, true, false, [], {}, undefined),
  fc.string({ maxLength: 90 }),
  fc.integer(),
  fc.double()
)
const keys = [...Object.keys(good), 'withheld', 'seal', 'extra', '__proto__']

describe('isPlainChange', () => {
  it('accepts a plain change, and nothing the change schema refuses (random and mutated input)', () => {
    expect(isPlainChange(good)).toBe(true)
    expect(isPlainChange({ ...good, seal: '{}' })).toBe(true)
    expect(isPlainChange({ ...good, withheld: true })).toBe(true)
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...keys), odd), { maxLength: 4 }), fc.boolean(), (edits, viaJson) => {
        let x: Record<string, unknown> = { ...good }
        for (const [k, v] of edits) {
          if (v === undefined) delete x[k]
          else x[k] = v
        }
        if (viaJson) x = JSON.parse(JSON.stringify(x)) as Record<string, unknown>
        if (isPlainChange(x)) expect(changeSchema.safeParse(x).success).toBe(true)
        if (edits.length === 0) expect(isPlainChange(x)).toBe(true)
      }),
      { numRuns: 3000 }
    )
    fc.assert(fc.property(fc.anything(), (x) => !isPlainChange(x) || changeSchema.safeParse(x).success), { numRuns: 2000 })
    expect(isPlainChange(JSON.parse(`{"__proto__": 1, ${JSON.stringify(good).slice(1)}`))).toBe(false)
    expect(isPlainChange({ ...good, hlc: '0000018c1a2b-0001-a\nb' })).toBe(false)
    expect(isPlainChange({ ...good, tx: 6 })).toBe(false)
    expect(isPlainChange({ ...good, withheld: false })).toBe(false)
    expect(isPlainChange(Object.assign(Object.create({ evil: 1 }) as object, good))).toBe(false)
  })
})
