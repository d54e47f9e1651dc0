/**
 * Issue 11 items 3, 7 and 8 on the demo meeting, in Chromium against the real backend: the project page's panes
 * scroll on their own with the total and save state in view; the lists fit the pane; 概算审核 fills the pane with
 * a windowed list, its category summary folded; Tab from 审减理由 reaches 说明; an amount without a reason is kept
 * as a marked draft across a reload; 采纳全部 previews and is undone; focus follows every step; one <main> and one
 * <h1>; axe finds nothing of any impact on each screen; the 分配 matrix lists the declarations. The panes are
 * checked at 1280×720, 1366×768 and 1920×1080; screenshots at 1366×768 (all three with PANELDESK_E2E_SCREENSHOTS=all).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { expectAxeClean, screenshotSizes } from './a11y'
import { api, launchBrowser, startBackend, tempDataDir, type RunningBackend } from './harness'

let browser: Browser
let backend: RunningBackend

beforeAll(async () => {
  browser = await launchBrowser()
  backend = await startBackend(tempDataDir('workspace'))
})
afterAll(async () => {
  await backend?.stop()
  await browser?.close()
})

const active = (page: Page) => page.evaluate(() => ({ tag: document.activeElement?.tagName ?? '', label: document.activeElement?.getAttribute('aria-label') ?? '', text: document.activeElement?.textContent ?? '' }))

async function landmarks(page: Page) {
  expect(await page.locator('main').count()).toBe(1)
  expect(await page.locator('h1').count()).toBe(1)
}

/** The pane scrolls, the other does not, and nothing scrolls sideways. */
async function checkPanes(page: Page) {
  const r = await page.evaluate(() => {
    const right = document.querySelector<HTMLElement>('[data-testid="pane-right"]')!
    const left = document.querySelector<HTMLElement>('[data-testid="pane-left"]')!
    right.scrollTop = right.scrollHeight
    const head = document.querySelector<HTMLElement>('[data-testid="scoring-head"]')!.getBoundingClientRect()
    const pane = right.getBoundingClientRect()
    const del = [...right.querySelectorAll<HTMLElement>('button')].filter((b) => b.textContent?.replace(/\s/g, '') === '删除').map((b) => b.getBoundingClientRect().right)
    const out = { scrolled: right.scrollTop > 0, leftTop: left.scrollTop, headVisible: head.top >= pane.top - 1 && head.bottom <= pane.bottom, sideways: right.scrollWidth - right.clientWidth, deleteInside: del.every((x) => x <= pane.right + 1), deletes: del.length, main: document.documentElement.scrollHeight - window.innerHeight }
    right.scrollTop = 0
    return out
  })
  expect(r).toMatchObject({ scrolled: true, leftTop: 0, headVisible: true, sideways: 0, deleteInside: true })
  expect(r.deletes).toBeGreaterThan(0)
  expect(r.main).toBeLessThanOrEqual(0)
}

