import { describe, expect, it } from 'vitest'
import { formatWan, keyLabel, sentence } from './format'

describe('display formats', () => {
  it('ends a user sentence with one 。 only', () => {
    expect(sentence('请复核后重新提交。')).toBe('请复核后重新提交。')
    expect(sentence('请复核后重新提交')).toBe('请复核后重新提交。')
    expect(sentence('  ')).toBe('')
  })
  it('shows shortcut keys without English key names', () => {
    expect(keyLabel('Alt+ArrowLeft')).toBe('Alt+←')
    expect(keyLabel('Alt+ArrowRight')).toBe('Alt+→')
    expect(keyLabel('Ctrl+Shift+Z')).toBe('Ctrl+Shift+Z')
  })
  it('formats 万元 with two decimals', () => {
    expect(formatWan(1234.5)).toBe('1,234.50')
    expect(formatWan(null)).toBe('—')
  })
})
