/**
 * Every sheet of a real-shaped budget workbook in the 概算 tab (issue 14 item 1), on real SQLite files: a 概算汇总表
 * first (its 工程费用 1 万元 above the detail), two 明细 sheets (the second with an arithmetic slip), a 编制说明 and a hidden earlier draft, as .xlsx and as
 * .xls. The list gives each sheet's role, lines, 合计, hidden state and why it is read or not; the preview of any
 * sheet carries its own arithmetic and 汇总 vs 明细; the secretariat switches to the hidden draft, and once an
 * expert has typed on the budget a switch back is refused and nothing typed is lost; an expert asks the secretariat
 * for another sheet with a reason (refused when empty, unknown, already the basis, or once scoring started), the
 * secretariat sees it, and it is marked met once the basis is that sheet. More than 255 sheets are refused.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ImportResult } from '../../../shared/api/packageTypes'
import { testBackend } from '../../../tests/helpers/backend'
import { waitJob } from '../../../tests/helpers/packages'
import { readyToScore, rejection } from '../../../tests/helpers/review'
import { tempDir } from '../../../tests/helpers/tmp'
import { CLEAN_GROUPS, detailRows, groupsTotal, mainDocument, packageBytes, pdf, summaryRows, xlsx } from '../../../tests/kits/findings/builders'
import { writeXls, type XlsSheet } from '../../../tests/kits/packages/office'
import type { FixtureCell } from '../../../scripts/fixtures/xlsxWriter'
import type { Backend } from '../backend'
import { readBudgetFile } from '../packages'
import { getSetting, SETTING_ACTING_EXPERT } from './settings'

const [G1, G2, G3] = CLEAN_GROUPS as [(typeof CLEAN_GROUPS)[0], (typeof CLEAN_GROUPS)[0], (typeof CLEAN_GROUPS)[0]]

/** 其他费用明细 with 培训费 written as 1.6 万元 where 1 × 1.5 was meant. */
function otherDetail(): FixtureCell[][] {
  return detailRows([G2, G3]).map((row) => (row[1] === '培训费' ? [...row.slice(0, 5), 1.6] : row))
}

const SHEETS = () => [
  { name: '概算汇总表', rows: summaryRows(CLEAN_GROUPS, { 工程费用: groupsTotal([G1]) + 1 }) },
  { name: '工程费用明细', rows: detailRows([G1]) },
  { name: '其他费用明细', rows: otherDetail() },
  { name: '编制说明', rows: [['编制说明'], ['1. 本概算依据三明市有关标准编制。']] as FixtureCell[][] },
  { name: '初稿', rows: detailRows(CLEAN_GROUPS), hidden: true }
]

/** The fixture sheets for the .xls writer (cells without formulas: none of these sheets has one). */
function xlsSheets(sheets: { name: string; rows: FixtureCell[][]; hidden?: boolean }[]): XlsSheet[] {
  return sheets.map((s) => ({ ...s, rows: s.rows.map((r) => r.map((c) => (typeof c === 'object' && c !== null ? (c.result ?? null) : c))) }))
}

async function workbook(format: 'xlsx' | 'xls'): Promise<Uint8Array> {
  const budget = format === 'xlsx' ? await xlsx(SHEETS()) : writeXls(xlsSheets(SHEETS()))
  return packageBytes({
    name: `多工作表概算项目（${format}）`,
    declared: groupsTotal(CLEAN_GROUPS),
    main: { path: 'docs/可研暨初设方案.pdf', bytes: pdf(mainDocument()) },
    budget: { path: `budget.${format}`, bytes: budget }
  })
}

async function imported(b: Backend, format: 'xlsx' | 'xls'): Promise<{ meetingId: string; projectId: string }> {
  const [m] = await b.handlers['meetings.list']({})
  const file = path.join(tempDir('sheets-pkg'), `多工作表.${format}.pdpkg`)
  fs.writeFileSync(file, await workbook(format))
  const done = await waitJob<ImportResult>(b, await b.handlers['packages.import']({ meetingId: m!.id, source: { kind: 'path', path: file } }))
  expect(done.status, done.error ?? '').toBe('done')
  return { meetingId: m!.id, projectId: (done.result as ImportResult).projectId }
}

const count = (b: Backend, sql: string, projectId: string) => (b.db().sqlite.prepare(sql).get(projectId) as { n: number }).n
const LINES = 'SELECT COUNT(*) AS n FROM budget_lines WHERE project_id = ? AND deleted = 0'
const REVIEWS = 'SELECT COUNT(*) AS n FROM budget_reviews r JOIN score_sheets s ON s.id = r.sheet_id WHERE s.project_id = ?'