describe('the project workspace at a real meeting', () => {
  it('keeps the form beside the material, moves the focus, and the budget review keeps every decision', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    await page.goto(backend.url)
    await page.waitForFunction(() => !location.hash.includes('token='))
    await page.getByRole('main').getByRole('link', { name: /2026年第四批/ }).click()
    await page.getByText('评审专家（5）').waitFor()
    await landmarks(page)
    await expectAxeClean(page)

    // Opening a project puts the focus on its heading.
    await page.getByRole('link', { name: /一网通办/ }).click()
    await page.getByRole('checkbox', { name: '我已阅读上述承诺，并愿意遵守' }).waitFor()
    await expect.poll(async () => (await active(page)).tag).toBe('H1')
    await landmarks(page)
    await expectAxeClean(page)
    await page.getByRole('checkbox', { name: '我已阅读上述承诺，并愿意遵守' }).check()
    await page.getByRole('button', { name: '签署承诺书' }).click()
    // 承诺书 signed: the focus goes to the declaration.
    await expect.poll(async () => (await active(page)).label).toBe('回避声明')
    await expectAxeClean(page)
    await page.getByRole('button', { name: '确认声明' }).click()
    // 确认声明: the focus goes to 开始评审.
    await expect.poll(async () => (await active(page)).text.replace(/\s/g, '')).toBe('开始评审')
    await page.keyboard.press('Enter')
    // 开始评审: the focus is in the first score.
    await expect.poll(async () => (await active(page)).label).toBe('建设依据与必要性（国家、省、市文件和数字三明规划）得分（满分6）')
    await page.keyboard.type('5.5')
    await page.getByRole('button', { name: '添加一条主要问题' }).click()
    await page.getByLabel('主要问题第1条', { exact: true }).fill('未明确等保定级，未列支等保测评费用。'.repeat(6))
    await page.getByLabel('主要问题第1条', { exact: true }).press('Tab')
    await page.getByTestId('save-state').filter({ hasText: '已自动保存' }).waitFor()
    await landmarks(page)
    await expectAxeClean(page)
    await screenshotSizes(page, '70-workspace-scoring', async (size) => {
      if (size.width < 1920) await checkPanes(page)
    })

    // 概算审核: the lines fill the pane, the category summary is folded, several lines in view at 1366×768.
    await page.getByRole('tab', { name: '概算审核' }).click()
    const rows = page.getByTestId('budget-rows')
    await rows.waitFor()
    expect(await page.getByRole('columnheader', { name: '类别' }).count()).toBe(0)
    const visibleRows = () =>
      page.evaluate(() => {
        const list = document.querySelector('[data-testid="budget-rows"]')!.getBoundingClientRect()
        return [...document.querySelectorAll('.pd-budget-row')].filter((r) => {
          const b = r.getBoundingClientRect()
          return b.top >= list.top - 1 && b.bottom <= list.bottom + 1 && b.bottom <= window.innerHeight
        }).length
      })
    expect(await visibleRows()).toBeGreaterThanOrEqual(4)
    expect(await page.locator('[aria-label="Clear"]').count()).toBe(0)
    // The 核增漏项 footer under the list is fully in view at every size, the pane not scrolled (it was clipped at 1366×768).
    await screenshotSizes(page, '71-workspace-budget-fresh', async (size) => {
      const box = await page.evaluate(() => {
        const foot = document.querySelector('.pd-budget-foot')?.getBoundingClientRect()
        const pane = document.querySelector('.pd-budget-foot')?.closest('.pd-pane')
        return foot && pane ? { footBottom: foot.bottom, paneBottom: pane.getBoundingClientRect().bottom - parseFloat(getComputedStyle(pane).paddingBottom), scrolled: pane.scrollTop } : null
      })
      expect(box, `${size.width}×${size.height}`).not.toBeNull()
      expect(box!.scrolled).toBe(0)
      expect(box!.footBottom, `${size.width}×${size.height}`).toBeLessThanOrEqual(box!.paneBottom + 0.5)
    })

    // Tab from 审减理由 goes to 说明, never into the select.
    const plain = page.locator('.pd-budget-row[data-line-id]').filter({ hasNot: page.getByText(/提示/) })
    const first = plain.nth(0)
    await first.getByLabel(/核定金额（万元）/).fill('1')
    await page.keyboard.press('Tab')
    await expect.poll(async () => (await active(page)).label).toMatch(/审减理由/)
    await page.keyboard.type('单价偏高')
    await page.keyboard.press('Enter')
    await page.getByText('已调整（1）').waitFor()
    await page.waitForFunction(() => !document.querySelector('.ant-select-dropdown:not(.ant-select-dropdown-hidden)'))
    await page.keyboard.press('Tab')
    await expect.poll(async () => (await active(page)).label).toMatch(/」说明$/)
    await page.keyboard.type('按市场询价')
    await page.keyboard.press('Tab')
    await expect.poll(() => first.getByLabel(/」说明$/).inputValue()).toBe('按市场询价')

    // An amount without a reason: kept as a marked draft, also after a reload; the sheet does not take it.
    const second = plain.nth(1)
    const lineId = (await second.getAttribute('data-line-id'))!
    await second.getByLabel(/核定金额（万元）/).fill('0.5')
    await second.getByLabel(/核定金额（万元）/).press('Tab')
    await second.getByRole('alert').filter({ hasText: '草稿未保存' }).waitFor()
    await page.getByTestId('budget-drafts').waitFor()
    await page.reload()
    await page.getByRole('tab', { name: '概算审核' }).click()
    await page.getByTestId('budget-drafts').waitFor()
    const again = page.locator(`.pd-budget-row[data-line-id="${lineId}"]`)
    await again.getByRole('alert').filter({ hasText: '草稿未保存' }).waitFor()
    expect(await again.getByLabel(/核定金额（万元）/).inputValue()).toBe('0.50')
    const workspace = await api<{ project: { id: string } }>(backend, 'projects.workspace', { projectId: await page.evaluate(() => decodeURIComponent(location.hash.split('/')[2] ?? '')) })
    const stored = await api<{ lines: { lineId: string; review: { approvedAmount: number | null } | null }[]; totals: { changedLines: number } }>(backend, 'budgetReview.get', { projectId: workspace.project.id })
    expect(stored.lines.find((l) => l.lineId === lineId)?.review?.approvedAmount ?? null).toBeNull()
    expect(stored.totals.changedLines).toBe(1)
    await expectAxeClean(page)

    // 采纳全部: a preview first, then the result, then undone.
    const acceptAll = page.getByRole('button', { name: /采纳全部审减建议（\d+）/ })
    await acceptAll.click()
    const dialog = page.getByRole('dialog')
    await dialog.getByText(/将采纳 \d+ 条审减建议，调整 \d+ 行，合计审减 [\d.,]+ 万元/).waitFor()
    await expectAxeClean(page)
    await dialog.getByRole('button', { name: '采纳' }).click()
    await page.getByTestId('accept-done').waitFor()
    const accepted = await api<{ totals: { changedLines: number } }>(backend, 'budgetReview.get', { projectId: workspace.project.id })
    expect(accepted.totals.changedLines).toBeGreaterThan(1)
    await expectAxeClean(page)
    await screenshotSizes(page, '71-workspace-budget')
    await page.getByTestId('accept-done').getByRole('button', { name: '撤销' }).click()
    await page.getByTestId('accept-done').waitFor({ state: 'detached' })
    const undone = await api<{ totals: { changedLines: number } }>(backend, 'budgetReview.get', { projectId: workspace.project.id })
    expect(undone.totals.changedLines).toBe(1)
    await page.close()
  })

  it('shows the declarations in the 分配 matrix and an axe-clean audit log', async () => {
    const meetings = await api<{ id: string; name: string }[]>(backend, 'meetings.list')
    const meetingId = meetings.find((m) => m.name.includes('第四批'))!.id
    const detail = await api<{ projects: { id: string; name: string }[]; experts: { id: string; name: string }[] }>(backend, 'meetings.get', { meetingId })
    // A second expert recuses from a project with a reason (as on their own laptop).
    const other = detail.experts[1]!
    const project = detail.projects.find((p) => p.name.includes('智慧医保'))!
    await api(backend, 'session.actAs', { expertId: other.id })
    await api(backend, 'review.acceptCommitment', { meetingId })
    await api(backend, 'review.declare', { projectId: project.id, kind: 'recuse', reason: '本人曾在编制单位任职。' })
    await api(backend, 'session.actAs', { expertId: null })

    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    await page.goto(backend.url)
    await page.waitForFunction(() => !location.hash.includes('token='))
    await page.evaluate((id) => (location.hash = `#/meetings/${encodeURIComponent(id)}/console/assign`), meetingId)
    const list = page.getByTestId('declarations-list')
    await list.waitFor()
    const recuse = list.getByRole('row').filter({ hasText: other.name }).filter({ hasText: '智慧医保' })
    await recuse.getByText('理由：本人曾在编制单位任职。').waitFor()
    expect(await recuse.getByText('回避', { exact: true }).count()).toBe(1)
    // The warnings the expert saw when declaring are kept with the declaration and shown as such (issue 11, item 8).
    await recuse.getByText('声明时专家看到的提示').waitFor()
    expect(await list.getByRole('row').filter({ hasText: '一网通办' }).getByText('无利害关系').count()).toBeGreaterThan(0)
    await landmarks(page)
    await expectAxeClean(page)
    await screenshotSizes(page, '72-console-assign')

    await page.getByRole('tab', { name: '结束与归档' }).click()
    await page.getByTestId('audit-log').waitFor()
    await landmarks(page)
    await expectAxeClean(page)
    await page.close()
  })
})
