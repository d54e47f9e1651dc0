/**
 * The 同步 page: set a shared folder, 立即同步, see what went out; a damaged file in the folder is reported in
 * plain Chinese. Screenshots at 1366×768 (and 1920×1080 with PANELDESK_E2E_SCREENSHOTS=all); axe on each state.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { captureScreen } from './a11y'
import { api, launchBrowser, startBackend, tempDataDir, type RunningBackend } from './harness'

let browser: Browser
let backend: RunningBackend
const dataDir = tempDataDir('sync')
const folder = tempDataDir('sync-folder')

beforeAll(async () => {
  browser = await launchBrowser()
  backend = await startBackend(dataDir)
})
afterAll(async () => {
  await backend?.stop()
  await browser?.close()
})

const capture = (page: Page, name: string) => captureScreen(page, name)

describe('sync page', () => {
  it('syncs to a shared folder and reports a damaged file there', async () => {
    // A torn file of another device, as a pulled-out USB stick leaves it.
    fs.writeFileSync(path.join(folder, '01900000-0000-7000-8000-0000000000aa.sqlite'), Buffer.from('SQLite format 3\u0000 torn'))
    // This laptop is the secretariat's (the demo meeting's first start acts as an expert).
    await api(backend, 'session.actAs', { expertId: null })
    // The demo meeting stays on this laptop (its local origin): a real meeting is what goes out.
    await api(backend, 'meetings.create', { name: '第五批评审会', date: '2026-12-08', place: '三明', organiser: '市数据管理局' })
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    await page.goto(backend.url)
    await page.waitForFunction(() => !location.hash.includes('token='))
    await page.evaluate(() => {
      location.hash = '#/sync'
    })
    await page.getByRole('heading', { name: '同步', level: 1 }).waitFor()
    await page.getByText('尚未设置').first().waitFor()
    // The header says in words that this device does not sync yet.
    const indicator = page.getByTestId('sync-indicator')
    await expect.poll(() => indicator.textContent()).toBe('未设置同步')
    await capture(page, '20-sync-empty')
    await page.getByLabel('文件夹路径').fill(folder)
    await page.getByRole('button', { name: /保\s*存/ }).click()
    await page.getByText(`共享文件夹 ${folder}`).waitFor()
    // The secretariat's laptop makes its key first: without it nothing it writes can be signed and sent.
    await page.getByLabel('秘书处 PIN 码').fill('246810')
    await page.getByLabel('再次输入 PIN 码').fill('246810')
    await page.getByRole('button', { name: '生成秘书处密钥' }).click()
    await page.getByText('本机的秘书处公钥指纹').waitFor({ timeout: 20_000 })
    await capture(page, '23-sync-trust')
    await page.getByRole('button', { name: /立即同步/ }).click()
    await page.getByText(/收到 \d+ 项修改，发出 [1-9]\d* 项/).waitFor({ timeout: 20_000 })
    await page.getByText(/不完整或已损坏/).waitFor()
    expect(fs.readdirSync(folder).filter((n) => n.endsWith('.sqlite')).length).toBe(2)
    // Everything this device had went out: the header and the page say so.
    await expect.poll(() => indicator.textContent(), { timeout: 10_000 }).toBe('已同步（刚刚）')
    await page.getByText('没有，本机的修改都已发出').waitFor()
    await capture(page, '21-sync-report')
    // A change made here afterwards waits for the next run; the header counts it when the window regains focus.
    await api(backend, 'meetings.create', { name: '同步后新建的会议', date: '2026-12-01', place: '', organiser: '' })
    await page.evaluate(() => window.dispatchEvent(new Event('focus')))
    await expect.poll(() => indicator.textContent()).toMatch(/^已同步（刚刚）· [1-9]\d* 项修改待同步$/)
    // From another page, the header's state opens the 同步 page.
    await page.evaluate(() => {
      location.hash = '#/meetings'
    })
    await page.getByRole('heading', { name: '评审会议', level: 1 }).waitFor()
    await capture(page, '22-header-sync-pending')
    await indicator.click()
    await page.getByRole('heading', { name: '同步', level: 1 }).waitFor()
  })
})
