import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { buildPackage } from './buildPackage'
import { readPackage } from './readPackage'
import { PACKAGES_DIR } from '../../../tests/kits/packages/paths'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pd-build-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('buildPackage', () => {
  it('makes the same bytes from the same folder, and the result reads back', async () => {
    const folder = path.join(PACKAGES_DIR, 'clean-sanming-12345-hotline')
    const a = await buildPackage(folder)
    const b = await buildPackage(folder)
    expect(a.equals(b)).toBe(true)
    expect(a.equals(await readFile(path.join(PACKAGES_DIR, 'clean-sanming-12345-hotline.pdpkg')))).toBe(true)
    expect((await readPackage(new Uint8Array(a))).findings).toEqual([])
  })

  it('refuses a folder whose manifest names a missing file', async () => {
    await writeFile(
      path.join(dir, 'manifest.json'),
      JSON.stringify({ format: 'paneldesk.package/1', project: { name: 'p', ownerUnit: 'o', declaredInvestment: 1 }, documents: [], budget: 'b.csv' })
    )
    await expect(buildPackage(dir)).rejects.toMatchObject({ code: 'file-missing', file: 'b.csv' })
  })

  it('refuses symlinks in the folder, for building and for reading', async () => {
    const folder = path.join(PACKAGES_DIR, 'messy-mingxi-emergency-yuan-gbk')
    await mkdir(path.join(dir, 'pkg'))
    for (const name of ['manifest.json', '概算表.csv', '数据目录.csv', '可研暨初设方案.docx']) {
      await writeFile(path.join(dir, 'pkg', name), await readFile(path.join(folder, name)))
    }
    expect((await readPackage(path.join(dir, 'pkg'))).manifest.project.name).toBe('明溪县智慧应急指挥平台项目')
    await symlink('/etc/passwd', path.join(dir, 'pkg', 'passwd'))
    await expect(buildPackage(path.join(dir, 'pkg'))).rejects.toMatchObject({ code: 'symlink', file: 'passwd' })
    await expect(readPackage(path.join(dir, 'pkg'))).rejects.toMatchObject({ code: 'symlink' })
  })
})
