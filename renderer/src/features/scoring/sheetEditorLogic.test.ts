import { describe, expect, it } from 'vitest'
import type { SheetView } from '../../../../shared/api/types'
import { CONCLUSION_REASON_MAX } from '../../../../shared/domain/scoring'
import { LONG_TEXT_MAX } from '../../../../shared/domain/sheet'
import { fieldErrorsAfter, initialTexts, REASON_KEY, sameScore, textLimit, textSaveStep, withoutKey } from './sheetEditorLogic'

describe('the scoring form editor decisions', () => {
  it('keys the opinions by dimension and the conclusion reason by REASON_KEY', () => {
    const sheet = { opinions: { d1: '意见一', d2: '' }, conclusionReason: '理由' } as unknown as SheetView
    expect(initialTexts(sheet)).toEqual({ d1: '意见一', d2: '', [REASON_KEY]: '理由' })
  })
  it('limits the reason and the opinions each by their own maximum', () => {
    expect(textLimit(REASON_KEY)).toBe(CONCLUSION_REASON_MAX)
    expect(textLimit('d1')).toBe(LONG_TEXT_MAX)
  })
  it('sends a changed text within the limit, and nothing else', () => {
    expect(textSaveStep('d1', undefined, '旧')).toBe('nothing')
    expect(textSaveStep('d1', '旧', '旧')).toBe('unchanged')
    expect(textSaveStep('d1', '新', '旧')).toBe('save')
    expect(textSaveStep('d1', 'x'.repeat(LONG_TEXT_MAX), '')).toBe('save')
    expect(textSaveStep('d1', 'x'.repeat(LONG_TEXT_MAX + 1), '')).toBe('overLimit')
    expect(textSaveStep(REASON_KEY, 'x'.repeat(CONCLUSION_REASON_MAX + 1), '')).toBe('overLimit')
    expect(textSaveStep(REASON_KEY, 'x'.repeat(CONCLUSION_REASON_MAX), '')).toBe('save')
  })
  it('compares scores by value and by 不适用', () => {
    expect(sameScore({ value: 5, na: false }, { value: 5, na: false })).toBe(true)
    expect(sameScore({ value: 5, na: false }, { value: 6, na: false })).toBe(false)
    expect(sameScore({ value: null, na: false }, { value: null, na: true })).toBe(false)
  })
  it('a failed save marks its field; a success clears only that field, and keeps the object when nothing changes', () => {
    const failed = fieldErrorsAfter({}, 'score:a', '分值超出范围')
    expect(failed).toEqual({ 'score:a': '分值超出范围' })
    const both = fieldErrorsAfter(failed, 'conclusion', '网络中断')
    expect(fieldErrorsAfter(both, 'score:a', null)).toEqual({ conclusion: '网络中断' })
    expect(fieldErrorsAfter(both, 'mainProblems', null)).toBe(both)
    expect(withoutKey({ a: '1', b: '2' }, 'a')).toEqual({ b: '2' })
  })
})
