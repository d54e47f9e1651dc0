/** `paneldesk server` refuses quota options that are not positive whole numbers, in Chinese, before starting anything. */
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../../tests/helpers/tmp'
import { serverCommand } from './server'

describe('paneldesk server options', () => {
  it('refuses a quota option that is not a positive whole number', async () => {
    const errors: string[] = []
    const original = console.error
    console.error = (...a: unknown[]) => void errors.push(a.join(' '))
    try {
      for (const bad of [['--max-device-mb', 'abc'], ['--max-rejected', '0'], ['--max-push-changes', '-5']]) {
        errors.length = 0
        expect(await serverCommand.run(['--data', tempDir('cli-server'), ...(bad as [string, string])])).toBe(2)
        expect(errors.join('\n')).toMatch(/需要正整数|无法识别的参数/)
      }
    } finally {
      console.error = original
    }
  })
})
