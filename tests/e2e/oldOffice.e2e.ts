/**
 * Old Office files through the UI (issue 14 item 9): a package of four old or broken files gets one error listing all
 * four; a package with a .doc main document and an .xls data list imports, and the document tab says the .doc's text
 * is read but not shown; an .xls budget with 概算汇总表 before 概算明细表 is read from the detail sheet, and the 概算 tab
 * names the sheet read; another sheet is previewed read-only, and the secretariat makes it the basis of review (a new
 * meeting, scoring not started). Screenshots at 1366×768 (all three sizes with PANELDESK_E2E_SCREENSHOTS=all); axe on each screen.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import * as XLSX from '@e965/xlsx'
import { zipSync } from 'fflate'
import { expectAxeClean, screenshotSizes } from './a11y'
import { ROOT, api, launchBrowser, startBackend, tempDataDir, type RunningBackend } from './harness'

const DOC_FIXTURE = path.join(ROOT, 'tests/fixtures/office/可研暨初设方案.doc')
const EMERGENCY = path.join(ROOT, 'tests/fixtures/packages/messy-mingxi-emergency-yuan-gbk')
const enc = (value: unknown) => new TextEncoder().encode(JSON.stringify(value))
const project = { name: '明溪县智慧应急指挥平台项目', ownerUnit: '明溪县应急管理局', declaredInvestment: 309.4 }

/** Sheets as Excel 97-2003 saves them (the unit tests use tests/kits/packages/office.ts; e2e stays self-contained). */
function writeXls(rows: (string | number)[][], more: [string, (string | number | null)[][]][] = []): Uint8Array {
  const book = XLSX.utils.book_new()
  if (more.length === 0) XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), '数据目录')
  for (const [name, sheet] of more) XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(sheet), name)
  return new Uint8Array(XLSX.write(book, { type: 'buffer', bookType: 'biff8' }) as Buffer)
}

/** A 概算汇总表 first and the 概算明细表 second, as offices send them (issue 14 item 1). */
const SUMMARY_DETAIL: [string, (string | number | null)[][]][] = [
  ['概算汇总表', [['序号', '费用名称', '金额（万元）'], ['一', '工程费用', 300], ['二', '工程建设其他费用', 9.4], ['合计', null, 309.4]]],
  [
    '概算明细表',
    [
      ['序号', '工程或费用名称', '单位', '数量', '单价（万元）', '金额（万元）'],
      ['一', '工程费用', null, null, null, 300],
      [1, '应急指挥调度系统开发', '项', 1, 300, 300],
      ['二', '工程建设其他费用', null, null, null, 9.4],
      [1, '工程监理费', '项', 1, 9.4, 9.4],
      ['合计', null, null, null, null, 309.4]
    ]
  ]
]

function writePackage(dir: string, name: string, files: Record<string, Uint8Array | string>): string {
  const file = path.join(dir, name)
  fs.writeFileSync(file, zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, typeof v === 'string' ? new TextEncoder().encode(v) : v]))))
  return file
}

let browser: Browser
let backend: RunningBackend
beforeAll(async () => {
  browser = await launchBrowser()
  backend = await startBackend(tempDataDir('old-office'))
})
afterAll(async () => {
  await backend?.stop()
  await browser?.close()
})

