import { describe, expect, it } from 'vitest'
import { measureAccuracy } from '../kits/prices/labelled'

describe('price matching on the labelled set (issue 13)', () => {
  it('has at least 200 lines and reaches 90 % precision and recall', () => {
    const acc = measureAccuracy(500)
    expect(acc.lines).toBeGreaterThanOrEqual(200)
    expect(acc.precision).toBeGreaterThanOrEqual(0.9)
    expect(acc.recall).toBeGreaterThanOrEqual(0.9)
  })
})
