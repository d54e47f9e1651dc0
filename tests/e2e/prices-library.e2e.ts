/**
 * The reference library in the secretariat's 价格参考 tab (issue 13), in the browser against the real backend:
 * a library of 2,400 entries paged on the backend with the count of matches; a search read as matching reads
 * names (PC服务器 finds 机架式服务器); sorting by 参考单价; the keyboard (a row takes the focus, Enter edits, Esc
 * cancels, Ctrl+Z takes the last edit back); a refused price shown at its field with what was typed kept; 停用;
 * export of the filtered view as CSV in the import template's columns; the empty state. Screenshots at 1366×768
 * (all three sizes with PANELDESK_E2E_SCREENSHOTS=all), each screen axe-clean.
 */
import fs from 'node:fs'
import Database from 'better-sqlite3'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { ALL_SIZES, captureScreen, settle } from './a11y'
import { api, launchBrowser, screenshot, startBackend, tempDataDir, type RunningBackend } from './harness'

let browser: Browser
let backend: RunningBackend
const dataDir = tempDataDir('prices-library')

beforeAll(async () => {
  browser = await launchBrowser()
  backend = await startBackend(dataDir)
}, 90_000)
afterAll(async () => {
  await backend?.stop()
  await browser?.close()
})

const THINGS = ['核心交换机', '下一代防火墙', '磁盘阵列', '国产数据库管理系统', '等级保护测评', '台式计算机', '网络摄像机', '堡垒机']

function list(): string {
  const rows = ['名称,规格,单位,参考单价（元）,来源,日期,分类,项目,备注,状态']
  for (let i = 0; i < 2400; i++) {
    const thing = THINGS[i % THINGS.length]!
    rows.push(`${thing}${i % 50},型号 X${i},台,${10_000 + i * 7}.50,${i % 3 === 0 ? '政府采购协议价' : '市场询价'},20${20 + (i % 7)}-0${1 + (i % 9)}-15,（一）硬件设备,,,有效`)
  }
  rows.push('机架式服务器,2路32核 256G内存,台,92000,市场询价,2026-11-20,（一）硬件设备,智慧医保,,有效')
  rows.push('PC服务器,2路16核 128G内存,台,61000,政府采购协议价,2026-11-10,（一）硬件设备,,含三年维保,有效')
  return rows.join('\n')
}

async function shoot(page: Page, name: string): Promise<void> {
  if (ALL_SIZES) {
    await page.setViewportSize({ width: 1280, height: 720 })
    await settle(page)
    await screenshot(page, `${name}-1280x720`)
  }
  await captureScreen(page, name)
}

const matches = (page: Page) => page.getByTestId('library-matches').textContent()

