/**
 * Every sheet of a budget workbook in the 概算 tab (issue 14 item 1), through the UI against the real backend: an
 * .xlsx with 概算汇总表 first, two 明细 sheets (the second with an arithmetic slip), a 编制说明 and a hidden 初稿.
 * 工作表一览 lists all five with role, 隐藏, lines, 合计, basis and why; a sheet's 预览 button is reached with the
 * keyboard alone and shows the sheet read-only with its own arithmetic and 汇总 vs 明细; an expert sees why the basis
 * cannot change here and asks the secretariat for the summary with a reason; the secretariat sees the request and
 * previews the sheet, then makes the hidden draft the basis. Screenshots at the three sizes (45–48); axe on each screen.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import * as XLSX from '@e965/xlsx'
import { zipSync } from 'fflate'
import { expectAxeClean, screenshotSizes, settle } from './a11y'
import { ROOT, api, launchBrowser, startBackend, tempDataDir, type RunningBackend } from './harness'

const DOC_FIXTURE = path.join(ROOT, 'tests/fixtures/office/可研暨初设方案.doc')
const PROJECT = '三明市多工作表概算项目'
type Cell = string | number | null

const HEAD: Cell[] = ['序号', '工程或费用名称', '单位', '数量', '单价（万元）', '金额（万元）']
const WORKS: Cell[][] = [HEAD, ['一', '工程费用', null, null, null, 130], [1, '统一受理平台开发', '人月', 40, 2.5, 100], [2, '服务器密码机', '台', 2, 15, 30], ['合计', null, null, null, null, 130]]
// 培训费: 1 × 1.5 written as 1.6 (the slip the preview's arithmetic names).
const OTHER: Cell[][] = [HEAD, ['二', '工程建设其他费用', null, null, null, 10.1], [1, '工程监理费', '项', 1, 8.5, 8.5], [2, '培训费', '项', 1, 1.5, 1.6], ['合计', null, null, null, null, 10.1]]
const SUMMARY: Cell[][] = [['序号', '费用名称', '金额（万元）'], ['一', '工程费用', 131], ['二', '工程建设其他费用', 10.1], ['合计', null, 141.1]]
const DRAFT: Cell[][] = [HEAD, ['一', '工程费用', null, null, null, 150], [1, '统一受理平台开发', '人月', 60, 2.5, 150], ['合计', null, null, null, null, 150]]

function budgetXlsx(): Uint8Array {
  const book = XLSX.utils.book_new()
  const sheets: [string, Cell[][]][] = [['概算汇总表', SUMMARY], ['工程费用明细', WORKS], ['其他费用明细', OTHER], ['编制说明', [['编制说明'], ['本概算依据三明市有关标准编制。']]], ['初稿', DRAFT]]
  for (const [name, rows] of sheets) XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), name)
  book.Workbook = { Sheets: sheets.map(([name]) => ({ name, Hidden: name === '初稿' ? 1 : 0 })) }
  return new Uint8Array(XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer)
}

function writePackage(dir: string): string {
  const manifest = { format: 'paneldesk.package/1', project: { name: PROJECT, ownerUnit: '三明市数据管理局', declaredInvestment: 140.1 }, documents: [{ path: '可研.doc', title: '可研暨初设方案', role: 'main' }], budget: '概算表.xlsx' }
  const file = path.join(dir, '多工作表.pdpkg')
  fs.writeFileSync(file, zipSync({ 'manifest.json': new TextEncoder().encode(JSON.stringify(manifest)), '可研.doc': fs.readFileSync(DOC_FIXTURE), '概算表.xlsx': budgetXlsx() }))
  return file
}

/** Tabs from the focused element until `target` has the focus (at most `max` presses). */
async function tabTo(page: Page, target: ReturnType<Page['getByRole']>, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return
    await page.keyboard.press('Tab')
  }
  throw new Error(`not reached with ${max} tabs`)
}

let browser: Browser
let backend: RunningBackend
beforeAll(async () => {
  browser = await launchBrowser()
  backend = await startBackend(tempDataDir('budget-sheets'))
})
afterAll(async () => {
  await backend?.stop()
  await browser?.close()
})