describe.each(['xlsx', 'xls'] as const)('a budget workbook with 汇总 first, two 明细, 说明 and a hidden draft (.%s)', (format) => {
  it('lists every sheet with its role, lines, 合计, hidden state and why; previews any with its own checks', async () => {
    const b = await testBackend()
    const { projectId } = await imported(b, format)
    const view = await b.handlers['packages.budgetSheets']({ projectId })
    expect(view.format).toBe(format)
    expect(view.sheets.map((s) => [s.name, s.role, s.read, s.hidden])).toEqual([
      ['概算汇总表', 'summary', false, false],
      ['工程费用明细', 'detail', true, false],
      ['其他费用明细', 'detail', true, false],
      ['编制说明', 'notes', false, false],
      ['初稿', 'other', false, true]
    ])
    const reasons = Object.fromEntries(view.sheets.map((s) => [s.name, s.reason]))
    expect(reasons['概算汇总表']).toMatch(/汇总，用于与明细核对/)
    expect(reasons['工程费用明细']).toMatch(/标明为明细/)
    expect(reasons['编制说明']).toMatch(/说明.*不读取/)
    expect(reasons['初稿']).toMatch(/不是评审依据.*（隐藏的工作表）$/)
    expect(view.sheets.find((s) => s.name === '编制说明')).toMatchObject({ lineCount: 0, total: null })
    expect(view.sheets.find((s) => s.name === '概算汇总表')?.total).toBeCloseTo(groupsTotal(CLEAN_GROUPS) + 1, 6)
    // Both detail sheets together are the lines under review.
    const read = view.sheets.filter((s) => s.read).reduce((n, s) => n + s.lineCount, 0)
    expect(count(b, LINES, projectId)).toBe(read)

    // The second detail sheet alone: its slip, and the summary against it.
    const other = await b.handlers['packages.budgetSheetPreview']({ projectId, sheet: '其他费用明细' })
    expect(other.sheetName).toBe('其他费用明细')
    expect(other.arithmeticCount).toBe(other.arithmetic.length)
    expect(other.arithmetic.some((m) => m.includes('培训费') && m.includes('数量1 × 单价1.50万元'))).toBe(true)
    expect(other.reconciliation).toMatchObject({ summarySheet: '概算汇总表', detailSheet: '其他费用明细' })
    expect(other.reconciliation?.mismatches.some((m) => m.includes('合计'))).toBe(true)

    // The summary: compared with the basis (both detail sheets), 工程费用 differs by 1 万元.
    const summary = await b.handlers['packages.budgetSheetPreview']({ projectId, sheet: '概算汇总表' })
    expect(summary.reconciliation).toMatchObject({ summarySheet: '概算汇总表', detailSheet: '工程费用明细、其他费用明细' })
    expect(summary.reconciliation?.mismatches.some((m) => m.includes('“工程费用”') && m.includes('汇总表多1.00万元'))).toBe(true)
    // Its own sums add up; only its total is 1 万元 above the declared investment.
    expect(summary.arithmetic).toEqual([expect.stringMatching(/^概算表合计247\.00万元与申报的项目总投资246\.00万元不一致/)])

    // The hidden draft reads whole and clean; the notes sheet has no budget and says so.
    const draft = await b.handlers['packages.budgetSheetPreview']({ projectId, sheet: '初稿' })
    expect(draft.lines.length).toBe(view.sheets.find((s) => s.name === '初稿')?.lineCount)
    expect(draft.arithmetic).toEqual([])
    expect(draft.reconciliation?.mismatches.some((m) => m.includes('“工程费用”'))).toBe(true)
    const notes = await rejection(() => b.handlers['packages.budgetSheetPreview']({ projectId, sheet: '编制说明' }))
    expect(notes).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/编制说明/) })
  })
})

