import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../tests/helpers/tmp'
import { writeXls } from '../../../tests/kits/packages/office'
import { isPackageError, readPackage } from '.'

const OLE2_HEADER_ONLY = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])

function writePackage(dir: string, files: Record<string, Uint8Array | string>, manifest: Record<string, unknown>): void {
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ format: 'paneldesk.package/1', project: { name: '旧格式项目', ownerUnit: '某局', declaredInvestment: 100 }, ...manifest }))
  for (const [name, bytes] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), bytes)
}

describe('a package of old or broken office files', () => {
  it('reports all four problems in one run, each naming its file', async () => {
    const dir = tempDir('old-files')
    const truncated = writeXls([{ name: '数据需求', rows: [['序号', '数据项'], [1, '人口']] }]).subarray(0, 700)
    writePackage(
      dir,
      {
        '可研.doc': OLE2_HEADER_ONLY,
        '概算.xls': '<html><body><table><tr><td>序号</td><td>金额</td></tr></table></body></html>',
        '数据目录.xls': '序号,数据资源名称\n1,人口\n',
        '数据需求.xls': truncated
      },
      { documents: [{ path: '可研.doc', title: '可研', role: 'main' }], budget: '概算.xls', dataCatalog: '数据目录.xls', dataNeeds: '数据需求.xls' }
    )
    const err = await readPackage(dir).catch((e: unknown) => e)
    expect(isPackageError(err)).toBe(true)
    if (!isPackageError(err)) return
    expect(err.code).toBe('package-problems')
    expect(err.message).toContain('4 个文件无法读取')
    for (const f of ['可研.doc', '概算.xls', '数据目录.xls', '数据需求.xls']) expect(err.message).toContain(f)
    expect(err.message).toContain('网页、CSV')
    expect(err.message).toContain('Word 97-2003')
  })

  it('names every unsupported format in one refusal, with the shared code', async () => {
    const dir = tempDir('wps-files')
    writePackage(dir, { '可研.wps': 'x', '概算.et': 'x' }, { documents: [{ path: '可研.wps', title: '可研', role: 'main' }], budget: '概算.et' })
    const err = await readPackage(dir).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'file-unsupported-type', message: expect.stringContaining('2 个文件') })
    if (isPackageError(err)) for (const f of ['可研.wps', '概算.et']) expect(err.message).toContain(f)
  })

  it('lists files the manifest names but the package lacks together with the broken ones', async () => {
    const dir = tempDir('missing-files')
    writePackage(dir, { '概算.xls': OLE2_HEADER_ONLY }, { documents: [{ path: '可研.pdf', title: '可研', role: 'main' }], budget: '概算.xls', dataNeeds: '需求.xlsx' })
    const err = await readPackage(dir).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'package-problems', message: expect.stringContaining('3 个文件') })
    if (isPackageError(err)) for (const f of ['概算.xls', '可研.pdf', '需求.xlsx']) expect(err.message).toContain(f)
  })

  it('keeps a single problem as it is', async () => {
    const dir = tempDir('one-file')
    writePackage(dir, { '概算.xls': OLE2_HEADER_ONLY }, { documents: [], budget: '概算.xls' })
    await expect(readPackage(dir)).rejects.toMatchObject({ code: 'sheet-corrupt', message: expect.stringContaining('概算.xls') })
  })
})