describe('the sheets of a budget workbook', () => {
  it('lists every sheet with why, previews one by keyboard with its checks, tells an expert to ask, and the secretariat switches', async () => {
    const expertId = (await api<{ expertId: string }>(backend, 'identity.get')).expertId
    await api(backend, 'session.actAs', { expertId: null })
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    await page.goto(backend.url)
    await page.getByRole('main').getByRole('link', { name: /2026年第四批/ }).click()
    await page.getByTestId('import-input').setInputFiles(writePackage(tempDataDir('budget-sheets-pkg')))
    await page.getByTestId('import-item').filter({ hasText: '已导入' }).waitFor({ timeout: 30_000 })
    await page.getByRole('link', { name: PROJECT }).click()
    await page.getByRole('tab', { name: '概算' }).click()
    await page.getByText('读取工作表：工程费用明细、其他费用明细').waitFor()
    await page.getByTestId('budget-sheet-select').getByText('【评审依据】工程费用明细、其他费用明细（合并，8 行）').waitFor()

    // 工作表一览: all five, the hidden draft marked, each with why.
    await page.getByRole('button', { name: '工作表一览（5）' }).click()
    const list = page.getByTestId('budget-sheet-list')
    const row = (name: string) => list.locator(`li[data-sheet="${name}"]`)
    await row('编制说明').getByText('表名标明为说明（说明、封面、目录等），不读取').waitFor()
    await row('概算汇总表').getByText('表名标明为汇总，用于与明细核对，不作为评审依据').waitFor()
    expect(await list.getByText('评审依据', { exact: true }).count()).toBe(2)
    await row('初稿').getByText('隐藏', { exact: true }).waitFor()
    await row('初稿').getByText('不是评审依据（未被选为明细），可预览对照（隐藏的工作表）').waitFor()
    await settle(page)
    await expectAxeClean(page)
    await screenshotSizes(page, '45-budget-sheet-list')

    // The keyboard alone reaches 预览 of the second detail sheet; the preview shows its slip and the summary against it.
    const previewOther = page.getByRole('button', { name: '预览工作表“其他费用明细”' })
    await page.getByRole('button', { name: '收起工作表一览' }).focus()
    await tabTo(page, previewOther)
    await page.keyboard.press('Enter')
    const banner = page.getByTestId('budget-sheet-preview')
    await banner.getByText('预览（只读）：单独查看工作表“其他费用明细”——本项目的评审依据是“工程费用明细、其他费用明细”合并后的概算').waitFor()
    const arithmetic = page.getByTestId('budget-sheet-arithmetic')
    await arithmetic.getByText(/^算术核对（数量×单价、小计、合计）：\d+ 处不符$/).waitFor()
    await arithmetic.getByText(/培训费.*数量1 × 单价1\.50万元 = 1\.50万元，但金额为1\.60万元/).waitFor()
    await page.getByTestId('budget-sheet-reconciliation').getByText(/^汇总与明细核对：汇总表“概算汇总表”合计 141\.10 万元，明细“其他费用明细”合计 10\.10 万元/).waitFor()
    await page.getByTestId('budget-grid').getByText('工程监理费').waitFor()
    expect(await page.getByTestId('budget-grid').getByText('统一受理平台开发').count()).toBe(0)
    await page.getByRole('button', { name: '以此工作表为评审依据' }).waitFor()
    await settle(page)
    await expectAxeClean(page)
    await screenshotSizes(page, '46-budget-sheet-checks')

    // An expert: the summary against the basis (工程费用 131 vs 130), and why the basis cannot change here.
    await api(backend, 'session.actAs', { expertId })
    await page.reload()
    await page.getByRole('tab', { name: '概算' }).click()
    await page.getByRole('button', { name: '工作表一览（5）' }).click()
    await page.getByRole('button', { name: '预览工作表“概算汇总表”' }).click()
    await page.getByTestId('budget-sheet-reconciliation').getByText(/汇总表“概算汇总表”第2行“工程费用”为131\.00万元，明细表“工程费用明细、其他费用明细”中为130\.00万元/).waitFor()
    await page.getByTestId('budget-basis-reason').getByText(/只有秘书处可以更改.*开始评分前，秘书处可在其电脑上更改.*可向秘书处提出请求/).waitFor()
    expect(await page.getByRole('button', { name: '以此工作表为评审依据', exact: true }).count()).toBe(0)
    // The expert asks, with a reason (none: 提交请求 stays disabled).
    await page.getByRole('button', { name: '请求秘书处以此工作表为评审依据…' }).click()
    expect(await page.getByRole('button', { name: '提交请求' }).isDisabled()).toBe(true)
    await page.getByRole('textbox', { name: '请求更改评审依据的理由' }).fill('汇总表的工程费用与明细不符，请核对以哪张表为准')
    await page.getByRole('button', { name: '提交请求' }).click()
    await page.getByTestId('budget-basis-requests').getByText(/^你已请求秘书处以工作表“概算汇总表”为评审依据.*：汇总表的工程费用与明细不符/).waitFor()
    await settle(page)
    await expectAxeClean(page)
    await screenshotSizes(page, '47-budget-sheet-expert')

    // The secretariat sees the request, names the expert, and can preview the sheet asked for.
    await api(backend, 'session.actAs', { expertId: null })
    await page.reload()
    await page.getByRole('tab', { name: '概算' }).click()
    const requests = page.getByTestId('budget-basis-requests')
    await requests.getByText(/^专家\S+请求秘书处以工作表“概算汇总表”为评审依据/).waitFor()
    await requests.getByRole('button', { name: '预览' }).click()
    await page.getByTestId('budget-sheet-preview').getByText('预览（只读）：工作表“概算汇总表”——不是本项目的评审依据').waitFor()
    await page.getByRole('button', { name: '以此工作表为评审依据' }).waitFor()
    await settle(page)
    await expectAxeClean(page)
    await screenshotSizes(page, '48-budget-basis-request')

    // The secretariat makes the hidden draft the basis.
    await page.getByRole('button', { name: '工作表一览（5）' }).click()
    await page.getByRole('button', { name: '预览工作表“初稿”' }).click()
    await page.getByTestId('budget-sheet-preview').getByText('预览（只读）：工作表“初稿”——不是本项目的评审依据').waitFor()
    await page.getByRole('button', { name: '以此工作表为评审依据', exact: true }).click()
    await page.getByRole('button', { name: '确定更改' }).click()
    await page.getByText('读取工作表：初稿').waitFor()
    await page.getByText(/评审依据已改为工作表“初稿”/).waitFor()
    await page.getByTestId('budget-sheet-list').getByText('秘书处指定为评审依据（隐藏的工作表）').waitFor()
    await page.close()
  })
})