describe('switching the basis of a multi-sheet workbook', () => {
  it('an expert asks (with a reason, seen by the secretariat) while the secretariat could still switch; the switch to the hidden draft re-derives; once typed on, a switch back is refused and nothing is lost', async () => {
    const b = await testBackend()
    const { meetingId, projectId } = await imported(b, 'xlsx')
    const expertId = getSetting(b.db(), SETTING_ACTING_EXPERT)
    expect(expertId).not.toBeNull()
    const asExpert = await b.handlers['packages.budgetSheets']({ projectId })
    expect(asExpert.change).toEqual({ allowed: false, reason: expect.stringMatching(/只有秘书处/), askSecretariat: true })
    expect(asExpert.requests).toEqual([])

    // The expert asks for the hidden draft, with a reason; bad requests are refused at the field.
    const ask = (sheets: string[], reason: string) => b.handlers['packages.requestBudgetBasis']({ projectId, sheets, reason })
    expect(await rejection(() => ask(['初稿'], '  '))).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/请写明/) })
    expect(await rejection(() => ask(['不存在的表'], '理由'))).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/不存在的表/) })
    expect(await rejection(() => ask(['工程费用明细', '其他费用明细'], '理由'))).toMatchObject({ message: expect.stringMatching(/评审依据已是该工作表/) })
    await ask(['概算汇总表'], '先看汇总')
    await b.handlers['packages.withdrawBudgetBasisRequest']({ projectId })
    expect((await b.handlers['packages.budgetSheets']({ projectId })).requests).toEqual([])
    await ask(['初稿'], '初稿是建设单位最后确认的版本')
    const mine = (await b.handlers['packages.budgetSheets']({ projectId })).requests
    expect(mine).toMatchObject([{ expertId, sheets: ['初稿'], reason: '初稿是建设单位最后确认的版本', mine: true, met: false }])

    await b.handlers['session.actAs']({ expertId: null })
    expect(await rejection(() => ask(['初稿'], '理由'))).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/秘书处可以直接更改/) })
    const seen = (await b.handlers['packages.budgetSheets']({ projectId })).requests
    expect(seen).toMatchObject([{ expertId, expertName: expect.stringMatching(/\S/), sheets: ['初稿'], mine: false, met: false }])
    const switched = await b.handlers['packages.setBudgetBasis']({ projectId, sheets: ['初稿'] })
    expect(switched).toMatchObject({ sheetName: '初稿', previousSheetName: '工程费用明细、其他费用明细' })
    const view = await b.handlers['packages.budgetSheets']({ projectId })
    expect(view.sheets.find((s) => s.read)).toMatchObject({ name: '初稿', hidden: true, reason: '秘书处指定为评审依据（隐藏的工作表）' })
    expect(count(b, LINES, projectId)).toBe(switched.lineCount)
    expect(view.requests).toMatchObject([{ sheets: ['初稿'], met: true }])

    // An expert types a 核定金额 on a line of the new basis.
    await b.handlers['session.actAs']({ expertId })
    await readyToScore(b, meetingId, projectId)
    const sheet = await b.handlers['sheets.open']({ projectId })
    const line = (await b.handlers['budgetReview.get']({ projectId })).lines.find((l) => l.submitted > 1)!
    await b.handlers['budgetReview.setLine']({ sheetId: sheet.sheetId, lineId: line.lineId, approvedAmount: 1, reason: '单价偏高', note: '' })
    expect((await b.handlers['packages.budgetSheets']({ projectId })).change.askSecretariat).toBe(false)
    expect(await rejection(() => ask(['概算汇总表'], '理由'))).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/已有专家开始评分.*无需再提出请求/) })

    await b.handlers['session.actAs']({ expertId: null })
    const refused = await rejection(() => b.handlers['packages.setBudgetBasis']({ projectId, sheets: [] }))
    expect(refused).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/已有专家开始评分/) })
    expect(count(b, REVIEWS, projectId)).toBe(1)
    expect(count(b, LINES, projectId)).toBe(switched.lineCount)
    expect((await b.handlers['packages.budget']({ projectId })).sheetName).toBe('初稿')
  })
})

describe('the bound on worksheets', () => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `表${i + 1}`, rows: [['序号', '名称', '金额（万元）'], [1, '服务器', 1]] as FixtureCell[][] }))

  it('reads 255 worksheets and refuses 256 naming the file, .xlsx and .xls alike', async () => {
    expect((await readBudgetFile('budget.xlsx', await xlsx(many(255)), 0)).sheets).toHaveLength(255)
    await expect(readBudgetFile('budget.xlsx', await xlsx(many(256)), 0)).rejects.toThrow('文件“budget.xlsx”有超过 255 个工作表，超出读取上限。')
    expect((await readBudgetFile('budget.xls', writeXls(xlsSheets(many(255))), 0)).sheets).toHaveLength(255)
    await expect(readBudgetFile('budget.xls', writeXls(xlsSheets(many(256))), 0)).rejects.toThrow('文件“budget.xls”有超过 255 个工作表，超出读取上限。')
  })
})
