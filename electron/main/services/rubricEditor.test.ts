/** The secretariat's rubric editor (issue 14, item 7): versions, validation, files, the lock. */
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { testBackend } from '../../../tests/helpers/backend'
import { rejection } from '../../../tests/helpers/review'
import type { Backend } from '../backend'

/** A new meeting, this laptop in the secretariat's view. */
async function newMeeting(b: Backend) {
  await b.handlers['session.actAs']({ expertId: null })
  const m = await b.handlers['meetings.create']({ name: '第五批评审会', date: '2026-12-10', place: '三明', organiser: '市数据管理局' })
  return m.id
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64')

describe('the rubric editor', () => {
  it('saves an edited table as the next version the meeting then uses; the old version stays', async () => {
    const b = await testBackend()
    const meetingId = await newMeeting(b)
    const v = await b.handlers['rubric.get']({ meetingId })
    expect(v).toMatchObject({ version: 3, locked: null, rubricId: 'sanming-2026-default@3' })
    const rows = v.table.rows.map((r) => (r.itemId === 'budget.rates' ? { ...r, points: 3 } : r))
    rows.push({ itemId: '', dimension: '投资概算', item: '运维费用另行申报', points: 2, step: 0.5, guidance: '' })
    const saved = await b.handlers['rubric.save']({ meetingId, table: { ...v.table, rows } })
    expect(saved).toMatchObject({ version: 4, rubricId: 'sanming-2026-default@4' })
    expect(saved.versions.map((x) => x.version)).toEqual([4, 3])
    expect((await b.handlers['meetings.get']({ meetingId })).rubric).toMatchObject({ version: 4 })
    const row = b.db().sqlite.prepare("SELECT author FROM change_log WHERE tbl = 'rubrics' AND row_id = 'sanming-2026-default@4' LIMIT 1").get()
    expect(row).toEqual({ author: 'secretariat' })
  })

  it('refuses an invalid table with every problem and changes nothing', async () => {
    const b = await testBackend()
    const meetingId = await newMeeting(b)
    const v = await b.handlers['rubric.get']({ meetingId })
    const before = b.db().sqlite.prepare('SELECT count(*) AS n FROM change_log').get()
    const rows = v.table.rows.filter((r) => r.dimension !== '标准规范').map((r, i) => (i === 0 ? { ...r, points: null } : r))
    const err = (await rejection(() => b.handlers['rubric.save']({ meetingId, table: { ...v.table, rows } }))) as { code: string; message: string; issues: { path: string; message: string }[] }
    expect(err.code).toBe('invalid_input')
    expect(err.message).toBe('评分细则未保存：第 1 行：请填写分值；缺少第八条的评审维度「标准规范」；各细则分值之和为 84，应为 100')
    expect(err.issues[0]).toEqual({ path: 'rows.0.points', message: '请填写分值' })
    expect(b.db().sqlite.prepare('SELECT count(*) AS n FROM change_log').get()).toEqual(before)
  })

  it('exports and imports Excel and JSON; an imported file is checked row by row and applies nothing', async () => {
    const b = await testBackend()
    const meetingId = await newMeeting(b)
    const xlsx = await b.handlers['rubric.export']({ meetingId, format: 'xlsx' })
    expect(xlsx.fileName).toBe('评分细则-第3版.xlsx')
    const back = await b.handlers['rubric.parseFile']({ meetingId, fileName: xlsx.fileName, base64: xlsx.base64 })
    expect(back.problems).toEqual([])
    expect(back.table!.rows).toEqual((await b.handlers['rubric.get']({ meetingId })).table.rows)
    const json = await b.handlers['rubric.export']({ meetingId, format: 'json' })
    expect((await b.handlers['rubric.parseFile']({ meetingId, fileName: 'a.json', base64: json.base64 })).problems).toEqual([])

    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('细则')
    ws.addRow(['维度', '评分细则', '分值'])
    ws.addRow(['技术方案', '需求', 'abc'])
    ws.addRow(['', '架构', 50])
    const bad = Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer).toString('base64')
    const r = await b.handlers['rubric.parseFile']({ meetingId, fileName: '细则.xlsx', base64: bad })
    expect(r.problems.slice(0, 2)).toEqual([
      { row: 1, field: 'points', message: '请填写分值' },
      { row: 2, field: 'dimension', message: '维度不能为空' }
    ])
    expect(r.problems.map((p) => p.message)).toContain('缺少第八条的评审维度「安全方案」')
    expect((await b.handlers['rubric.parseFile']({ meetingId, fileName: 'x.json', base64: b64('{not json') })).problems[0]!.message).toBe('“x.json”不是有效的 JSON 文件')
    expect((await b.handlers['rubric.parseFile']({ meetingId, fileName: 'x.xlsx', base64: b64('PK not a zip') })).table).toBeNull()
    expect((await b.handlers['rubric.get']({ meetingId })).version).toBe(3)
  })

  it('is locked once any expert sheet exists (scoring started): saving is refused with the reason', async () => {
    const b = await testBackend()
    const [demo] = await b.handlers['meetings.list']({})
    const m = await b.handlers['meetings.get']({ meetingId: demo!.id })
    const p = m.projects[1]!.id
    await b.handlers['review.acceptCommitment']({ meetingId: m.id })
    await b.handlers['review.declare']({ projectId: p, kind: 'none', reason: '' })
    await b.handlers['sheets.open']({ projectId: p })
    // Acting as an expert, the laptop may not edit the rubric at all.
    expect(await rejection(() => b.handlers['rubric.save']({ meetingId: m.id, table: { name: 'x', passAt: 80, reviseAt: 60, rows: [] } }))).toMatchObject({ code: 'forbidden', message: '只有秘书处可以修改评分细则' })
    await b.handlers['session.actAs']({ expertId: null })
    const v = await b.handlers['rubric.get']({ meetingId: m.id })
    expect(v.locked).toBe('已有专家开始评分（已有评分表），评分细则已锁定，不能再修改')
    const err = await rejection(() => b.handlers['rubric.save']({ meetingId: m.id, table: v.table }))
    expect(err).toMatchObject({ code: 'conflict', message: '已有专家开始评分（已有评分表），评分细则已锁定，不能再修改' })
  })
})
