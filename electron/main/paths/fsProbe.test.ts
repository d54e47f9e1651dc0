import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../tests/helpers/tmp'

const script = path.resolve(__dirname, '../../../tests/kits/paths/lonelyCheck.ts')

describe('FsProbe', () => {
  it('keeps a process whose only pending work is a check alive until the probe answers (a CLI run used to exit with 13)', () => {
    const dir = tempDir('lonely-check')
    const out = execFileSync(process.execPath, ['--import', 'tsx', script, dir], { encoding: 'utf8', timeout: 60_000 })
    expect(JSON.parse(out.trim().split('\n').at(-1) as string)).toEqual({ ok: true })
  }, 90_000)
})