describe('参考价格库', () => {
  it('searches, sorts, pages, edits by keyboard with undo, retires and exports the view', async () => {
    const [meeting] = await api<{ id: string }[]>(backend, 'meetings.list', {})
    await api(backend, 'session.actAs', { expertId: null })
    await api(backend, 'prices.import', { fileName: '清单.csv', base64: Buffer.from(list(), 'utf8').toString('base64') })

    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    await page.goto(backend.url)
    await page.waitForFunction(() => !location.hash.includes('token='))
    await page.evaluate((id) => {
      location.hash = `#/meetings/${id}/console/prices`
    }, meeting!.id)
    await expect.poll(() => matches(page), { timeout: 20_000 }).toBe('符合条件 2,402 条')
    await page.getByText('共 2,402 条').waitFor()
    await shoot(page, '63-prices-library-all')

    // Search as matching reads names: both servers, newest first.
    await page.getByRole('searchbox', { name: '搜索参考价' }).fill('PC服务器')
    await expect.poll(() => matches(page), { timeout: 15_000 }).toBe('符合条件 2 条')
    const rows = page.locator('.ant-table-tbody tr[data-row-key]')
    expect(await rows.first().textContent()).toContain('机架式服务器')
    // Sort by 参考单价 (ascending): the cheaper first.
    await page.getByRole('columnheader', { name: '参考单价' }).click()
    await expect.poll(() => rows.first().textContent()).toContain('PC服务器')
    await shoot(page, '64-prices-library-search')

    // Keyboard: focus the row, Enter edits; a price with a comma is refused at the field and stays as typed.
    await rows.first().focus()
    await page.keyboard.press('Enter')
    const dialog = page.getByRole('dialog', { name: '修改参考价 · PC服务器' })
    const price = dialog.getByLabel('参考单价（元）')
    await price.fill('59,500')
    await price.press('Enter')
    await dialog.getByText('请不要使用逗号；小数请用小数点，如 6.5').waitFor()
    expect(await price.inputValue()).toBe('59,500')
    await shoot(page, '65-prices-library-edit-refused')
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })
    expect(await rows.first().textContent()).toContain('61,000 元')

    await rows.first().focus()
    await page.keyboard.press('Enter')
    await price.fill('５９５００。５')
    await price.press('Enter')
    await dialog.waitFor({ state: 'hidden' })
    await expect.poll(() => rows.first().textContent()).toContain('59,500.5 元')
    await page.getByText('上一次修改：修改「PC服务器」').waitFor()
    // Ctrl+Z (the focus outside any field) takes it back.
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    await page.keyboard.press('Control+z')
    await expect.poll(() => rows.first().textContent(), { timeout: 15_000 }).toContain('61,000 元')
    expect(await page.getByText('上一次修改：').count()).toBe(0)
    // The edit log shows the edit and its undo.
    await rows.first().focus()
    await page.keyboard.press('Enter')
    await dialog.getByText(/参考单价：61,000\.00 元 → 59,500\.50 元/).waitFor()
    await dialog.getByText(/已于 .* 撤销/).waitFor()
    await shoot(page, '66-prices-library-history')
    await page.keyboard.press('Escape')

    // 停用: gone from the 有效 view.
    await page.getByRole('button', { name: '停用「PC服务器」' }).click()
    await expect.poll(() => matches(page), { timeout: 15_000 }).toBe('符合条件 2 条') // the page keeps the row, marked
    await page.getByText('上一次修改：停用「PC服务器」').waitFor()
    await page.getByRole('searchbox', { name: '搜索参考价' }).fill('')
    await page.getByRole('searchbox', { name: '搜索参考价' }).press('Enter')
    await expect.poll(() => matches(page), { timeout: 15_000 }).toBe('符合条件 2,401 条')

    // Export the view (服务器 again) as CSV: the template's columns, the rows of the view.
    await page.getByRole('searchbox', { name: '搜索参考价' }).fill('服务器')
    await expect.poll(() => matches(page), { timeout: 15_000 }).toBe('符合条件 1 条')
    await page.getByRole('button', { name: '导出当前筛选结果' }).hover()
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: '导出为 CSV' }).click()])
    const saved = path.join(dataDir, 'exported.csv')
    await download.saveAs(saved)
    const csv = fs.readFileSync(saved, 'utf8')
    // (The importer reads cells folded to half width, as matching does: （一） is kept as (一).)
    expect(csv.split('\r\n').filter(Boolean)).toEqual(['\uFEFF名称,规格,单位,参考单价（元）,来源,日期,分类,项目,备注,状态', '机架式服务器,2路32核 256G内存,台,92000.00,市场询价,2026-11-20,(一)硬件设备,智慧医保,,有效'])

    // A 历史核定 entry (as a closed meeting leaves one; written straight into the file here): its approved fields are
    // read-only with the reason, its 备注 can be written.
    const db = new Database(path.join(dataDir, 'paneldesk.sqlite'))
    try {
      db.prepare(
        "INSERT INTO price_refs (id, kind, name, spec, unit, unit_price_fen, submitted_price_fen, quantity, group_name, project, source, ref_date, meeting_id, line_id, created_at, updated_at) VALUES ('hist-1', 'meeting', '分布式数据库', '企业版 16核授权', '套', 18000000, 24000000, 1, '（二）软件购置', '三明市社保一体化平台', '历史核定', '2025-11-26', 'm-closed', 'l-1', 't', 't')"
      ).run()
    } finally {
      db.close()
    }
    await page.getByRole('searchbox', { name: '搜索参考价' }).fill('分布式数据库')
    await expect.poll(() => rows.first().textContent(), { timeout: 15_000 }).toContain('分布式数据库')
    expect(await matches(page)).toBe('符合条件 1 条')
    await rows.first().focus()
    await page.keyboard.press('Enter')
    const hist = page.getByRole('dialog', { name: '修改参考价 · 分布式数据库' })
    await hist.getByText(/会议核定的历史价格（三明市社保一体化平台，2025-11-26）/).waitFor()
    expect(await hist.getByLabel('参考单价（元）').isDisabled()).toBe(true)
    expect(await hist.getByLabel('名称').isDisabled()).toBe(true)
    await hist.getByLabel('备注').fill('含三年原厂维保')
    await shoot(page, '68-prices-library-history-entry')
    await hist.getByRole('button', { name: '保存' }).click()
    await hist.waitFor({ state: 'hidden' })
    await expect.poll(() => rows.first().textContent()).toContain('含三年原厂维保')
    expect(await rows.first().textContent()).toContain('180,000 元')

    // Nothing found: the empty state says so and offers to clear the filter.
    await page.getByRole('searchbox', { name: '搜索参考价' }).fill('不存在的设备')
    await page.getByText('没有符合条件的参考价。').waitFor({ timeout: 15_000 })
    await shoot(page, '67-prices-library-empty')
    await page.getByRole('button', { name: '清除筛选' }).first().click()
    await expect.poll(() => matches(page), { timeout: 15_000 }).toBe('符合条件 2,402 条')
  }, 300_000)
})
