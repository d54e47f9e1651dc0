/**
 * 复核 in the browser version (issue 12): a meeting whose project has a signed 核定 and a 修改稿 as version 2 (seeded
 * through the real backend by a child process); the console's 复核 tab shows the stage, the re-reviewer and the budget
 * against the 核定. Screenshots at 1280×720, 1366×768 and 1920×1080 (also copied to docs/images), axe on the tab.
 * Once signed and exported, the secretariat's laptop syncs through a shared folder with the 组长's own laptop (a
 * second backend on its own data folder), where the same browser checks what the 组长 sees.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import Database from 'better-sqlite3'
import { captureScreen, shotSizes } from './a11y'
import { ARTIFACTS, ROOT, api, launchBrowser, screenshot, startBackend, tempDataDir, type RunningBackend } from './harness'
import { syncNow } from './syncRuns'
import { runKit } from './kits'

let browser: Browser
let backend: RunningBackend
const dataDir = tempDataDir('followup')
const work = tempDataDir('followup-work')
/** The 组长's own laptop (seeded beside the secretariat's, started by the sync step) and the folder they sync through. */
const leaderDataDir = tempDataDir('followup-leader')
const syncFolder = tempDataDir('followup-folder')
let leaderLaptop: RunningBackend | undefined

beforeAll(async () => {
  const out = await runKit('tests/kits/revision/seedCli.ts', ['seed', dataDir, work, leaderDataDir])
  seeded = JSON.parse(out.trim().split('\n').at(-1) as string) as typeof seeded
  browser = await launchBrowser()
  backend = await startBackend(dataDir)
}, 400_000)
afterAll(async () => {
  // Each backend by its own process (SIGTERM to its PID, then wait for the exit), whatever failed before.
  await Promise.allSettled([backend?.stop(), leaderLaptop?.stop()])
  await browser?.close()
  for (const dir of [work, leaderDataDir, syncFolder]) fs.rmSync(dir, { recursive: true, force: true })
})
let seeded: { meetingId: string; projectId: string; versionId: string; leaderId: string; leaderName: string }

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
    // 第十一条: the 修改稿's 送审投资 against the signed 核定 total.
    expect(await page.getByText('调整后概算220.00万元，专家组核定投资209.00万元，增加11.00万元（5.26%），未超过10%：按第十一条须经市发改委（数据管理局）和市财政局同意后实施。').count()).toBe(1)
    await screenshot(page, 'followup-1280x720')
    await captureScreen(page, 'followup', { always: true })
    for (const size of ['1280x720', '1366x768', '1920x1080']) {
      fs.copyFileSync(path.join(ARTIFACTS, `followup-${size}.png`), path.join(ROOT, 'docs', 'images', `followup-${size}.png`))
    }
    await page.close()
  }, 300_000)

  it('整改落实: answers from the 修改说明, verdicts chosen by keyboard, a refusal at the field, kept after reload, rows linked to the comparison', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    await page.goto(backend.url)
    await page.waitForFunction(() => !location.hash.includes('token='))
    const open = async () => {
      await page.evaluate((hash) => (location.hash = hash), `#/meetings/${encodeURIComponent(seeded.meetingId)}/console/followup`)
      await page.getByText('已删除办公电脑10台，核减6万元。').waitFor({ timeout: 60_000 })
    }
    await open()
    expect(await page.getByText('建设单位的答复读自修改说明表“修改说明.csv”。').count()).toBe(1)
    expect(await page.getByText('（按引用的意见对应）').count()).toBe(1)

    // Keyboard: Tab lands in the group; Space chooses.
    const group = (label: string) => page.getByRole('radiogroup', { name: `${label}：落实情况` })
    await group('主要问题1').getByRole('radio', { name: '已落实' }).focus()
    await page.keyboard.press('Space')
    await page.getByText('已落实 1', { exact: true }).waitFor()
    await group('主要问题2').getByRole('radio', { name: '未落实' }).focus()
    await page.keyboard.press('Space')
    await page.getByText('部分落实或未落实时，请在备注中写明还差什么').waitFor()
    await page.getByRole('textbox', { name: '主要问题2：备注' }).fill('知识库系统仍按 25 万元列支，未按核定调整。')
    await page.keyboard.press('Tab')
    await page.getByText('未落实 1', { exact: true }).waitFor()
    await page.getByText('部分落实或未落实时，请在备注中写明还差什么').waitFor({ state: 'detached' })

    // An answer typed in where the 修改说明 reads wrong.
    const suggestion = page.getByRole('region', { name: '修改建议1' })
    await suggestion.getByRole('button', { name: '修改建议1：修改答复' }).click()
    await suggestion.getByRole('textbox', { name: '修改建议1：建设单位答复' }).fill('已在第三章第三节补充密码应用方案。')
    await suggestion.getByRole('button', { name: '保存答复' }).click()
    await suggestion.getByText('（手工填写）').waitFor()

    // Nothing lost on reload: what the backend stored comes back into the fields.
    await page.reload()
    await page.waitForFunction(() => !location.hash.includes('token='))
    await open()
    expect(await group('主要问题1').getByRole('radio', { name: '已落实' }).isChecked()).toBe(true)
    expect(await group('主要问题2').getByRole('radio', { name: '未落实' }).isChecked()).toBe(true)
    expect(await page.getByRole('textbox', { name: '主要问题2：备注' }).inputValue()).toBe('知识库系统仍按 25 万元列支，未按核定调整。')
    const stored = await api<{ rows: { verdict: string }[] }>(backend, 'versions.checklist', { versionId: seeded.versionId })
    expect(stored.rows.map((r) => r.verdict)).toEqual(['done', 'open', ''])
    expect(await page.getByText('已在第三章第三节补充密码应用方案。').count()).toBe(1)

    // From a row to the changed budget line and the chapter it cites.
    await page.getByRole('region', { name: '修改建议1' }).getByRole('button', { name: /第三章 安全方案/ }).click()
    await page.locator('.diff-target').filter({ hasText: '编制商用密码应用方案' }).waitFor()
    await page.getByRole('region', { name: '主要问题1' }).getByRole('button', { name: '概算：办公电脑' }).click()
    await page.locator('tr.diff-target').filter({ hasText: '办公电脑' }).waitFor()
    await page.evaluate(() => window.scrollTo(0, 0))
    await page.waitForFunction(() => document.querySelectorAll('.diff-target').length === 0, undefined, { timeout: 5_000 })
    await page.setViewportSize({ width: 1280, height: 720 })
    await screenshot(page, 'checklist-1280x720')
    await captureScreen(page, 'checklist', { always: true })
    for (const size of ['1280x720', '1366x768', '1920x1080']) {
      fs.copyFileSync(path.join(ARTIFACTS, `checklist-${size}.png`), path.join(ROOT, 'docs', 'images', `checklist-${size}.png`))
    }
    await page.close()
  }, 300_000)

  it('专家组复核意见: the 组长 signs with the conclusion, the document is exported, verified, and a changed verdict asks for re-signing', async () => {
    // The last point's verdict, recorded through the API (the keyboard path is tested above).
    await api(backend, 'versions.checklistSave', { versionId: seeded.versionId, reviewerId: seeded.leaderId, kind: 'suggestion', number: 1, verdict: 'partial', note: '密评费用已列，方案深度不足。' })
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, acceptDownloads: true })
    await page.goto(backend.url)
    await page.waitForFunction(() => !location.hash.includes('token='))
    await page.evaluate((hash) => (location.hash = hash), `#/meetings/${encodeURIComponent(seeded.meetingId)}/console/followup`)
    const card = page.locator('.ant-card').filter({ has: page.getByText('专家组复核意见', { exact: true }) })
    await card.getByText('已落实 1 条，部分落实 1 条，未落实 1 条', { exact: false }).waitFor({ timeout: 60_000 })
    expect(await card.getByRole('button', { name: '导出专家组复核意见' }).isDisabled()).toBe(true)
    // The console signs nothing itself: the signers sign on their own laptops, from 我的评审's re-review task.
    expect(await card.getByText(/在本人的电脑上用本人的签名密钥签署/).count()).toBe(1)
    expect(await card.getByRole('button', { name: /的身份签署/ }).count()).toBe(0)
    // This laptop as the 组长's own (the seed installed the 组长's key here): 我的评审 → 复核任务 → the task page.
    await api(backend, 'session.actAs', { expertId: seeded.leaderId })
    await page.reload()
    await page.waitForFunction(() => !location.hash.includes('token='))
    await page.evaluate(() => (location.hash = '#/review'))
    const taskList = page.locator('.ant-card').filter({ has: page.getByText('复核任务', { exact: true }) })
    await taskList.getByRole('link', { name: /修改稿第 2 版/ }).click({ timeout: 60_000 })
    await page.getByText('复核：修改稿第 2 版').waitFor()
    const own = page.locator('.ant-card').filter({ has: page.getByText('专家组复核意见', { exact: true }) })
    await own.getByRole('radio', { name: '仍需修改' }).check()
    await own.getByRole('textbox', { name: '复核意见（可选）' }).fill('知识库系统仍未按核定调整，需进一步修改。')
    await own.getByRole('button', { name: /的身份签署/ }).click()
    const dialog = page.getByRole('dialog', { name: '签署专家组复核意见' })
    await dialog.getByText('仍需修改').waitFor()
    await dialog.getByLabel('PIN 码').fill('258036')
    await page.keyboard.press('Enter')
    await own.getByText('已签署', { exact: true }).waitFor({ timeout: 60_000 })
    // Back on the console: the signature is verified there and the document exported.
    await page.evaluate((hash) => (location.hash = hash), `#/meetings/${encodeURIComponent(seeded.meetingId)}/console/followup`)
    await card.getByText('已签署', { exact: true }).waitFor({ timeout: 60_000 })
    const [download] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: '导出专家组复核意见' }).click()])
    const saved = path.join(work, 'downloaded.docx')
    await download.saveAs(saved)
    await card.getByText(/^已导出：/).waitFor()
    const base64 = fs.readFileSync(saved).toString('base64')
    const verified = await api<{ status: string; documentKind: string }>(backend, 'documents.verify', { fileName: 'x.docx', base64 })
    expect(verified).toMatchObject({ status: '有效', documentKind: '专家组复核意见' })
    fs.copyFileSync(saved, path.join(ARTIFACTS, '专家组复核意见.docx'))
    await page.evaluate(() => window.scrollTo(0, 0))
    await card.scrollIntoViewIfNeeded()
    await page.setViewportSize({ width: 1280, height: 720 })
    await card.scrollIntoViewIfNeeded()
    await screenshot(page, 'followup-opinion-1280x720')
    await page.setViewportSize({ width: 1366, height: 768 })
    await card.scrollIntoViewIfNeeded()
    await screenshot(page, 'followup-opinion-1366x768')
    await page.setViewportSize({ width: 1920, height: 1080 })
    await card.scrollIntoViewIfNeeded()
    await screenshot(page, 'followup-opinion-1920x1080')
    for (const size of ['1280x720', '1366x768', '1920x1080']) {
      fs.copyFileSync(path.join(ARTIFACTS, `followup-opinion-${size}.png`), path.join(ROOT, 'docs', 'images', `followup-opinion-${size}.png`))
    }

    // A verdict changed after signing: the signature is shown as 需重新签署 and the export waits.
    await api(backend, 'versions.checklistSave', { versionId: seeded.versionId, reviewerId: seeded.leaderId, kind: 'suggestion', number: 1, verdict: 'done', note: '' })
    await page.reload()
    await page.waitForFunction(() => !location.hash.includes('token='))
    await card.getByText('需重新签署', { exact: true }).waitFor({ timeout: 60_000 })
    expect(await card.getByRole('button', { name: '导出专家组复核意见' }).isDisabled()).toBe(true)

    // 我的评审 (this laptop acts as the 组长): the re-review is the 组长's own task, and opens the checklist.
    await page.evaluate(() => (location.hash = '#/review'))
    const tasks = page.locator('.ant-card').filter({ has: page.getByText('复核任务', { exact: true }) })
    await tasks.getByText('需重新签署', { exact: true }).waitFor({ timeout: 60_000 })
    expect(await tasks.getByText('复核意见签署后有变化，需重新签署').count()).toBe(1)
    for (const [w, h] of [[1280, 720], [1366, 768], [1920, 1080]] as const) {
      await page.setViewportSize({ width: w, height: h })
      await tasks.scrollIntoViewIfNeeded()
      await screenshot(page, `rereview-tasks-${w}x${h}`)
      fs.copyFileSync(path.join(ARTIFACTS, `rereview-tasks-${w}x${h}.png`), path.join(ROOT, 'docs', 'images', `rereview-tasks-${w}x${h}.png`))
    }
    await tasks.getByRole('link', { name: /修改稿第 2 版/ }).click()
    await page.getByText('复核：修改稿第 2 版').waitFor()
    await page.getByText('已删除办公电脑10台，核减6万元。').waitFor({ timeout: 60_000 })
    await page.locator('.ant-card').filter({ has: page.getByText('专家组复核意见', { exact: true }) }).getByText('需重新签署', { exact: true }).waitFor()

    await page.close()
  }, 300_000)

  it('syncs to the 组长’s own laptop: there the stage, the signed 专家组复核意见 with its signer, and its export verifies 有效', async () => {
    // The second laptop is the 组长's own: an expert's laptop holds, by the sync rules, everything the 专家组复核意见 is
    // composed from (the secretariat's rows, its own signed 专家组评审意见, every signer's public followup_opinions
    // row) and exports it; a second secretariat laptop would need the secretariat's key, which never leaves the
    // laptop that made it. The secretariat's laptop makes that key now (the meeting's root of trust), and the 组长's
    // laptop pins its fingerprint, as typed at check-in; both sync through one shared folder.
    const PIN = '135790'
    // The previous step changed a verdict after signing: back to what the 组长 signed, so the signature counts again.
    await api(backend, 'versions.checklistSave', { versionId: seeded.versionId, reviewerId: seeded.leaderId, kind: 'suggestion', number: 1, verdict: 'partial', note: '密评费用已列，方案深度不足。' })
    const trust = await api<{ secretariatKey: { fingerprint: string } | null }>(backend, 'trust.createSecretariatKey', { pin: PIN, pinConfirm: PIN })
    leaderLaptop = await startBackend(leaderDataDir)
    const laptop = leaderLaptop
    await api(laptop, 'trust.pinSecretariat', { fingerprint: trust.secretariatKey?.fingerprint ?? '' })
    for (const b of [backend, laptop]) await api(b, 'sync.configure', { kind: 'folder', folder: syncFolder, meetingId: seeded.meetingId })
    expect((await syncNow(backend)).sent).toBeGreaterThan(0)
    expect((await syncNow(laptop)).received).toBeGreaterThan(0)

    // On the 组长's laptop: the console's 复核 tab, as the 组长 opens it there.
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, acceptDownloads: true })
    await page.goto(laptop.url)
    await page.waitForFunction(() => !location.hash.includes('token='))
    expect(await page.getByTestId('acting-person').textContent()).toBe(`当前专家：${seeded.leaderName}`)
    await page.evaluate((hash) => (location.hash = hash), `#/meetings/${encodeURIComponent(seeded.meetingId)}/console/followup`)
    const card = page.locator('.ant-card').filter({ has: page.getByText('专家组复核意见', { exact: true }) })
    await card.getByText('已签署', { exact: true }).waitFor({ timeout: 60_000 })
    const versions = page.locator('.ant-card').filter({ has: page.getByText('版本', { exact: true }) })
    expect(await versions.getByText('复核中', { exact: true }).count()).toBe(1)
    expect(await versions.getByText(/^修改稿（第 2 版）/).count()).toBeGreaterThan(0)
    // The verdicts are the secretariat's: read here, recorded there.
    expect(await page.getByText(/整改落实情况由秘书处在秘书处的电脑上记录，本机只能查看/).count()).toBe(1)
    // So is the 复核安排: its picker and stage buttons are locked here, with the reason.
    const arrange = page.locator('.ant-card').filter({ has: page.getByText('复核安排', { exact: true }) })
    expect(await arrange.getByText(/复核安排（复核专家、阶段）由秘书处在秘书处的电脑上设置，本机只能查看/).count()).toBe(1)
    expect(await arrange.getByRole('button', { name: '保存复核专家' }).isDisabled()).toBe(true)
    expect(await arrange.getByRole('button', { name: '复核完成' }).isDisabled()).toBe(true)
    await card.getByText('已落实 1 条，部分落实 1 条，未落实 1 条', { exact: false }).waitFor()
    expect(await card.getByText(seeded.leaderName, { exact: false }).count()).toBeGreaterThan(0)
    expect(await card.getByText('需重新签署', { exact: true }).count()).toBe(0)
    await card.scrollIntoViewIfNeeded()
    await screenshot(page, 'followup-synced-1366x768')

    // Exported on this laptop, and checked on its 验证文档 page.
    const [download] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: '导出专家组复核意见' }).click()])
    const saved = path.join(work, '组长电脑导出.docx')
    await download.saveAs(saved)
    await card.getByText(/^已导出：/).waitFor()
    await page.getByRole('menuitem', { name: '验证文档' }).click()
    await page.getByRole('heading', { name: '验证文档' }).waitFor()
    await page.locator('#verify-file').setInputFiles(saved)
    await expect.poll(() => page.getByTestId('verification-status').textContent(), { timeout: 60_000 }).toBe('有效')
    const result = await page.getByTestId('verification-result').textContent()
    expect(result).toContain('验证结果：有效（专家组复核意见）')
    expect(result).toContain(`1个签名均有效（${seeded.leaderName}）`)
    // The signature's 签名内容 names what was signed: the 复核意见, not an expert's 评审意见表.
    const kinds = await page.getByTestId('verification-result').locator('td').allTextContents()
    expect(kinds).toContain('复核意见')
    expect(kinds).not.toContain('评审意见表')
    await screenshot(page, 'followup-synced-verify-1366x768')

    // 我的评审 there: the 组长's re-review task, signed.
    await page.evaluate(() => (location.hash = '#/review'))
    const tasks = page.locator('.ant-card').filter({ has: page.getByText('复核任务', { exact: true }) })
    await tasks.getByText('已签署', { exact: true }).waitFor({ timeout: 60_000 })
    await page.close()
  }, 300_000)

  it('a signature made with an earlier build shows 旧版本签名 and counts while the content is unchanged', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    await page.goto(backend.url)
    await page.waitForFunction(() => !location.hash.includes('token='))
    const card = page.locator('.ant-card').filter({ has: page.getByText('专家组复核意见', { exact: true }) })
    // A signature made with an earlier build: the same row, its signature cell written as the secretariat (as that
    // build did at the secretariat's laptop). The content is what it signed (the sync step put the verdict back), so
    // it counts, marked 旧版本签名 with why. This hand-edit of the log comes after the sync step: a transaction whose
    // cells name two authors is no unit any laptop could seal, and no build ever wrote one.
    const db = new Database(path.join(dataDir, 'paneldesk.sqlite'))
    try {
      db.prepare("UPDATE change_log SET author = 'secretariat' WHERE tbl = 'followup_opinions' AND col = 'signed_payload'").run()
    } finally {
      db.close()
    }
    await page.evaluate((hash) => (location.hash = hash), `#/meetings/${encodeURIComponent(seeded.meetingId)}/console/followup`)
    await card.getByText('旧版本签名', { exact: true }).waitFor({ timeout: 60_000 })
    expect(await card.getByText('已签署', { exact: true }).count()).toBe(1)
    expect(await card.getByText(/此签名用旧版本签署.*内容与现在一致即有效/).count()).toBe(1)
    for (const { width, height } of shotSizes()) {
      await page.setViewportSize({ width, height })
      await card.scrollIntoViewIfNeeded()
      await screenshot(page, `followup-legacy-${width}x${height}`)
    }
    await page.close()
  }, 300_000)
})
