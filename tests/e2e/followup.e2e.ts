/**
 * 复核 in the browser version (issue 12): a meeting whose project has a signed 核定 and a 修改稿 as version 2 (seeded
 * through the real backend by a child process); the console's 复核 tab shows the stage, the re-reviewer and the budget
 * against the 核定. Screenshots at 1280×720, 1366×768 and 1920×1080 (also copied to docs/images), axe on the tab.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { captureScreen } from './a11y'
import { ARTIFACTS, ROOT, launchBrowser, screenshot, startBackend, tempDataDir, type RunningBackend } from './harness'

let browser: Browser
let backend: RunningBackend
const dataDir = tempDataDir('followup')
const work = tempDataDir('followup-work')

beforeAll(async () => {
  const out = execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'tests/kits/revision/seedCli.ts'), 'seed', dataDir, work], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 })
  seeded = JSON.parse(out.trim().split('\n').at(-1) as string) as typeof seeded
  browser = await launchBrowser()
  backend = await startBackend(dataDir)
}, 400_000)
afterAll(async () => {
  await backend?.stop()
  await browser?.close()
  fs.rmSync(work, { recursive: true, force: true })
})
let seeded: { meetingId: string; projectId: string; versionId: string }

describe('复核 tab', () => {
  it('shows the stage, the re-reviewer and the 修改稿 against the signed 核定', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } })
    await page.goto(backend.url)
    await page.waitForFunction(() => !location.hash.includes('token='))
    await page.evaluate((hash) => (location.hash = hash), `#/meetings/${encodeURIComponent(seeded.meetingId)}/console/followup`)
    await page.getByText('未按核定调整 +5.00').waitFor({ timeout: 60_000 })
    expect(await page.getByText('复核中', { exact: true }).count()).toBeGreaterThan(0)
    expect(await page.getByText('原名“工单管理系统”').count()).toBe(1)
    expect(await page.getByText('由“应用软件开发”移至“系统集成”').count()).toBe(1)
    expect(await page.getByText(/核定金额取自组长.*签署的专家组评审意见（签名已验证）/).count()).toBe(1)
    await screenshot(page, 'followup-1280x720')
    await captureScreen(page, 'followup')
    for (const size of ['1280x720', '1366x768', '1920x1080']) {
      fs.copyFileSync(path.join(ARTIFACTS, `followup-${size}.png`), path.join(ROOT, 'docs', 'images', `followup-${size}.png`))
    }
    await page.close()
  }, 300_000)
})
