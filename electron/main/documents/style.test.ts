/** formatAmount writes amounts without Intl (issue 10, speed): the very text Intl's en-US formatter gives. */
import { describe, expect, it } from 'vitest'
import { formatAmount } from './style'

const intl = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: true })
const reference = (wan: number): string => {
  const r = Math.round(wan * 100) / 100
  return intl.format(Object.is(r, -0) ? 0 : r)
}

describe('formatAmount', () => {
  it('gives Intl’s text for edge values, every digit count and random amounts', () => {
    const values = [0, -0, 0.004, -0.004, 0.005, -0.005, 0.015, 1.005, 2.675, 999.995, 1000, -1000, 999999.99, 1e14 - 0.01, 1e15, -1e15, 1e20, 1.5e300]
    for (let d = 0; d < 16; d++) values.push(10 ** d, -(10 ** d), 10 ** d - 0.01, 12345.678 * 10 ** (d - 5))
    let seed = 3
    const rand = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed / 2147483648
    }
    for (let i = 0; i < 20000; i++) {
      const digits = Math.floor(rand() * 14)
      const fen = Math.floor(rand() * 10 ** digits)
      values.push((rand() < 0.2 ? -fen : fen) / 100, rand() * 10 ** digits * (rand() < 0.2 ? -1 : 1))
    }
    for (const v of values) expect(formatAmount(v), String(v)).toBe(reference(v))
    expect(formatAmount(Number.NaN)).toBe(intl.format(Number.NaN))
    expect(formatAmount(Number.POSITIVE_INFINITY)).toBe(intl.format(Number.POSITIVE_INFINITY))
  })
})
