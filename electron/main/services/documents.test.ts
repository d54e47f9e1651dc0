import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ExportSummary } from '../../../shared/api/documentTypes'
import type { Backend } from '../backend'
import { testBackend } from '../../../tests/helpers/backend'
import { tempDir } from '../../../tests/helpers/tmp'
import { exportFinished } from '../../../tests/helpers/exportJob'
import { seedSignedMeeting } from '../../../tests/kits/documents/testDb'
import { editFigure } from '../../../tests/kits/documents/testUtil'
import { verifyDocx } from '../documents/verify'

const finished = exportFinished

async function exportTo(b: Backend, input: Parameters<Backend['handlers']['documents.export']>[0]): Promise<ExportSummary> {
  const job = await b.handlers['documents.export'](input)
  const done = await finished(b, job)
  expect(done.status, done.error ?? '').toBe('done')
  return done.result!
}

// eslint-disable-next-line no-control-regex
const WINDOWS_RESERVED = /[<>:"/\\|?*\u0000-\u001f]/

describe('documents service', () => {
  it('lists what can be exported: signed, draft and tampered sheets, and why the panel documents wait', async () => {
    const b = await testBackend({ seedDemo: false })
    const m = seedSignedMeeting(b.db(), { projects: 3, experts: 3, drafts: [[1, 2]], tampered: [[2, 1]] })
    const list = await b.handlers['documents.list']({ meetingId: m.meetingId })
    expect(list.projects.map((p) => p.name)).toEqual(m.projectNames)
    const [p1, p2, p3] = list.projects
    expect(p1!.experts.map((e) => e.state)).toEqual(['signed', 'signed', 'signed'])
    expect(p1!.panelReady).toBe(true)
    expect(p1!.documents.filter((d) => d.ready)).toHaveLength(6)
    expect(p2!.experts[2]!.state).toBe('draft')
    expect(p2!.panelReady).toBe(false)
    expect(p2!.panelReason).toContain(m.experts[2]!.name)
    expect(p2!.documents.find((d) => d.kind === 'expert-opinion' && d.expertId === m.experts[2]!.id)!.ready).toBe(false)
    expect(p3!.experts[1]!.state).toBe('tampered')
    expect(p3!.panelReason).toContain('未通过验证')
    expect(list.readyCount).toBe(6 + 2 + 2)
    expect(list.totalCount).toBe(18)
    expect(list.defaultFolder.startsWith(b.paths.dataDir)).toBe(true)
  })

  it('exports a project: Windows-safe Chinese names, each file verifies, nothing is overwritten on a second export', async () => {
    const b = await testBackend({ seedDemo: false })
    const m = seedSignedMeeting(b.db(), { projects: 2, experts: 3 })
    const folder = tempDir('export')
    const first = await exportTo(b, { meetingId: m.meetingId, scope: { kind: 'project', projectId: m.projectIds[1]! }, folder })
    expect(first.failed).toEqual([])
    expect(first.skipped).toEqual([])
    expect(first.written).toHaveLength(6)
    const names = fs.readdirSync(folder).sort()
    expect(names).toHaveLength(6)
    for (const n of names) {
      expect(n.endsWith('.docx')).toBe(true)
      expect(WINDOWS_RESERVED.test(n.slice(0, -5)), n).toBe(false)
      // The project name keeps its meaning: ':' and '/' become their full-width forms.
      expect(n.startsWith('三明市“智慧医保”监管系统：二期／扩容项目-')).toBe(true)
    }
    expect(names).toContain('三明市“智慧医保”监管系统：二期／扩容项目-专家组评审意见.docx')
    expect(names).toContain(`三明市“智慧医保”监管系统：二期／扩容项目-专家个人评审意见表-${m.experts[0]!.name}.docx`)
    for (const w of first.written) {
      expect(w.status).toBe('有效')
      const v = await verifyDocx(new Uint8Array(fs.readFileSync(w.path)), { registeredFingerprints: Object.fromEntries(m.experts.map((e) => [e.id, e.fingerprint])) })
      expect(v.status, v.reason).toBe('有效')
    }
    const before = new Map(names.map((n) => [n, fs.readFileSync(path.join(folder, n))]))

    const second = await exportTo(b, { meetingId: m.meetingId, scope: { kind: 'project', projectId: m.projectIds[1]! }, folder })
    expect(second.written).toHaveLength(6)
    expect(second.written.every((w) => w.renamed && /（2）\.docx$/.test(w.fileName))).toBe(true)
    for (const [n, bytes] of before) expect(fs.readFileSync(path.join(folder, n)).equals(bytes)).toBe(true)
    expect(fs.readdirSync(folder)).toHaveLength(12)
  })

  it('exports the whole meeting into one folder per project, skipping what is not signed yet', async () => {
    const b = await testBackend({ seedDemo: false })
    const m = seedSignedMeeting(b.db(), { projects: 2, experts: 3, drafts: [[0, 1]] })
    const folder = path.join(tempDir('export'), '新建文件夹', '评审文档')
    const s = await exportTo(b, { meetingId: m.meetingId, scope: { kind: 'meeting' }, folder })
    expect(s.written).toHaveLength(2 + 6)
    expect(s.skipped.map((x) => x.label).sort()).toEqual(['专家个人评审意见表', '专家组评审意见', '概算审核对比表', '评分汇总表'].sort())
    expect(s.skipped.every((x) => x.reason.length > 0)).toBe(true)
    const dirs = fs.readdirSync(folder).sort()
    expect(dirs).toEqual(['01-三明市城市运行“一网统管”平台（一期）项目', '02-三明市“智慧医保”监管系统：二期／扩容项目'])
    expect(fs.readdirSync(path.join(folder, dirs[0]!))).toHaveLength(2)
    expect(fs.readdirSync(path.join(folder, dirs[1]!))).toHaveLength(6)
  })

  it("exports one expert's 意见表 across the meeting", async () => {
    const b = await testBackend({ seedDemo: false })
    const m = seedSignedMeeting(b.db(), { projects: 3, experts: 3 })
    const folder = tempDir('export')
    const s = await exportTo(b, { meetingId: m.meetingId, scope: { kind: 'expert', expertId: m.experts[1]!.id }, folder })
    expect(s.written.map((w) => w.kind)).toEqual(['expert-opinion', 'expert-opinion', 'expert-opinion'])
    expect(s.written.every((w) => w.expertName === m.experts[1]!.name)).toBe(true)
  })

  it('refuses a relative folder, and an export can be cancelled, keeping what was written and saying so', async () => {
    const b = await testBackend({ seedDemo: false })
    const m = seedSignedMeeting(b.db(), { projects: 3, experts: 3 })
    await expect((async () => b.handlers['documents.export']({ meetingId: m.meetingId, scope: { kind: 'meeting' }, folder: '评审文档' }))()).rejects.toThrow('完整的文件夹路径')
    const folder = tempDir('export')
    const job = await b.handlers['documents.export']({ meetingId: m.meetingId, scope: { kind: 'meeting' }, folder })
    await b.handlers['jobs.cancel']({ jobId: job.id })
    const done = await finished(b, job)
    expect(done.status).toBe('cancelled')
    expect(done.result?.cancelled).toBe(true)
    expect(done.result!.written.length).toBeLessThan(18)
  })

  it('previews a document as HTML with its verification', async () => {
    const b = await testBackend({ seedDemo: false })
    const m = seedSignedMeeting(b.db(), { projects: 1, experts: 3 })
    const p = await b.handlers['documents.preview']({ projectId: m.projectIds[0]!, kind: 'panel-opinion' })
    expect(p.label).toBe('专家组评审意见')
    expect(p.verification.status).toBe('有效')
    expect(p.html).toContain('专家组评审意见')
    expect(p.html).toContain(m.experts[0]!.name)
    expect(p.html).not.toMatch(/<script/i)
    const e = await b.handlers['documents.preview']({ projectId: m.projectIds[0]!, kind: 'expert-opinion', expertId: m.experts[2]!.id })
    expect(e.fileName).toContain(m.experts[2]!.name)
    expect(e.html).toContain('回避声明')
  })

  it('verifies a handed-in document: valid against the registered keys, tampered with what changed, or not ours', async () => {
    const b = await testBackend({ seedDemo: false })
    const m = seedSignedMeeting(b.db(), { projects: 1, experts: 3 })
    const folder = tempDir('export')
    const s = await exportTo(b, { meetingId: m.meetingId, scope: { kind: 'project', projectId: m.projectIds[0]! }, folder })
    const summary = s.written.find((w) => w.kind === 'score-summary')!
    const bytes = new Uint8Array(fs.readFileSync(summary.path))
    const ok = await b.handlers['documents.verify']({ fileName: summary.fileName, base64: Buffer.from(bytes).toString('base64') })
    expect(ok.status).toBe('有效')
    expect(ok.notes[0]).toContain('登记公钥指纹')
    const edited = await editFigure(bytes, `expert.${m.experts[1]!.id}.total`, '99')
    const bad = await b.handlers['documents.verify']({ fileName: 'x.docx', base64: Buffer.from(edited).toString('base64') })
    expect(bad.status).toBe('已篡改')
    expect(bad.mismatches.some((x) => x.found === '99' && x.what.includes(m.experts[1]!.name))).toBe(true)
    const junk = await b.handlers['documents.verify']({ fileName: 'x.docx', base64: Buffer.from('not a docx').toString('base64') })
    expect(junk.status).toBe('无法验证')
  })

  it('without registered fingerprints no document is made (its signers could not be confirmed), and the reason says so', async () => {
    const b = await testBackend({ seedDemo: false })
    const m = seedSignedMeeting(b.db(), { projects: 1, experts: 3, registerFingerprints: false })
    const list = await b.handlers['documents.list']({ meetingId: m.meetingId })
    const ex = list.projects[0]!.experts
    expect(ex.every((e) => e.state === 'signed' && !e.fingerprintRegistered && e.reason.includes('未登记'))).toBe(true)
    const s = await exportTo(b, { meetingId: m.meetingId, scope: { kind: 'project', projectId: m.projectIds[0]! }, folder: tempDir('export') })
    expect(s.written).toHaveLength(0)
    expect(s.skipped).toHaveLength(6)
    expect(s.skipped.every((k) => k.reason.includes('未登记'))).toBe(true)
  })
})
