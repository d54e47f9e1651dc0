import { describe, expect, it } from 'vitest'
import { dateProblem, idNumberProblem, panelRuleProblem, phoneProblem, thresholdProblem } from './fieldRules'

describe('field rules', () => {
  it('dates must exist', () => {
    expect(dateProblem('2026-12-10')).toBeNull()
    expect(dateProblem('2028-02-29')).toBeNull()
    expect(dateProblem('2026-02-30')).toBe('2026 年 2 月没有 30 日（该月共 28 天）')
    expect(dateProblem('2026-13-01')).toBe('没有 13 月')
    expect(dateProblem('2026/12/10')).toMatch(/YYYY-MM-DD/)
  })
  it('phones are digits', () => {
    expect(phoneProblem('')).toBeNull()
    expect(phoneProblem('13905910001')).toBeNull()
    expect(phoneProblem('0598-8224567')).toBeNull()
    expect(phoneProblem('１３９０５９１０００１')).toBeNull()
    expect(phoneProblem('abc')).toMatch(/只能包含数字/)
    expect(phoneProblem('123')).toMatch(/位数/)
  })
  it('ID numbers carry a check digit', () => {
    expect(idNumberProblem('11010519491231002X')).toBeNull()
    expect(idNumberProblem('110105194912310021')).toBe('身份证号码校验位不符，请逐位核对')
    expect(idNumberProblem('1101051949123100')).toMatch(/18 位/)
    expect(idNumberProblem('110105194902300020')).toMatch(/出生日期/)
    expect(idNumberProblem('')).toBeNull()
  })
  it('panel rules and thresholds must agree', () => {
    expect(panelRuleProblem(5, true)).toBeNull()
    expect(panelRuleProblem(4, false)).toBeNull()
    expect(panelRuleProblem(4, true)).toMatch(/实际至少 5 人/)
    expect(thresholdProblem(80, 60, 100)).toBeNull()
    expect(thresholdProblem(60, 60, 100)).toMatch(/应低于/)
    expect(thresholdProblem(120, 60, 100)).toMatch(/不能高于总分/)
  })
})
