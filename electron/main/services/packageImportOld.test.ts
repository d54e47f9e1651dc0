import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ImportResult } from '../../../shared/api/packageTypes'
import type { MeetingSummary } from '../../../shared/api/types'
import { testBackend } from '../../../tests/helpers/backend'
import { waitJob } from '../../../tests/helpers/packages'
import { tempDir } from '../../../tests/helpers/tmp'
import { DOC_FIXTURE, writeXls } from '../../../tests/kits/packages/office'
import { PACKAGES_DIR } from '../../../tests/kits/packages/paths'
import { zipFiles } from '../packages/buildPackage'

describe('importing a package of Excel/Word 97-2003 files', () => {
  it('stores the .doc text for the rules and the viewer, and the .xls data list rows', async () => {
    const folder = path.join(PACKAGES_DIR, 'messy-mingxi-emergency-yuan-gbk')
    const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as Record<string, unknown>
    const files = new Map<string, Uint8Array>([
      ['manifest.json', new TextEncoder().encode(JSON.stringify({ ...manifest, documents: [{ path: '可研.doc', title: '可研暨初设方案', role: 'main' }], dataCatalog: '数据目录.xls' }))],
      ['概算表.csv', fs.readFileSync(path.join(folder, '概算表.csv'))],
      ['可研.doc', fs.readFileSync(DOC_FIXTURE)],
      ['数据目录.xls', writeXls([{ name: '数据目录', rows: [['序号', '数据资源名称', '提供单位', '共享类型'], [1, '人口基础信息', '市公安局', '有条件共享']] }])]
    ])
    const file = path.join(tempDir('old-import'), 'old.pdpkg')
    fs.writeFileSync(file, zipFiles(files))
    const backend = await testBackend({ seedDemo: false })
    const meeting = (await backend.handlers['meetings.create']({ name: '评审会', date: '2026-12-01', place: '三明', organiser: '市数据管理局' })) as MeetingSummary
    const job = await waitJob<ImportResult>(backend, await backend.handlers['packages.import']({ meetingId: meeting.id, source: { kind: 'path', path: file } }))
    expect(job.status, job.error ?? '').toBe('done')
    const projectId = (job.result as ImportResult).projectId
    const materials = await backend.handlers['packages.materials']({ projectId })
    expect(materials.documents.map((d) => [d.path, d.format])).toEqual([['可研.doc', 'other']])
    expect(materials.counts.dataCatalog).toBe(1)
    const pages = backend.db().sqlite.prepare('SELECT text FROM document_pages WHERE document_id = ?').all(materials.documents[0]?.id) as { text: string }[]
    expect(pages).toHaveLength(1)
    expect(pages[0]?.text.length).toBeGreaterThan(100)
  })
})