describe('old Office files', () => {
  it('lists every problem of a package in one error, and imports .doc and .xls files', async () => {
    const dir = tempDataDir('old-office-files')
    const bad = writePackage(dir, '旧格式申报包.pdpkg', {
      'manifest.json': enc({ format: 'paneldesk.package/1', project, documents: [{ path: '可研.doc', title: '可研', role: 'main' }], budget: '概算.xls', dataCatalog: '数据目录.xls', dataNeeds: '数据需求.xls' }),
      '可研.doc': new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
      '概算.xls': '<html><table><tr><td>序号</td></tr></table></html>',
      '数据目录.xls': '序号,数据资源名称\n1,人口\n',
      '数据需求.xls': writeXls([['序号'], [1]]).subarray(0, 700)
    })
    const good = writePackage(dir, '应急平台.pdpkg', {
      'manifest.json': enc({ format: 'paneldesk.package/1', project, documents: [{ path: '可研.doc', title: '可研暨初设方案', role: 'main' }], budget: '概算表.csv', dataCatalog: '数据目录.xls' }),
      '可研.doc': fs.readFileSync(DOC_FIXTURE),
      '概算表.csv': fs.readFileSync(path.join(EMERGENCY, '概算表.csv')),
      '数据目录.xls': writeXls([['序号', '数据资源名称', '提供单位', '共享类型'], [1, '人口基础信息', '市公安局', '有条件共享']])
    })

    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } })
    await page.goto(backend.url)
    await page.getByRole('main').getByRole('link', { name: /2026年第四批/ }).click()
    await page.getByRole('button', { name: '导入项目材料' }).waitFor()
    await page.getByTestId('import-input').setInputFiles(bad)
    const failed = page.getByTestId('import-item').filter({ hasText: '失败' })
    await failed.waitFor({ timeout: 30_000 })
    const text = (await failed.textContent()) ?? ''
    expect(text).toContain('4 个文件无法读取')
    for (const f of ['可研.doc', '概算.xls', '数据目录.xls', '数据需求.xls']) expect(text).toContain(f)
    await expectAxeClean(page)
    await screenshotSizes(page, '40-old-office-errors')

    await page.getByTestId('import-input').setInputFiles(good)
    await page.getByTestId('import-item').filter({ hasText: '已导入' }).waitFor({ timeout: 30_000 })
    await page.getByRole('link', { name: project.name }).click()
    await page.getByRole('tab', { name: '文档' }).click()
    await page.getByText('旧版 Word（.doc）文档').waitFor()
    await expectAxeClean(page)
    await screenshotSizes(page, '41-old-office-doc')

    // An .xls budget with the summary first: the detail sheet is read, and the 概算 tab says which.
    const workbook = writePackage(dir, '汇总加明细.pdpkg', {
      'manifest.json': enc({ format: 'paneldesk.package/1', project: { ...project, name: '明溪县应急广播项目' }, documents: [{ path: '可研.doc', title: '可研暨初设方案', role: 'main' }], budget: '概算表.xls' }),
      '可研.doc': fs.readFileSync(DOC_FIXTURE),
      '概算表.xls': writeXls([], SUMMARY_DETAIL)
    })
    await page.getByRole('link', { name: /2026年第四批/ }).first().click()
    await page.getByTestId('import-input').setInputFiles(workbook)
    await page.getByTestId('import-item').filter({ hasText: '汇总加明细' }).filter({ hasText: '已导入' }).waitFor({ timeout: 30_000 })
    await page.getByRole('link', { name: '明溪县应急广播项目' }).click()
    await page.getByRole('tab', { name: '概算' }).click()
    await page.getByText('读取工作表：概算明细表').waitFor()
    await page.getByTestId('budget-grid').getByText('应急指挥调度系统开发').waitFor()
    await expectAxeClean(page)
    // 金额 is in view at every size: in the narrow pane its column sticks to the grid's right edge.
    await screenshotSizes(page, '42-budget-sheet-read', async (size) => {
      const grid = (await page.getByTestId('budget-grid').boundingBox())!
      const amount = (await page.getByTestId('budget-grid').getByRole('cell', { name: '300.00' }).first().boundingBox())!
      expect(amount.x + amount.width, `金额 at ${size.width}`).toBeLessThanOrEqual(grid.x + grid.width + 1)
      expect(amount.x, `金额 at ${size.width}`).toBeGreaterThanOrEqual(grid.x)
    })

    // Another sheet is previewed read-only, labelled as not the basis; the detail stays what is reviewed.
    await page.getByTestId('budget-sheet-select').click()
    await page.locator('.ant-select-dropdown .ant-select-item-option').filter({ hasText: /^概算汇总表（/ }).click()
    const preview = page.getByTestId('budget-sheet-preview')
    await preview.getByText('预览（只读）：工作表“概算汇总表”——不是本项目的评审依据').waitFor()
    await page.getByTestId('budget-grid').getByText('工程建设其他费用').waitFor()
    await page.getByText('预览工作表：概算汇总表').waitFor()
    expect(await page.getByTestId('budget-grid').getByText('应急指挥调度系统开发').count()).toBe(0)
    await expectAxeClean(page)
    await screenshotSizes(page, '43-budget-sheet-preview')
    await page.getByRole('button', { name: '返回评审依据' }).click()
    await page.getByTestId('budget-grid').getByText('应急指挥调度系统开发').waitFor()
  })

  it('the secretariat makes another sheet the basis of review before scoring starts', async () => {
    const dir = tempDataDir('budget-basis')
    await api(backend, 'session.actAs', { expertId: null })
    await api(backend, 'meetings.create', { name: '2026年第九批评审会', date: '2026-12-20', place: '明溪', organiser: '市数据管理局' })
    const workbook = writePackage(dir, '汇总加明细.pdpkg', {
      'manifest.json': enc({ format: 'paneldesk.package/1', project: { ...project, name: '明溪县应急广播二期项目' }, documents: [{ path: '可研.doc', title: '可研暨初设方案', role: 'main' }], budget: '概算表.xls' }),
      '可研.doc': fs.readFileSync(DOC_FIXTURE),
      '概算表.xls': writeXls([], SUMMARY_DETAIL)
    })
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } })
    await page.goto(backend.url)
    await page.getByRole('main').getByRole('link', { name: '2026年第九批评审会' }).click()
    await page.getByTestId('import-input').setInputFiles(workbook)
    await page.getByTestId('import-item').filter({ hasText: '已导入' }).waitFor({ timeout: 30_000 })
    await page.getByRole('link', { name: '明溪县应急广播二期项目' }).click()
    await page.getByRole('tab', { name: '概算' }).click()
    await page.getByText('读取工作表：概算明细表').waitFor()
    await page.getByTestId('budget-sheet-select').click()
    await page.locator('.ant-select-dropdown .ant-select-item-option').filter({ hasText: /^概算汇总表（/ }).click()
    await page.getByRole('button', { name: '以此工作表为评审依据' }).click()
    await page.getByRole('button', { name: '确定更改' }).click()
    await page.getByText('读取工作表：概算汇总表').waitFor()
    await page.getByText(/评审依据已改为工作表“概算汇总表”/).waitFor()
    expect(await page.getByTestId('budget-sheet-preview').count()).toBe(0)
    await page.getByTestId('budget-sheet-select').getByText('【评审依据】概算汇总表（3 行，合计 309.40 万元）').waitFor()
    await expectAxeClean(page)
    await screenshotSizes(page, '44-budget-basis-changed')
    await page.close()
  })
})
