import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { PackageError } from './errors'
import { readPackage } from './readPackage'
import { MALFORMED_DIR } from '../../../tests/kits/packages/paths'

const expected = JSON.parse(await readFile(path.join(MALFORMED_DIR, 'expected.json'), 'utf8')) as Record<string, { code: string; what: string }>

describe('the malformed corpus', () => {
  it('lists every corpus file', async () => {
    const files = (await readdir(MALFORMED_DIR)).filter((f) => f.endsWith('.pdpkg')).sort()
    expect(files).toEqual(Object.keys(expected).sort())
    expect(files.length).toBeGreaterThanOrEqual(20)
  })

  it.each(Object.entries(expected))('%s is rejected with its code and a Chinese message', async (file, { code }) => {
    const error = await readPackage(path.join(MALFORMED_DIR, file)).then(
      () => null,
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(PackageError)
    const packageError = error as PackageError
    expect(packageError.code).toBe(code)
    expect(packageError.message).toMatch(/[\u4e00-\u9fa5]/)
    // the message names the package or the file inside it
    const named = [file, packageError.file].filter((n): n is string => !!n)
    expect(named.some((n) => packageError.message.includes(n))).toBe(true)
  })
})
