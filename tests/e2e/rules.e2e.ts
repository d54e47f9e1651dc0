/**
 * 审查规则 in the browser (issue 14 item 3): the secretariat sees the meeting's rule set as a table (version,
 * digest, every keyword list), an invalid file is refused with each problem's path and reason and changes nothing,
 * a valid edited file becomes the meeting's rule set. Screenshots at 1280×720, 1366×768 and 1920×1080.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { captureScreen } from './a11y'
import { api, launchBrowser, screenshot, startBackend, tempDataDir, type RunningBackend } from './harness'

let browser: Browser
let backend: RunningBackend
const dataDir = tempDataDir('rules')

beforeAll(async () => {
  browser = await launchBrowser()
  backend = await startBackend(dataDir)
}, 90_000)
afterAll(async () => {
  await backend?.stop()
  await browser?.close()
})

async function shootAll(page: Page, name: string): Promise<void> {
  for (const [w, h] of [[1280, 720], [1366, 768], [1920, 1080]] as const) {
    await page.setViewportSize({ width: w, height: h })
    await page.waitForFunction(() => document.fonts.status === 'loaded')
    await screenshot(page, `${name}-${w}x${h}`)
  }
  await captureScreen(page, name)
}

describe('审查规则', () => {
  it('shows the rule set, refuses a bad file with the path and reason, takes a good one', async () => {
    const [meeting] = await api<{ id: string }[]>(backend, 'meetings.list', {})
    const exported = await api<{ json: string }>(backend, 'rules.export', { meetingId: meeting!.id })
    const dir = fs.mkdtempSync(path.join(dataDir, 'files-'))
    const bad = JSON.parse(exported.json) as { compliance: { feeRates: { contingencyMaxRate: unknown } }; version: string }
    bad.compliance.feeRates.contingencyMaxRate = '5%'
    fs.writeFileSync(path.join(dir, 'bad.json'), JSON.stringify(bad))
    const good = JSON.parse(exported.json) as { version: string }
    good.version = '2027.01-市数据局修订'
    fs.writeFileSync(path.join(dir, 'good.json'), JSON.stringify(good))

    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    await page.goto(backend.url)
    await page.waitForFunction(() => !location.hash.includes('token='))
    await page.evaluate((id) => {
      location.hash = `#/meetings/${id}/console/rules`
    }, meeting!.id)
    await page.getByTestId('rule-set-version').waitFor({ timeout: 20_000 })
    expect(await page.getByTestId('rule-set-version').textContent()).toMatch(/默认/)
    await page.getByRole('cell', { name: '第三条 不列入申报范畴' }).first().waitFor()
    await shootAll(page, '70-rules')

    const input = page.locator('input[type=file]')
    await input.setInputFiles(path.join(dir, 'bad.json'))
    await page.getByText(/compliance\.feeRates\.contingencyMaxRate（合规规则 › 费率 › 预备费费率上限）：应为数字/).waitFor({ timeout: 20_000 })
    expect(await page.getByTestId('rule-set-version').textContent()).toMatch(/默认/)
    await shootAll(page, '71-rules-refused')

    await input.setInputFiles(path.join(dir, 'good.json'))
    await expect.poll(() => page.getByTestId('rule-set-version').textContent(), { timeout: 30_000 }).toBe('2027.01-市数据局修订')
    await page.getByText('本次会议导入').waitFor()
  }, 180_000)
})
