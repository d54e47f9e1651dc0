/**
 * A new user's first run: the demo meeting, a project, scores and an opinion typed in, the backend restarted,
 * and everything found again. Screenshots of each screen at 1366×768 (and 1920×1080 with PANELDESK_E2E_SCREENSHOTS=all); axe on each screen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { captureScreen } from './a11y'
import { launchBrowser, screenshot, startBackend, tempDataDir, type RunningBackend } from './harness'

let browser: Browser
let backend: RunningBackend
const dataDir = tempDataDir('first-run')

beforeAll(async () => {
  browser = await launchBrowser()
  backend = await startBackend(dataDir)
})
afterAll(async () => {
  await backend?.stop()
  await browser?.close()
})

const capture = (page: Page, name: string) => captureScreen(page, name)

async function waitSaved(page: Page): Promise<void> {
  await page.getByTestId('save-state').filter({ hasText: '已自动保存' }).waitFor()
  await page.waitForFunction(() => !document.querySelector('[data-testid="save-state"]')?.textContent?.includes('正在保存'))
}

describe('first run', () => {
  it('shows the demo meeting, scores a project, and keeps the edits across a restart', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    await page.goto(backend.url)
    // The token is taken out of the address bar.
    await page.waitForFunction(() => !location.hash.includes('token='))
    await expect.poll(() => page.getByRole('heading', { name: '评审会议' }).isVisible()).toBe(true)
    await page.getByRole('main').getByText('2026年第四批市级政务信息化项目可研暨初设方案评审会').waitFor()
    expect(await page.getByText('示例', { exact: true }).count()).toBeGreaterThan(0)
    await capture(page, '01-meetings')
    // The navigation (plain HTML since the start-up work) keeps antd Menu's keyboard: one Tab stop, arrows wrap.
    const focused = () => page.evaluate(() => document.activeElement?.textContent)
    await page.getByRole('menuitem', { name: '会议' }).focus()
    await page.keyboard.press('ArrowDown')
    expect(await focused()).toBe('我的评审')
    await page.keyboard.press('End')
    expect(await focused()).toBe('设置与备份')
    await page.keyboard.press('ArrowDown')
    expect(await focused()).toBe('会议')
    expect(await page.getByRole('menuitem', { name: '会议' }).getAttribute('aria-current')).toBe('page')

    await page.getByRole('main').getByRole('link', { name: /2026年第四批/ }).click()
    await page.getByText('评审专家（5）').waitFor()
    expect(await page.getByRole('cell', { name: /三明市“一网通办”政务服务平台升级改造项目/ }).count()).toBe(1)
    await page.getByRole('cell', { name: /陈建国/ }).waitFor()
    expect(await page.getByTestId('acting-person').textContent()).toBe('当前专家：陈建国')
    // The header names the meeting (and links to it) wherever the expert is.
    expect(await page.getByTestId('header-meeting').textContent()).toBe('2026年第四批市级政务信息化项目可研暨初设方案评审会')
    await capture(page, '02-meeting')

    await page.getByRole('link', { name: /一网通办/ }).click()
    await page.getByRole('checkbox', { name: '我已阅读上述承诺，并愿意遵守' }).check()
    await page.getByRole('button', { name: '签署承诺书' }).click()
    await page.getByRole('button', { name: '确认声明' }).click()
    await page.getByRole('button', { name: '开始评审' }).click()
    const first = page.getByLabel('需求分析与业务流程得分（满分6）')
    await first.click()
    await page.keyboard.type('5.5')
    // Tab moves on to the next sub-item, as the keyboard-first form promises.
    await page.keyboard.press('Tab')
    await page.keyboard.type('7')
    await page.getByLabel('等级保护定级与措施得分（满分6）').fill('4')
    await page.getByLabel('「安全方案」评审意见').fill('未明确等保定级，未列支等保测评费用，建议补充。')
    await waitSaved(page)
    await expect.poll(() => page.getByTestId('dimension-total-tech').textContent()).toBe('12.5 / 30')
    await capture(page, '03-project-scoring')
    await page.close()

    await backend.stop()
    backend = await startBackend(dataDir)
    const again = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    await again.goto(backend.url)
    await again.getByRole('main').getByRole('link', { name: /2026年第四批/ }).click()
    await again.getByRole('link', { name: /一网通办/ }).click()
    await expect.poll(() => again.getByLabel('需求分析与业务流程得分（满分6）').inputValue()).toBe('5.5')
    expect(await again.getByLabel('总体架构与技术路线（依托政务云、复用共性平台）得分（满分8）').inputValue()).toBe('7.0')
    expect(await again.getByLabel('等级保护定级与措施得分（满分6）').inputValue()).toBe('4.0')
    expect(await again.getByLabel('「安全方案」评审意见').inputValue()).toBe('未明确等保定级，未列支等保测评费用，建议补充。')
    await again.close()
  })

  it('shows a Chinese error, not a stack trace, when an address is wrong', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    await page.goto(backend.url)
    await page.waitForFunction(() => !location.hash.includes('token='))
    await page.evaluate(() => (location.hash = '#/projects/no-such-project'))
    await page.getByText('找不到该项目，可能已被移除').waitFor()
    expect(await page.content()).not.toMatch(/at \w+ \(|Error:/)
    await screenshot(page, '04-error-not-found')
    await page.close()
  })
})
