/**
 * Documents in the browser version: a meeting whose experts have signed their sheets (written straight into the
 * database, as the submit flow would), the 文档导出 page with a preview and an export of one project into a
 * folder, and the 验证文档 screen with a valid and a tampered .docx. Screenshots at 1366×768 (and 1920×1080 with PANELDESK_E2E_SCREENSHOTS=all); axe.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { captureScreen } from './a11y'
import { runKit } from './kits'
import { api, launchBrowser, startBackend, tempDataDir, type RunningBackend } from './harness'

let browser: Browser
let backend: RunningBackend
interface Seeded {
  meetingId: string
  meetingName: string
  projectIds: string[]
  projectNames: string[]
  experts: { id: string; name: string; fingerprint: string }[]
}
let seeded: Seeded
/** Main-process test helpers run as a child process (this project cannot import main-process code). */
const helper = (...args: string[]): Promise<string> => runKit('tests/kits/documents/testDbCli.ts', args)
const dataDir = tempDataDir('documents')
const exportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'paneldesk-e2e-export-'))

beforeAll(async () => {
  browser = await launchBrowser()
  // First start creates and migrates the database; then the signed sheets are written while it is stopped.
  backend = await startBackend(dataDir)
  await backend.stop()
  seeded = JSON.parse(await helper('seed', path.join(dataDir, 'paneldesk.sqlite'), '2', '5')) as Seeded
  backend = await startBackend(dataDir)
  // The secretariat's laptop: its key signs a charter statement into every exported document.
  await api(backend, 'trust.createSecretariatKey', { pin: '258046', pinConfirm: '258046' })
})
afterAll(async () => {
  await backend?.stop()
  await browser?.close()
  fs.rmSync(exportDir, { recursive: true, force: true })
})

const capture = (page: Page, name: string) => captureScreen(page, name)

describe('documents', () => {
  it('shows what is ready, previews a document, and exports a project into a folder with a summary', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    await page.goto(backend.url)
    await page.waitForFunction(() => !location.hash.includes('token='))
    await page.getByRole('link', { name: seeded.meetingName }).click()
    await page.getByRole('link', { name: '文档导出' }).click()
    await page.getByRole('heading', { name: '文档导出' }).waitFor()
    await page.getByText('专家组文档可导出').waitFor()
    expect(await page.getByText('专家组文档待补齐').count()).toBe(1)
    expect(await page.getByText(`${seeded.experts[3]!.name}：未提交`).count()).toBe(1)
    await capture(page, '20-documents')

    await page.getByRole('button', { name: '预览专家组评审意见' }).first().click()
    const preview = page.getByTestId('document-preview')
    await preview.waitFor()
    await expect.poll(() => preview.textContent()).toContain('专家组评审意见')
    expect(await preview.textContent()).toContain(seeded.experts[0]!.name)
    expect(await page.getByRole('dialog').getByText('有效', { exact: true }).count()).toBe(1)
    expect(await preview.locator('script').count()).toBe(0)
    await capture(page, '21-documents-preview')
    await page.getByRole('button', { name: 'Close' }).or(page.getByRole('button', { name: '关闭' })).first().click()

    await page.getByLabel(/导出文件夹/).fill(exportDir)
    await page.getByRole('button', { name: /导出本项目（8份）/ }).click()
    const summary = page.getByTestId('export-summary')
    await summary.waitFor({ timeout: 60_000 })
    await expect.poll(() => summary.textContent()).toContain('导出完成。已写入 8 份文档')
    const files = fs.readdirSync(exportDir)
    expect(files).toHaveLength(8)
    expect(files).toContain(`${seeded.projectNames[0]}-专家组评审意见.docx`)
    await capture(page, '22-documents-exported')
    await page.close()
  })

  it('verifies an uploaded document: 有效 for the exported one, 已篡改 with the changes for an edited copy', async () => {
    const files = fs.readdirSync(exportDir)
    const summaryName = files.find((f) => f.endsWith('评分汇总表.docx'))!
    const original = new Uint8Array(fs.readFileSync(path.join(exportDir, summaryName)))
    const tamperedPath = path.join(exportDir, '评分汇总表（改动）.docx')
    expect(original.length).toBeGreaterThan(0)
    await helper('tamper', path.join(exportDir, summaryName), tamperedPath, `expert.${seeded.experts[2]!.id}.total`, '98')

    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    await page.goto(backend.url)
    await page.waitForFunction(() => !location.hash.includes('token='))
    await page.getByRole('menuitem', { name: '验证文档' }).click()
    await page.getByRole('heading', { name: '验证文档' }).waitFor()
    await capture(page, '23-verify-empty')

    await page.locator('#verify-file').setInputFiles(path.join(exportDir, summaryName))
    await expect.poll(() => page.getByTestId('verification-status').textContent(), { timeout: 30_000 }).toBe('有效')
    expect(await page.getByTestId('verification-result').textContent()).toContain('登记公钥指纹')
    await capture(page, '24-verify-valid')

    await page.locator('#verify-file').setInputFiles(tamperedPath)
    await expect.poll(() => page.getByTestId('verification-status').textContent(), { timeout: 30_000 }).toBe('已篡改')
    const result = page.getByTestId('verification-result')
    expect(await result.textContent()).toContain('改动之处')
    expect(await result.textContent()).toContain(`${seeded.experts[2]!.name}的总分`)
    expect(await page.getByRole('cell', { name: '98', exact: true }).count()).toBeGreaterThan(0)
    await capture(page, '25-verify-tampered')

    // 恢复签名原文: a new file from the signed data, offered for saving; the tampered file stays as it was.
    const before = fs.readFileSync(tamperedPath)
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByRole('button', { name: '恢复签名原文' }).click()])
    expect(download.suggestedFilename()).toBe('评分汇总表（改动）-签名原文.docx')
    const restoredPath = path.join(exportDir, download.suggestedFilename())
    await download.saveAs(restoredPath)
    await page.getByTestId('restore-result').waitFor()
    expect(await page.getByTestId('restore-result').textContent()).toContain('本机验证新文件：有效')
    expect(fs.readFileSync(tamperedPath).equals(before)).toBe(true)
    await capture(page, '26-verify-restored')
    await page.locator('#verify-file').setInputFiles(restoredPath)
    await expect.poll(() => page.getByTestId('verification-status').textContent(), { timeout: 30_000 }).toBe('有效')
    expect(await page.getByTestId('verification-result').textContent()).toContain('秘书处公钥指纹')
    await page.close()
  })
})
