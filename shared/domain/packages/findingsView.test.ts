import { describe, expect, it } from 'vitest'
import { articleLabel, chineseNumber, severityCounts, sortFindings } from './findingsView'

describe('findings view', () => {
  it('writes articles as the rules do', () => {
    expect([3, 7, 10, 11, 12, 14, 15, 20, 22].map(chineseNumber)).toEqual(['三', '七', '十', '十一', '十二', '十四', '十五', '二十', '二十二'])
    expect(articleLabel(12)).toBe('第十二条')
    expect(articleLabel(null)).toBe('算术与费率校验')
  })

  it('counts and orders by severity, most severe first, stable', () => {
    const fs = [{ severity: 'info' as const, n: 1 }, { severity: 'error' as const, n: 2 }, { severity: 'warning' as const, n: 3 }, { severity: 'error' as const, n: 4 }]
    expect(sortFindings(fs).map((f) => f.n)).toEqual([2, 4, 3, 1])
    expect(severityCounts(fs)).toEqual({ error: 2, warning: 1, info: 1 })
  })
})
