/**
 * Proposal packages through the UI: import a .pdpkg on the meeting page (with progress), see the findings, click one
 * and land on its budget line, open the PDF on a page and pin a note (kept across a reload). A malformed package
 * gets a Chinese error naming the file. Screenshots at 1366×768 (and 1920×1080 with PANELDESK_E2E_SCREENSHOTS=all); axe on each screen.
 */
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { captureScreen } from './a11y'
import { ROOT, api, launchBrowser, startBackend, tempDataDir, type RunningBackend } from './harness'

const PACKAGE = path.join(ROOT, 'tests/fixtures/packages/messy-sanyuan-river-merged-header.pdpkg')
const BAD = path.join(ROOT, 'tests/fixtures/malformed/corrupt-pdf.pdpkg')
const PROJECT = '三元区河长制智慧监管平台项目'

let browser: Browser
let backend: RunningBackend

beforeAll(async () => {
  browser = await launchBrowser()
  backend = await startBackend(tempDataDir('packages'))
})
afterAll(async () => {
  await backend?.stop()
  await browser?.close()
})

const capture = (page: Page, name: string, wide = true) => captureScreen(page, name, { wide })

describe('proposal packages', () => {
  it('imports a package, jumps from a finding to its budget line, and pins a note to a PDF page', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    await page.goto(backend.url)
    await page.getByRole('main').getByRole('link', { name: /2026年第四批/ }).click()
    await page.getByRole('button', { name: '导入项目材料' }).waitFor()

    // A bad package: a Chinese error naming the file and the problem; nothing imported.
    await page.getByTestId('import-input').setInputFiles(BAD)
    const failed = page.getByTestId('import-item').filter({ hasText: '失败' })
    await failed.waitFor({ timeout: 30_000 })
    expect(await failed.textContent()).toMatch(/corrupt-pdf\.pdpkg.*PDF/)

    await page.getByTestId('import-input').setInputFiles(PACKAGE)
    const done = page.getByTestId('import-item').filter({ hasText: '已导入' })
    await done.waitFor({ timeout: 30_000 })
    expect(await done.textContent()).toContain(PROJECT)
    await page.getByRole('link', { name: PROJECT }).waitFor()
    await capture(page, '10-meeting-imported')

    await page.getByRole('link', { name: PROJECT }).click()
    await page.getByRole('tab', { name: /合规提示/ }).click()
    const findings = page.getByTestId('finding')
    await findings.first().waitFor()
    expect(await findings.count()).toBeGreaterThanOrEqual(8)
    // Article and severity as words.
    await page.getByTestId('finding').filter({ hasText: '第十一条' }).filter({ hasText: '严重' }).waitFor()
    await capture(page, '11-project-findings')

    // 第三条 finding → its budget line: the 概算 tab, scrolled to the row, highlighted and focused.
    const art3 = page.getByTestId('finding').filter({ hasText: '第三条' }).first()
    const jump = art3.getByRole('button', { name: /定位概算/ }).first()
    const label = (await jump.textContent()) ?? ''
    await jump.click()
    const row = page.getByTestId('budget-row-focused')
    await row.waitFor()
    expect(await row.textContent()).toContain('水质在线监测仪器')
    expect(label).toContain('水质在线监测仪器')
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('budget-row-focused')
    expect(await row.isVisible()).toBe(true)
    await capture(page, '12-project-budget-jump', false)

    // Filtering keeps the group of a match, and totals follow the filter.
    await page.getByLabel('筛选概算行').fill('监测仪器')
    await page.getByLabel('筛选概算行').press('Enter')
    await expect.poll(() => page.getByTestId('budget-selected-total').textContent()).toBe('60.00 万元')
    await page.getByLabel('筛选概算行').fill('')

    // The PDF: open page 2, pin a note.
    await page.getByRole('tab', { name: /文档/ }).click()
    const canvas = page.getByTestId('pdf-canvas')
    await canvas.waitFor()
    await page.getByRole('button', { name: '下一页' }).click()
    await expect.poll(() => canvas.getAttribute('data-page')).toBe('2')
    await expect.poll(() => canvas.getAttribute('data-rendered-page'), { timeout: 20_000 }).toBe('2')
    // The page was drawn: the canvas is not blank.
    const inked = await canvas.evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data
      if (!d) return 0
      let dark = 0
      for (let i = 0; i < d.length; i += 4) if ((d[i] ?? 255) < 128) dark++
      return dark
    })
    expect(inked).toBeGreaterThan(100)
    await page.getByLabel('在第 2 页添加批注').fill('第2页：建设内容与概算中的前端感知设备数量不一致，请核实。')
    await page.getByRole('button', { name: '添加批注' }).click()
    await page.getByTestId('note').filter({ hasText: '前端感知设备数量不一致' }).waitFor()
    // Text search finds words across line breaks and jumps to their page.
    await page.getByLabel('在文档中搜索').fill('建设内容')
    await page.getByLabel('在文档中搜索').press('Enter')
    await page.getByText(/找到 \d+ 处/).waitFor()
    await capture(page, '13-project-pdf-note', false)

    // The note is stored (per expert): after a reload it is still on page 2 and not on page 1.
    await page.reload()
    await page.getByRole('tab', { name: /文档/ }).click()
    await page.getByTestId('pdf-canvas').waitFor()
    expect(await page.getByTestId('note').count()).toBe(0)
    await page.getByRole('button', { name: '下一页' }).click()
    await page.getByTestId('note').filter({ hasText: '前端感知设备数量不一致' }).waitFor()

    // 数据目录 shows its missing column as words.
    await page.getByRole('tab', { name: '数据目录' }).click()
    await page.getByText('数据目录缺少必填列：更新周期').waitFor()
    await capture(page, '14-project-data-catalog', false)
    await page.close()
  })

  it('shows a Word main document as sanitised HTML, and the form that makes a package from loose files', async () => {
    const meetings = await api<{ id: string }[]>(backend, 'meetings.list')
    const job = await api<{ id: string }>(backend, 'packages.import', { meetingId: meetings[0]?.id, source: { kind: 'path', path: path.join(ROOT, 'tests/fixtures/packages/messy-mingxi-emergency-yuan-gbk.pdpkg') } })
    let status: { status: string; result: { projectId: string } | null }
    do {
      await new Promise((r) => setTimeout(r, 100))
      status = await api(backend, 'jobs.get', { jobId: job.id })
    } while (status.status === 'running')
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    await page.goto(backend.url)
    await page.waitForFunction(() => !location.hash.includes('token='))
    await page.evaluate((id) => (location.hash = `#/projects/${id}`), status.result?.projectId)
    await page.getByRole('tab', { name: '文档' }).click()
    const article = page.locator('article.pd-docx')
    await article.waitFor()
    expect(await article.textContent()).toMatch(/建设/)
    expect(await article.locator('script, style, iframe, img[src^="http"]').count()).toBe(0)
    await capture(page, '15-project-docx', false)

    await page.getByRole('tab', { name: '数据需求清单' }).click()
    await page.getByText('申报包中没有数据需求清单').waitFor()

    await page.getByRole('main').getByRole('link', { name: '2026年第四批市级政务信息化项目可研暨初设方案评审会' }).click()
    await page.getByRole('button', { name: '用零散文件制作申报包' }).click()
    await page.getByRole('dialog', { name: '制作申报包' }).waitFor()
    await page.getByLabel('项目名称').waitFor()
    await capture(page, '16-meeting-build-package', false)
    await page.close()
  })
})
