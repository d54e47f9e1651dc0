import { describe, expect, it } from 'vitest'
import { normalizeNumberText, numberText, parseNumberInput } from './numberInput'

const score = { min: 0, max: 8, step: 0.5, maxLabel: '满分 8 分' }

describe('parseNumberInput', () => {
  it('accepts what Chinese keyboards type', () => {
    expect(parseNumberInput('８', score)).toEqual({ ok: true, value: 8 })
    expect(parseNumberInput('６。５', score)).toEqual({ ok: true, value: 6.5 })
    expect(parseNumberInput(' 6．5 ', score)).toEqual({ ok: true, value: 6.5 })
    expect(parseNumberInput('', score)).toEqual({ ok: true, value: null })
    expect(normalizeNumberText('１２。３')).toBe('12.3')
  })

  it('refuses the ambiguous with a reason instead of guessing', () => {
    for (const t of ['6,5', '2,5', '6，5', '1e1', '-1', '－１', '+3', 'abc', '6.', '.5', '6.5.1', '0x8', 'Infinity', 'NaN']) {
      const r = parseNumberInput(t, score)
      expect(r.ok, t).toBe(false)
      if (!r.ok) expect(r.message, t).toMatch(/[\u4e00-\u9fff]/)
    }
  })

  it('never clamps: over the maximum or off the step is an error', () => {
    expect(parseNumberInput('9', score)).toEqual({ ok: false, message: '不能超过满分 8 分' })
    expect(parseNumberInput('100', score).ok).toBe(false)
    expect(parseNumberInput('6.3', score)).toEqual({ ok: false, message: '应为 0.5 的整数倍' })
    expect(parseNumberInput('1.234', { decimals: 2 })).toEqual({ ok: false, message: '最多 2 位小数' })
    expect(parseNumberInput('3', { min: 4 })).toEqual({ ok: false, message: '不能小于 4' })
    expect(parseNumberInput('3.5', { decimals: 0 })).toEqual({ ok: false, message: '请填写整数' })
  })

  it('shows stored numbers so that they read back exactly', () => {
    expect(numberText(20, 2)).toBe('20.00')
    expect(numberText(null)).toBe('')
    expect(parseNumberInput(numberText(12.35, 2), { decimals: 2 })).toEqual({ ok: true, value: 12.35 })
  })
})
