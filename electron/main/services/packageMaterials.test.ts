import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { ImportResult } from '../../../shared/api/packageTypes'
import type { MeetingDetail, MeetingSummary } from '../../../shared/api/types'
import { testBackend } from '../../../tests/helpers/backend'
import { MESSY_GBK, MESSY_MERGED, waitJob } from '../../../tests/helpers/packages'
import { writeChanges } from '../db/changeWriter'
import { SECRETARIAT } from './authors'

async function imported(file: string) {
  const backend = await testBackend()
  const demo = (await backend.handlers['meetings.list']({}))[0] as MeetingSummary
  const job = await backend.handlers['packages.import']({ meetingId: demo.id, source: { kind: 'path', path: file } })
  const done = await waitJob<ImportResult>(backend, job)
  const result = done.result as ImportResult
  const meeting = (await backend.handlers['meetings.get']({ meetingId: demo.id })) as MeetingDetail
  return { backend, result, meeting }
}

describe('package materials', () => {
  it('serves PDF bytes in chunks that add up to the stored file, and searches its text by page', async () => {
    const { backend, result } = await imported(MESSY_MERGED)
    const { documents } = await backend.handlers['packages.materials']({ projectId: result.projectId })
    const pdf = documents.find((d) => d.format === 'pdf')
    if (!pdf) throw new Error('no pdf')
    expect(pdf.pageCount).toBe(4)
    const a = await backend.handlers['packages.readDocument']({ documentId: pdf.id, offset: 0, length: 1000 })
    const b = await backend.handlers['packages.readDocument']({ documentId: pdf.id, offset: 1000, length: 4 * 1024 * 1024 })
    const bytes = Buffer.concat([Buffer.from(a.data, 'base64'), Buffer.from(b.data, 'base64')])
    expect(bytes.byteLength).toBe(a.size)
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(pdf.sha256)
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    const hits = await backend.handlers['packages.search']({ documentId: pdf.id, query: '建设 内容' })
    expect(hits.length).toBeGreaterThan(0)
    expect(hits.every((h) => typeof h.page === 'number' && h.page >= 1 && h.page <= 4)).toBe(true)
    expect(await backend.handlers['packages.search']({ documentId: pdf.id, query: '不存在的词语' })).toEqual([])
  })

  it('converts DOCX to HTML for the sanitiser, and reads both data lists with their missing columns', async () => {
    const { backend, result } = await imported(MESSY_GBK)
    const { documents } = await backend.handlers['packages.materials']({ projectId: result.projectId })
    const docx = documents.find((d) => d.format === 'docx')
    if (!docx) throw new Error('no docx')
    const html = await backend.handlers['packages.documentHtml']({ documentId: docx.id })
    expect(html.html).toMatch(/<(p|h\d)>/)
    expect(html.html).toMatch(/[\u4e00-\u9fff]/)
    const catalog = await backend.handlers['packages.dataList']({ projectId: result.projectId, kind: 'dataCatalog' })
    expect(catalog.present).toBe(true)
    expect(catalog.rows.length).toBeGreaterThan(0)
    expect(catalog.columns.map((c) => c.label)).toContain('数据名称')
    const needs = await backend.handlers['packages.dataList']({ projectId: result.projectId, kind: 'dataNeeds' })
    expect(needs).toMatchObject({ present: false, rows: [], missingColumns: ['所需数据', '提供部门', '用途'] })
  })

  it('keeps notes per expert: each sees only their own, only the author may change them, pages are checked', async () => {
    const { backend, result, meeting } = await imported(MESSY_MERGED)
    const { documents } = await backend.handlers['packages.materials']({ projectId: result.projectId })
    const pdf = documents.find((d) => d.format === 'pdf')
    if (!pdf) throw new Error('no pdf')
    const [e1, e2] = meeting.experts
    if (!e1 || !e2) throw new Error('experts')
    await backend.handlers['session.actAs']({ expertId: e1.id })
    const note = await backend.handlers['documentNotes.add']({ documentId: pdf.id, page: 2, text: '前端设备数量与方案不一致' })
    await expect(Promise.resolve().then(() => backend.handlers['documentNotes.add']({ documentId: pdf.id, page: 9, text: 'x' }))).rejects.toThrow('页码超出范围')
    expect((await backend.handlers['documentNotes.list']({ documentId: pdf.id })).map((n) => n.text)).toEqual(['前端设备数量与方案不一致'])
    const log = backend.db().sqlite.prepare("SELECT DISTINCT author FROM change_log WHERE tbl = 'document_notes'").all()
    expect(log).toEqual([{ author: e1.id }])

    await backend.handlers['session.actAs']({ expertId: e2.id })
    expect(await backend.handlers['documentNotes.list']({ documentId: pdf.id })).toEqual([])
    await expect(Promise.resolve().then(() => backend.handlers['documentNotes.update']({ noteId: note.id, text: '改' }))).rejects.toThrow('只能修改自己的批注')
    await expect(Promise.resolve().then(() => backend.handlers['documentNotes.delete']({ noteId: note.id }))).rejects.toThrow('只能修改自己的批注')

    await backend.handlers['session.actAs']({ expertId: e1.id })
    expect((await backend.handlers['documentNotes.update']({ noteId: note.id, text: '已核实' })).text).toBe('已核实')
    await backend.handlers['documentNotes.delete']({ noteId: note.id })
    expect(await backend.handlers['documentNotes.list']({ documentId: pdf.id })).toEqual([])
  })

  it('says plainly when a project has no package yet', async () => {
    const backend = await testBackend({ seedDemo: false })
    const meeting = await backend.handlers['meetings.create']({ name: '会', date: '2026-12-01', place: '', organiser: '' })
    writeChanges(backend.db(), SECRETARIAT, (w) => w.write('projects', 'p-without-package', { meeting_id: meeting.id, name: '未导入材料的项目', deleted: false }))
    expect(await backend.handlers['packages.materials']({ projectId: 'p-without-package' })).toMatchObject({ package: null, documents: [], counts: { budgetLines: 0 } })
    await expect(Promise.resolve().then(() => backend.handlers['packages.budget']({ projectId: 'p-without-package' }))).rejects.toThrow('还没有导入申报材料')
  })
})
