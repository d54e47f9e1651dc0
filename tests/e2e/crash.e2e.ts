/** An acknowledged edit is never lost: SIGKILL the backend right after the acknowledgement, restart, find it. */
import { describe, expect, it } from 'vitest'
import { api, launchBrowser, startBackend, tempDataDir } from './harness'

interface Meeting { id: string; projects: { id: string }[] }
interface Sheet { sheetId: string; scores: Record<string, { value: number | null }>; opinions: Record<string, string> }

describe('crash safety', () => {
  it('keeps every acknowledged API edit through a SIGKILL', async () => {
    const dataDir = tempDataDir('crash-api')
    let b = await startBackend(dataDir)
    const [m] = await api<{ id: string }[]>(b, 'meetings.list')
    const meeting = await api<Meeting>(b, 'meetings.get', { meetingId: m!.id })
    const projectId = meeting.projects[1]!.id
    await api(b, 'review.acceptCommitment', { meetingId: m!.id })
    await api(b, 'review.declare', { projectId, kind: 'none', reason: '' })
    const { sheetId } = await api<Sheet>(b, 'sheets.open', { projectId })
    await api(b, 'sheets.setScore', { sheetId, itemId: 'budget.software', value: 6.5 })
    await api(b, 'sheets.setOpinion', { sheetId, dimensionId: 'budget', text: '软件开发工作量依据不足。' })
    await b.kill() // no chance to flush or close anything
    b = await startBackend(dataDir)
    const sheet = await api<Sheet>(b, 'sheets.open', { projectId })
    expect(sheet.sheetId).toBe(sheetId)
    expect(sheet.scores['budget.software']?.value).toBe(6.5)
    expect(sheet.opinions.budget).toBe('软件开发工作量依据不足。')
    await b.stop()
  })

  it('keeps an edit typed in the UI once it shows as saved, through a SIGKILL', async () => {
    const dataDir = tempDataDir('crash-ui')
    let b = await startBackend(dataDir)
    const browser = await launchBrowser()
    try {
      const page = await browser.newPage({ viewport: { width: 1366, height: 768 } })
      await page.goto(b.url)
      await page.getByRole('main').getByRole('link', { name: /2026年第四批/ }).click()
      await page.getByRole('link', { name: /智慧医保/ }).click()
      await page.getByRole('checkbox', { name: '我已阅读上述承诺，并愿意遵守' }).check()
    await page.getByRole('button', { name: '签署承诺书' }).click()
    await page.getByRole('button', { name: '确认声明' }).click()
    await page.getByRole('button', { name: '开始评审' }).click()
      await page.getByLabel('「技术方案」评审意见').fill('总体架构清晰。')
      await page.getByTestId('save-state').filter({ hasText: '已自动保存' }).waitFor()
      await b.kill()
      b = await startBackend(dataDir)
      const [m] = await api<{ id: string }[]>(b, 'meetings.list')
      const meeting = await api<Meeting>(b, 'meetings.get', { meetingId: m!.id })
      const sheet = await api<Sheet>(b, 'sheets.open', { projectId: meeting.projects[1]!.id })
      expect(sheet.opinions.tech).toBe('总体架构清晰。')
    } finally {
      await browser.close()
      await b.stop()
    }
  })
})
