import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { BuiltPackage, ImportResult } from '../../../shared/api/packageTypes'
import type { MeetingSummary } from '../../../shared/api/types'
import type { Backend } from '../backend'
import { testBackend } from '../../../tests/helpers/backend'
import { PACKAGES, waitJob } from '../../../tests/helpers/packages'
import { readPackage } from '../packages'
import { safeEntryName } from './packageBuild'

const DIR = path.join(PACKAGES, 'messy-sanyuan-river-merged-header')

async function upload(backend: Backend, file: string, name = path.basename(file)): Promise<string> {
  const bytes = fs.readFileSync(file)
  const { uploadId, chunkBytes } = await backend.handlers['uploads.begin']({ fileName: name, size: bytes.byteLength })
  for (let offset = 0; offset < bytes.byteLength; offset += chunkBytes) {
    await backend.handlers['uploads.append']({ uploadId, offset, data: bytes.subarray(offset, offset + chunkBytes).toString('base64') })
  }
  return uploadId
}

describe('making a package from loose files', () => {
  it('builds a .pdpkg the reader accepts, offers it for download, and imports it', async () => {
    const backend = await testBackend()
    const demo = (await backend.handlers['meetings.list']({}))[0] as MeetingSummary
    const job = await backend.handlers['packages.build']({
      project: { name: '三元区河长制智慧监管平台项目', ownerUnit: '三明市三元区水利局', declaredInvestment: 310, approvedEstimate: 255 },
      mainDocument: await upload(backend, path.join(DIR, 'docs/可研暨初设方案.pdf')),
      budget: await upload(backend, path.join(DIR, 'budget/投资概算表.xlsx')),
      dataCatalog: await upload(backend, path.join(DIR, 'data/数据目录.csv')),
      dataNeeds: await upload(backend, path.join(DIR, 'data/数据需求清单.xlsx')),
      attachments: []
    })
    const done = await waitJob<BuiltPackage>(backend, job)
    expect(done.status, done.error ?? '').toBe('done')
    const built = done.result as BuiltPackage
    expect(built.fileName).toBe('三元区河长制智慧监管平台项目.pdpkg')
    const chunk = await backend.handlers['uploads.read']({ uploadId: built.uploadId, offset: 0, length: 4 * 1024 * 1024 })
    const bytes = new Uint8Array(Buffer.from(chunk.data, 'base64'))
    expect(bytes.byteLength).toBe(built.size)
    const parsed = await readPackage(bytes)
    expect(parsed.manifest.project.approvedEstimate).toBe(255)
    expect(parsed.manifest.documents).toEqual([{ path: 'docs/可研暨初设方案.pdf', title: '可研暨初设方案', role: 'main' }])
    expect(parsed.findings.length).toBe(built.findingCount)

    const imported = await waitJob<ImportResult>(backend, await backend.handlers['packages.import']({ meetingId: demo.id, source: { kind: 'upload', uploadId: built.uploadId } }))
    expect(imported.status, imported.error ?? '').toBe('done')
    // The upload is consumed by the import.
    await expect(Promise.resolve().then(() => backend.handlers['uploads.read']({ uploadId: built.uploadId, offset: 0, length: 10 }))).rejects.toThrow('找不到上传的文件')
  })

  it('reports a bad budget sheet now, naming it, and refuses files of the wrong kind', async () => {
    const backend = await testBackend()
    const png = path.join(path.dirname(DIR), '..', 'malformed', 'png-renamed-xlsx.pdpkg')
    const bad = await waitJob(
      backend,
      await backend.handlers['packages.build']({
        project: { name: '坏项目', ownerUnit: '某局', declaredInvestment: 1 },
        mainDocument: await upload(backend, path.join(DIR, 'docs/可研暨初设方案.pdf')),
        budget: await upload(backend, path.join(DIR, 'docs/现场照片说明.txt'), '概算.csv'),
        attachments: []
      })
    )
    expect(bad.status).toBe('failed')
    expect(bad.error).toContain('budget/概算.csv')
    const wrongKind = await waitJob(
      backend,
      await backend.handlers['packages.build']({
        project: { name: '坏项目', ownerUnit: '某局', declaredInvestment: 1 },
        mainDocument: await upload(backend, png),
        budget: await upload(backend, path.join(DIR, 'budget/投资概算表.xlsx')),
        attachments: []
      })
    )
    expect(wrongKind).toMatchObject({ status: 'failed', error: expect.stringContaining('主文档') })
  })

  it('keeps entry names inside their folder', () => {
    expect(safeEntryName('../../etc/passwd')).toBe('passwd')
    expect(safeEntryName('C:\\docs\\方案.pdf')).toBe('方案.pdf')
    expect(safeEntryName('a:b?.pdf')).toBe('a_b_.pdf')
    expect(safeEntryName('...')).toBe('file')
  })
})
