import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../tests/helpers/tmp'
import { isPackageError, readPackage } from '.'

describe('a package of old office files', () => {
  it('names every unsupported file in one refusal, not one per run', async () => {
    const dir = tempDir('old-files')
    const manifest = {
      format: 'paneldesk.package/1',
      project: { name: '旧格式项目', ownerUnit: '某局', declaredInvestment: 100 },
      documents: [{ path: '可研.doc', title: '可研', role: 'main' }],
      budget: '概算.xls',
      dataCatalog: '数据目录.xls',
      dataNeeds: '数据需求.xls'
    }
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest))
    for (const f of ['可研.doc', '概算.xls', '数据目录.xls', '数据需求.xls']) fs.writeFileSync(path.join(dir, f), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]))
    const err = await readPackage(dir).catch((e: unknown) => e)
    expect(isPackageError(err)).toBe(true)
    if (!isPackageError(err)) return
    expect(err.code).toBe('file-unsupported-type')
    for (const f of ['可研.doc', '概算.xls', '数据目录.xls', '数据需求.xls']) expect(err.message).toContain(f)
    expect(err.message).toContain('4 个文件')
  })
})
