/**
 * Issue 14 screens: the secretariat's rubric editor (refused table with the reasons at the rows, then saved as a
 * new version) and the expert's conclusion that overrides a veto (the warning and the mandatory reason). Screenshots
 * at 1366×768, axe on each.
 */
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { captureScreen } from './a11y'
import { api, launchBrowser, startBackend, tempDataDir, type RunningBackend } from './harness'

let browser: Browser
let backend: RunningBackend
const dataDir = tempDataDir('rubric')

beforeAll(async () => {
  browser = await launchBrowser()
  backend = await startBackend(dataDir)
})
afterAll(async () => {
  await backend?.stop()
  await browser?.close()
})

interface Meeting {
  id: string
  projects: { id: string; name: string }[]
  experts: { id: string; name: string }[]
}

async function demo(): Promise<Meeting> {
  const [m] = await api<{ id: string }[]>(backend, 'meetings.list', {})
  return api<Meeting>(backend, 'meetings.get', { meetingId: m!.id })
}

describe('issue 14 screens', () => {
  it('the rubric editor refuses a bad table at its rows, then saves a new version', async () => {
    const m = await demo()
    await api(backend, 'session.actAs', { expertId: null })
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    await page.goto(backend.url)
    await page.waitForFunction(() => !location.hash.includes('token='))
    await page.goto(`${backend.baseUrl}/#/meetings/${encodeURIComponent(m.id)}/console/settings`)
    const editor = page.getByTestId('rubric-editor')
    await editor.waitFor()
    await editor.getByLabel('第1行分值').fill('6.3')
    await editor.getByRole('button', { name: /保存为第 4 版/ }).click()
    await editor.getByText('分值应为步长 0.5 的整数倍').waitFor()
    await editor.getByText('各细则分值之和为 100.3，应为 100').waitFor()
    await editor.scrollIntoViewIfNeeded()
    await captureScreen(page, '90-rubric-editor-refused', { wide: false })
    expect((await api<{ version: number }>(backend, 'rubric.get', { meetingId: m.id })).version).toBe(3)

    await editor.getByLabel('第1行分值').fill('6')
    const rates = editor.locator('tr').filter({ has: page.locator('input[value="其他费用费率"]') })
    await rates.getByRole('textbox', { name: /分值/ }).fill('3')
    await editor.getByRole('button', { name: '添加一行' }).click()
    await editor.getByLabel('第19行评分细则').fill('运维费用另行申报')
    await editor.getByLabel('第19行分值').fill('2')
    await editor.getByRole('button', { name: /保存为第 4 版/ }).click()
    await page.getByText('已保存为第 4 版，本会议改用这一版').waitFor()
    await page.getByText('评分细则（第 4 版）').waitFor()
    await captureScreen(page, '91-rubric-editor-saved', { wide: false })
    expect((await api<{ version: number }>(backend, 'rubric.get', { meetingId: m.id })).version).toBe(4)
    await page.close()
  })

  it('an expert overriding a veto is asked for the reason', async () => {
    const m = await demo()
    const project = m.projects[1]!
    const db = new Database(path.join(dataDir, 'paneldesk.sqlite'))
    try {
      db.prepare('UPDATE findings SET veto = ? WHERE rowid = (SELECT min(rowid) FROM findings WHERE project_id = ? AND deleted = 0)').run(JSON.stringify({ reason: '第十二条：未满足数据汇聚共享要求的政务信息系统项目不得建设' }), project.id)
    } finally {
      db.close()
    }
    await api(backend, 'session.actAs', { expertId: m.experts[0]!.id })
    await api(backend, 'review.acceptCommitment', { meetingId: m.id })
    await api(backend, 'review.declare', { projectId: project.id, kind: 'none', reason: '' })
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    await page.goto(backend.url)
    await page.waitForFunction(() => !location.hash.includes('token='))
    await page.goto(`${backend.baseUrl}/#/projects/${encodeURIComponent(project.id)}`)
    await page.getByRole('button', { name: '开始评审' }).click()
    const card = page.getByTestId('conclusion')
    await card.waitFor()
    await card.getByRole('radio', { name: '同意通过' }).check()
    await card.getByText('所选结论不同于否决项的建议（不予通过），须说明理由').waitFor()
    await card.getByLabel('不同于建议结论的理由（必填，随评分表签名）').fill('申报单位已补充接入市公共数据汇聚共享平台的方案。')
    await card.getByLabel('不同于建议结论的理由（必填，随评分表签名）').blur()
    await page.getByTestId('save-state').filter({ hasText: '已自动保存' }).waitFor()
    await card.scrollIntoViewIfNeeded()
    await captureScreen(page, '92-conclusion-override', { wide: false })
    const ws = await api<{ sheet: { conclusionReason: string } }>(backend, 'projects.workspace', { projectId: project.id })
    expect(ws.sheet.conclusionReason).toBe('申报单位已补充接入市公共数据汇聚共享平台的方案。')
    await page.close()
  })
})
