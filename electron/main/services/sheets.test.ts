import { describe, expect, it } from 'vitest'
import { testBackend } from '../../../tests/helpers/backend'
import type { Backend } from '../backend'
import { readyToScore } from '../../../tests/helpers/review'

async function firstProject(b: Backend) {
  const [m] = await b.handlers['meetings.list']({})
  const meeting = await b.handlers['meetings.get']({ meetingId: m!.id })
  const project = meeting.projects[1]! // no unit of the first expert matches this project
  await readyToScore(b, meeting.id, project.id)
  return { meeting, project }
}

function apiError(fn: () => unknown): { code: string; message: string } {
  try {
    fn()
  } catch (e) {
    return e as { code: string; message: string }
  }
  throw new Error('expected an error')
}

describe('the suggested conclusion respects vetoes', () => {
  it('a finding carrying a veto makes the suggestion 不予通过 at any total, with the reason', async () => {
    const b = await testBackend()
    const { project } = await firstProject(b)
    const sheet = await b.handlers['sheets.open']({ projectId: project.id })
    for (const item of ['tech.requirements', 'tech.architecture', 'tech.scope', 'tech.xinchuang']) {
      await b.handlers['sheets.setScore']({ sheetId: sheet.sheetId, itemId: item, value: 4, na: false })
    }
    const before = await b.handlers['sheets.open']({ projectId: project.id })
    expect(before.suggestionReasons[0]).toMatch(/^总分/)
    const findings = b.db().sqlite.prepare('SELECT id FROM findings WHERE project_id = ? AND deleted = 0').all(project.id) as { id: string }[]
    expect(findings.length).toBeGreaterThan(0)
    const reason = '第十二条：未满足数据汇聚共享要求的政务信息系统项目不得建设'
    b.db().sqlite.prepare('UPDATE findings SET veto = ? WHERE id = ?').run(JSON.stringify({ reason }), findings[0]!.id)
    const after = await b.handlers['sheets.open']({ projectId: project.id })
    expect(after.suggestedConclusion).toBe('reject')
    expect(after.suggestionReasons).toEqual([`否决项：${reason}`])
    const listed = await b.handlers['packages.findings']({ projectId: project.id })
    expect(listed.find((f) => f.veto)?.veto).toEqual({ reason })
  })
})

describe('an expert scoring a project', () => {
  it('opens one draft sheet, saves scores and opinions, and reads them back with totals', async () => {
    const b = await testBackend()
    const { project } = await firstProject(b)
    const sheet = await b.handlers['sheets.open']({ projectId: project.id })
    expect(sheet).toMatchObject({ status: 'draft', revision: 1, totals: { total: 0 } })
    expect((await b.handlers['sheets.open']({ projectId: project.id })).sheetId).toBe(sheet.sheetId)
    await b.handlers['sheets.setScore']({ sheetId: sheet.sheetId, itemId: 'tech.requirements', value: 5, na: false })
    expect(apiError(() => b.handlers['sheets.setScore']({ sheetId: sheet.sheetId, itemId: 'tech.xinchuang', value: null, na: true })).message).toContain('不允许选择"不适用"')
    await b.handlers['sheets.setScore']({ sheetId: sheet.sheetId, itemId: 'tech.xinchuang', value: 4, na: false })
    const v = await b.handlers['sheets.setScore']({ sheetId: sheet.sheetId, itemId: 'tech.requirements', value: 5.5, na: false })
    expect(v.scores['tech.requirements']).toEqual({ value: 5.5, na: false })
    expect(v.totals.dimensions[0]).toMatchObject({ score: 9.5 })
    await b.handlers['sheets.setOpinion']({ sheetId: sheet.sheetId, dimensionId: 'tech', text: '需求分析较充分，但与已建系统的边界不清。' })
    const ws = await b.handlers['projects.workspace']({ projectId: project.id })
    expect(ws.sheet?.opinions.tech).toBe('需求分析较充分，但与已建系统的边界不清。')
    expect(ws.sheet?.totals.total).toBe(9.5)
    const rows = b.db().sqlite.prepare('SELECT count(*) AS n FROM scores WHERE sheet_id = ?').get(sheet.sheetId)
    expect(rows).toEqual({ n: 2 })
  })

  it('refuses scores out of range, off step, or for unknown items, and changes nothing', async () => {
    const b = await testBackend()
    const { project } = await firstProject(b)
    const { sheetId } = await b.handlers['sheets.open']({ projectId: project.id })
    const before = b.db().sqlite.prepare('SELECT count(*) AS n FROM change_log').get()
    expect(apiError(() => b.handlers['sheets.setScore']({ sheetId, itemId: 'tech.requirements', value: 7, na: false }))).toMatchObject({
      code: 'invalid_input',
      message: '「需求分析与业务流程」的分数应在 0 至 6 之间'
    })
    expect(apiError(() => b.handlers['sheets.setScore']({ sheetId, itemId: 'tech.requirements', value: 5.25, na: false })).code).toBe('invalid_input')
    expect(apiError(() => b.handlers['sheets.setScore']({ sheetId, itemId: 'tech.nope', value: 1, na: false })).code).toBe('invalid_input')
    expect(apiError(() => b.handlers['sheets.setScore']({ sheetId, itemId: 'security.mlps', value: null, na: true })).code).toBe('invalid_input')
    expect(b.db().sqlite.prepare('SELECT count(*) AS n FROM change_log').get()).toEqual(before)
  })

  it("never lets one expert write another expert's sheet", async () => {
    const b = await testBackend()
    const { meeting, project } = await firstProject(b)
    const { sheetId } = await b.handlers['sheets.open']({ projectId: project.id })
    await b.handlers['session.actAs']({ expertId: meeting.experts[1]!.id })
    await readyToScore(b, meeting.id, project.id)
    expect(apiError(() => b.handlers['sheets.setScore']({ sheetId, itemId: 'tech.requirements', value: 1, na: false }))).toMatchObject({
      code: 'forbidden'
    })
    const other = await b.handlers['sheets.open']({ projectId: project.id })
    expect(other.sheetId).not.toBe(sheetId)
    expect(other.expertId).toBe(meeting.experts[1]!.id)
  })

  it('refuses edits to a submitted sheet', async () => {
    const b = await testBackend()
    const { project } = await firstProject(b)
    const { sheetId } = await b.handlers['sheets.open']({ projectId: project.id })
    b.db().sqlite.prepare("UPDATE score_sheets SET status = 'submitted' WHERE id = ?").run(sheetId)
    expect(apiError(() => b.handlers['sheets.setOpinion']({ sheetId, dimensionId: 'tech', text: 'x' })).code).toBe('conflict')
  })
})
