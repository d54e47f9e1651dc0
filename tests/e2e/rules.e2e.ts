/**
 * 审查规则 in the browser (issue 14 item 3): the secretariat sees the meeting's rule set as a table (version,
 * digest, every keyword list), an invalid file is refused with each problem's path and reason and changes nothing,
 * a valid edited file becomes the meeting's rule set. Then the rule set is edited in the app: a wrong value is
 * shown at its field, the preview lists the changes, undo takes an edit back, saving makes a new version; once an
 * expert has started scoring the rule set is locked with the reason. Screenshots at 1366×768 (all
 * three sizes with PANELDESK_E2E_SCREENSHOTS=all), each screen axe-clean.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { ALL_SIZES, captureScreen } from './a11y'
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

/** The screen at 1280×720 (with the all-sizes switch, `ALL_SIZES`), then captureScreen's shots and its axe check (each size shot once). */
async function shootAll(page: Page, name: string): Promise<void> {
  await page.waitForFunction(() => document.fonts.status === 'loaded')
  if (ALL_SIZES) {
    await page.setViewportSize({ width: 1280, height: 720 })
    await screenshot(page, `${name}-1280x720`)
  }
  await captureScreen(page, name)
}

describe('审查规则', () => {
  it('shows the rule set, refuses a bad file with the path and reason, takes a good one', async () => {
    const [meeting] = await api<{ id: string }[]>(backend, 'meetings.list', {})
    await api(backend, 'session.actAs', { expertId: null })
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
    await page.getByText('本次会议修订').waitFor()
    await editInApp(page, meeting!.id)
    await lockedOnceScoringStarts(page, meeting!.id)
  }, 300_000)
})

async function editInApp(page: Page, meetingId: string): Promise<void> {
  await page.getByRole('button', { name: '在此修改' }).click()
  const office = page.getByLabel('（一）办公设备与通用软件：关键词')
  await office.fill(`${await office.inputValue()}、扫描笔`)
  const rate = page.getByLabel('预备费上限（占其他费用，%）')
  await rate.fill('五')
  await page.getByText('请填写百分数，如 5 或 2.5').waitFor()
  await page.getByText('修改后的规则集须使用新的版本号').waitFor()
  expect(await page.getByRole('button', { name: '保存为新版本' }).isDisabled()).toBe(true)
  await shootAll(page, '72-rules-editor-errors')

  await rate.fill('8')
  await page.getByLabel('新版本号').fill('2027.02-在线修订')
  await page.getByRole('checkbox', { name: '第十四条 没有监理费' }).check()
  const diff = page.getByTestId('rules-diff')
  await diff.getByText('5% → 8%').waitFor()
  await diff.getByText('新增：扫描笔').waitFor()
  await diff.getByText(/设为否决：第十四条/).waitFor()
  // Undo takes the last edit back (the veto), the others stay.
  await page.getByRole('button', { name: /撤销/ }).click()
  await expect.poll(() => diff.getByText(/设为否决/).count()).toBe(0)
  expect(await page.getByRole('checkbox', { name: '第十四条 没有监理费' }).isChecked()).toBe(false)
  await shootAll(page, '73-rules-editor-preview')

  await page.getByRole('button', { name: '保存为新版本' }).click()
  await expect.poll(() => page.getByTestId('rule-set-version').textContent(), { timeout: 30_000 }).toBe('2027.02-在线修订')
  const saved = await api<{ ruleSet: { compliance: { feeRates: { contingencyMaxRate: number }; article3: { officeEquipment: { keywords: string[] } } } } }>(backend, 'rules.get', { meetingId })
  expect(saved.ruleSet.compliance.feeRates.contingencyMaxRate).toBe(0.08)
  expect(saved.ruleSet.compliance.article3.officeEquipment.keywords).toContain('扫描笔')
}

async function lockedOnceScoringStarts(page: Page, meetingId: string): Promise<void> {
  const m = await api<{ projects: { id: string }[]; experts: { id: string }[] }>(backend, 'meetings.get', { meetingId })
  const projectId = m.projects[0]!.id
  await api(backend, 'session.actAs', { expertId: m.experts[0]!.id })
  await api(backend, 'review.acceptCommitment', { meetingId })
  await api(backend, 'review.declare', { projectId, kind: 'none', reason: '' })
  await api(backend, 'sheets.open', { projectId })
  await api(backend, 'session.actAs', { expertId: null })
  await page.reload()
  await page.getByText('已有专家开始评分（已有评分表），审查规则集已锁定，不能再修改').waitFor({ timeout: 20_000 })
  expect(await page.getByRole('button', { name: '在此修改' }).isDisabled()).toBe(true)
  await shootAll(page, '74-rules-locked')
}
