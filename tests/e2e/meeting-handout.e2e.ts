/**
 * A whole meeting across real processes (issue 7): the secretariat's backend creates a meeting from three packages,
 * registers five experts, assigns them and hands the meeting out through a shared folder; five expert backends
 * (each its own data folder, as five laptops) take it from the folder, make their keys, which the secretariat
 * registers at check-in, then score, review the budget, sign and sync back; the secretariat sees 5/5 counted and
 * merges, the 组长 signs the panel opinions on the 组长's own laptop, that signature reaches the secretariat
 * through the folder, and every exported document verifies 有效. The deviating expert writes a 偏离说明 on their
 * project page, and the secretariat's merge view shows it.
 *
 * The secretariat's screens are driven in Chromium (check-in, hand-out, board, merge), as are the 组长's signing and
 * one expert's 同步 page and 偏离说明; the rest goes through the HTTP API of each backend.
 */
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { captureScreen } from './a11y'
import { FIXTURE_PACKAGES, PANEL } from './fixtures'
import { ROOT, api, launchBrowser, startBackend, tempDataDir, type RunningBackend } from './harness'
import { lastRunId, syncNow, until, waitForNewRun } from './syncRuns'

const execFileAsync = promisify(execFile)
const PIN = '385172'
const PACKAGES = FIXTURE_PACKAGES
const EXPERTS = PANEL
/** The expert who scores the first project's 技术方案 far below the others (a deviation to explain). */
const DEVIANT = 4
const LEADER = 0
const NOTE = '本人认为技术路线未依托政务云，应重新论证，故技术方案评分偏低。'

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'paneldesk-e2e-handout-'))
const shared = path.join(work, '共享文件夹')
const exportDir = path.join(work, '导出')
let browser: Browser | undefined
let secretariat: RunningBackend
const laptops: RunningBackend[] = []
/** Every backend that started (stopped in afterAll even when another failed to start). */
const running: RunningBackend[] = []
const dataDirs: string[] = []

beforeAll(async () => {
  fs.mkdirSync(shared)
  dataDirs.push(tempDataDir('handout-secretariat'), ...EXPERTS.map((_, i) => tempDataDir(`handout-expert${i + 1}`)))
  const started = await Promise.allSettled(
    dataDirs.map(async (dir) => {
      const b = await startBackend(dir)
      running.push(b)
      return b
    })
  )
  const failed = started.find((r) => r.status === 'rejected')
  if (failed) throw failed.reason
  const backends = started.map((r) => (r as PromiseFulfilledResult<RunningBackend>).value)
  secretariat = backends[0]!
  laptops.push(...backends.slice(1))
  browser = await launchBrowser()
}, 180_000)

afterAll(async () => {
  await browser?.close()
  // Each backend by its own process (RunningBackend.stop: SIGTERM to its PID, then wait for the exit).
  await Promise.all(running.map((b) => b.stop()))
  for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true })
  fs.rmSync(work, { recursive: true, force: true })
})

// ---------------------------------------------------------------------------------------------------------
// What this test reads of the API's answers (tsconfig.e2e.json keeps the tests apart from the app's types)
// ---------------------------------------------------------------------------------------------------------

interface LiveBoard {
  rows: { submitted: number; expected: number; cells: { counted: boolean; state: string }[] }[]
}
interface MeetingMergeView {
  projects: { counted: unknown[]; merge: unknown; notes: { expertId: string; dimensionId: string; text: string }[] }[]
}
interface PanelOpinionView {
  projectName: string
  actingIsLeader: boolean
  draft: { process: string; opinions: Record<string, string>; problems: string[]; suggestions: string[]; conclusion: string } | null
  status: 'draft' | 'signed' | 'stale'
  signatureCheck: { status: string; reason: string } | null
}
interface BudgetReviewView {
  lines: { lineId: string; submitted: number }[]
  totals: { changedLines: number }
}

// ---------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------

async function waitJob(b: RunningBackend, jobId: string): Promise<void> {
  await until(
    `job ${jobId}`,
    async () => {
      const j = await api<{ status: string; error?: { message: string } | null }>(b, 'jobs.get', { jobId })
      if (j.status === 'done') return true
      if (j.status !== 'running') throw new Error(`job ${j.status}: ${JSON.stringify(j.error)}`)
      return false
    },
    60_000,
    200
  )
}

async function openPage(b: RunningBackend, hash: string): Promise<Page> {
  const page = await browser!.newPage({ viewport: { width: 1366, height: 768 } })
  await page.goto(b.url)
  await page.waitForFunction(() => !location.hash.includes('token='))
  await page.evaluate((h) => {
    location.hash = h
  }, hash)
  return page
}

const capture = (page: Page, name: string) => captureScreen(page, name, { wide: false })

interface Rubric {
  dimensions: { id: string; items: { id: string; points: number; step: number }[] }[]
}

/** What one expert's laptop does for one project, through its API: declare, score, opinions, one budget line. */
async function scoreProject(b: RunningBackend, projectId: string, index: number, pi: number): Promise<string> {
  await api(b, 'review.declare', { projectId, kind: 'none', reason: '' })
  const { sheetId } = await api<{ sheetId: string }>(b, 'sheets.open', { projectId })
  const ws = await api<{ rubric: Rubric }>(b, 'projects.workspace', { projectId })
  for (const d of ws.rubric.dimensions) {
    const low = index === DEVIANT && pi === 0 && d.id === 'tech'
    for (const item of d.items) {
      const value = low ? 0 : Math.max(0, item.points - item.step * ((index + pi + item.points) % 3))
      await api(b, 'sheets.setScore', { sheetId, itemId: item.id, value, na: false })
    }
    await api(b, 'sheets.setOpinion', { sheetId, dimensionId: d.id, text: low ? '技术路线不依托政务云，应重新论证。' : '' })
  }
  await api(b, 'sheets.setList', {
    sheetId,
    kind: 'mainProblems',
    items: [{ id: `p${index}`, text: index % 2 === 0 ? '密码应用方案不完整，未列支密评费用。' : '未明确等保定级。' }]
  })
  await api(b, 'sheets.setList', { sheetId, kind: 'suggestions', items: [{ id: `s${index}`, text: '建议复用市级统一身份认证平台。' }] })
  await api(b, 'sheets.setConclusion', { sheetId, conclusion: index === DEVIANT ? 'reject' : 'revise' })
  // A veto (e.g. 第十二条 不得建设) suggests 不予通过: another conclusion needs the expert's reason.
  const opened = await api<{ suggestionVetoes: string[] }>(b, 'sheets.open', { projectId })
  if (index !== DEVIANT && opened.suggestionVetoes.length > 0) await api(b, 'sheets.setConclusionReason', { sheetId, text: '否决项所指问题可在修改完善中解决。' })
  // 概算审核: cut the first line with an amount by 20 %.
  const budget = await api<BudgetReviewView>(b, 'budgetReview.get', { projectId })
  const line = budget.lines.find((l) => l.submitted > 0)
  expect(line, 'a budget line to review').toBeTruthy()
  const reviewed = await api<BudgetReviewView>(b, 'budgetReview.setLine', {
    sheetId,
    lineId: line!.lineId,
    approvedAmount: Math.round(line!.submitted * 80) / 100,
    reason: '单价偏高',
    note: ''
  })
  expect(reviewed.totals.changedLines).toBe(1)
  return sheetId
}

async function scoreAndSubmit(b: RunningBackend, projectIds: string[], index: number): Promise<void> {
  for (const [pi, projectId] of projectIds.entries()) {
    const sheetId = await scoreProject(b, projectId, index, pi)
    const check = await api<{ problems: unknown[] }>(b, 'sheets.check', { sheetId })
    expect(check.problems, JSON.stringify(check.problems)).toEqual([])
    await api(b, 'sheets.submit', { sheetId, pin: PIN })
  }
}

// ---------------------------------------------------------------------------------------------------------
// The meeting
// ---------------------------------------------------------------------------------------------------------

describe('a meeting handed out through a folder to five expert laptops', () => {
  it('goes from creation to signed panel opinions and verified documents', async () => {
    const t0 = Date.now()
    const lap = (what: string) => console.log(`[meeting-handout] ${what}: ${((Date.now() - t0) / 1000).toFixed(1)} s`)
    // Every backend seeded its own demo meeting on first start; this meeting is new, so the demos go.
    await Promise.all([secretariat, ...laptops].map((b) => api(b, 'demo.remove')))

    // --- The secretariat: the meeting, three packages, five experts, everyone assigned, the 组长. -------------
    const meeting = await api<{ id: string }>(secretariat, 'meetings.create', {
      name: '2026年第13批市级政务信息化项目评审会',
      date: '2026-12-17',
      place: '三明市行政服务中心四楼会议室',
      organiser: '三明市数据管理局'
    })
    const meetingId = meeting.id
    for (const p of PACKAGES) {
      const job = await api<{ id: string }>(secretariat, 'packages.import', { meetingId, source: { kind: 'path', path: p } })
      await waitJob(secretariat, job.id)
    }
    const experts: { id: string; name: string }[] = []
    for (const [name, unit, title, specialty, phone] of EXPERTS) {
      experts.push(await api<{ id: string; name: string }>(secretariat, 'console.addExpert', { meetingId, expert: { name, unit, title, specialty, phone, pastUnits: [] } }))
    }
    const matrix = await api<{ problemCount: number; rows: unknown[] }>(secretariat, 'assignments.everyone', { meetingId })
    expect(matrix.rows.length).toBe(3)
    expect(matrix.problemCount).toBe(0)
    await api(secretariat, 'console.setLeader', { meetingId, expertId: experts[LEADER]!.id })
    const projects = (await api<{ projects: { id: string }[] }>(secretariat, 'console.get', { meetingId })).projects
    expect(projects.length).toBe(3)
    const projectIds = projects.map((p) => p.id)
    lap('meeting set up')

    // --- The secretariat's key: the meeting's root of trust, read aloud at check-in. ---------------------------
    const trust = await api<{ secretariatKey: { grouped: string } }>(secretariat, 'trust.createSecretariatKey', { pin: PIN, pinConfirm: PIN })
    const secretariatFp = trust.secretariatKey.grouped

    // --- Hand out through the folder (结束与归档 → 交给专家). ----------------------------------------------
    const sec = await openPage(secretariat, `#/meetings/${encodeURIComponent(meetingId)}/console/audit`)
    await sec.getByLabel('分发文件夹').fill(shared)
    const beforeHandout = await lastRunId(secretariat)
    await sec.getByRole('button', { name: '交给专家（同步到文件夹）' }).click()
    await sec.getByText('已开始同步到该文件夹').waitFor()
    const handout = await waitForNewRun(secretariat, beforeHandout)
    expect(handout.ok, JSON.stringify(handout.issues)).toBe(true)
    expect(handout.sent).toBeGreaterThan(0)
    expect(fs.readdirSync(shared).filter((n) => n.endsWith('.sqlite')).length).toBe(1)
    await capture(sec, '40-handout')
    lap('handed out')

    // --- Each laptop takes the meeting from the folder and makes its key. The deviating expert's laptop uses
    // its 同步 page; the others the API, at the same time (four other laptops; a two-core machine runs their syncs
    // beside the browser's steps instead of after them). -----------------------------------------------------
    const joinThenKey = async (b: RunningBackend, i: number): Promise<string> => {
      const m = await api<{ projects: { id: string }[]; experts: { id: string }[] }>(b, 'meetings.get', { meetingId })
      expect(m.projects.map((p) => p.id).sort()).toEqual([...projectIds].sort())
      expect(m.experts.length).toBe(5)
      await api(b, 'session.actAs', { expertId: experts[i]!.id })
      const id = await api<{ fingerprintGrouped: string; registration: string }>(b, 'identity.createKey', { pin: PIN, pinConfirm: PIN })
      expect(id.registration).toBe('none')
      return id.fingerprintGrouped
    }
    const othersJoined = Promise.all(
      laptops.map(async (b, i) => {
        if (i === DEVIANT) return ''
        await api(b, 'trust.pinSecretariat', { fingerprint: secretariatFp })
        await api(b, 'sync.configure', { kind: 'folder', folder: shared, meetingId })
        await syncNow(b)
        return joinThenKey(b, i)
      })
    )
    // Awaited below; a failure of the browser's steps meanwhile must not leave it unhandled.
    othersJoined.catch(() => undefined)
    const deviantPage = await openPage(laptops[DEVIANT]!, '#/sync')
    await deviantPage.getByRole('heading', { name: '同步', level: 1 }).waitFor()
    // The fingerprint the secretariat reads aloud, typed on the expert's laptop: what its key signs is trusted.
    await deviantPage.getByLabel('确认秘书处公钥指纹').fill(secretariatFp)
    await deviantPage.getByRole('button', { name: /^确\s*定$/ }).click()
    await deviantPage.getByText(secretariatFp).first().waitFor()
    await deviantPage.getByLabel('文件夹路径').fill(shared)
    await deviantPage.getByRole('button', { name: /保\s*存/ }).click()
    await deviantPage.getByText(`共享文件夹 ${shared}`).waitFor()
    const deviantBefore = await lastRunId(laptops[DEVIANT]!)
    await deviantPage.getByRole('button', { name: /立即同步/ }).click()
    const joined = await waitForNewRun(laptops[DEVIANT]!, deviantBefore)
    expect(joined.ok && joined.rejected === 0, JSON.stringify(joined.issues)).toBe(true)
    await deviantPage.getByText(/收到 [1-9]\d* 项修改/).waitFor({ timeout: 20_000 })
    await capture(deviantPage, '46-expert-sync')
    const fingerprints = await othersJoined
    fingerprints[DEVIANT] = await joinThenKey(laptops[DEVIANT]!, DEVIANT)
    lap('laptops joined')

    // --- Check-in at the secretariat (专家与报到): the fingerprints each expert reads out. --------------------
    await sec.evaluate((h) => {
      location.hash = h
    }, `#/meetings/${encodeURIComponent(meetingId)}/console/experts`)
    for (const [i, e] of experts.entries()) {
      await sec.getByRole('button', { name: `报到登记：${e.name}` }).click()
      await sec.getByRole('dialog', { name: `报到登记：${e.name}` }).waitFor()
      await sec.getByLabel('公钥指纹').fill(fingerprints[i]!)
      await sec.getByRole('button', { name: /^登\s*记$/ }).click()
      await sec.getByRole('dialog', { name: `报到登记：${e.name}` }).waitFor({ state: 'hidden' })
    }
    await sec.getByText('已登记 5/5 人').waitFor()
    await capture(sec, '41-checkin')
    // 开始评审 (会议设置), and the experts learn of it through the folder.
    await sec.getByRole('tab', { name: '会议设置' }).click()
    await sec.getByRole('button', { name: '开始评审（会议开始）' }).click()
    await sec.getByRole('button', { name: '开始评审', exact: true }).click()
    await sec.getByText('会议已开始').first().waitFor()
    await syncNow(secretariat)

    // --- Four experts score, sign and sync back (in parallel, as four laptops would). -------------------------
    const others = laptops.map((b, i) => ({ b, i })).filter(({ i }) => i !== DEVIANT)
    await Promise.all(
      others.map(async ({ b, i }) => {
        await syncNow(b)
        // The registration came through the folder: the laptop now knows its key is the registered one.
        expect((await api<{ registration: string }>(b, 'identity.get')).registration).toBe('match')
        await api(b, 'review.acceptCommitment', { meetingId })
        await scoreAndSubmit(b, projectIds, i)
      })
    )
    // One at a time: each laptop's file then carries what it has submitted.
    for (const { b } of others) await syncNow(b)
    lap('four experts submitted')

    // --- Independence through the folder (docs/sync.md, "Sealed envelopes"): the others' sheets are in the folder
    // only encrypted to the secretariat's key and their authors'; the deviating expert's laptop holds withheld stubs
    // of them and its board shows nothing of them before its own submission.
    const deviant = laptops[DEVIANT]!
    await syncNow(deviant)
    expect((await api<{ registration: string }>(deviant, 'identity.get')).registration).toBe('match')
    const seen = await api<LiveBoard>(deviant, 'board.get', { meetingId })
    expect(seen.rows.map((r) => r.submitted)).toEqual([0, 0, 0])
    await api(deviant, 'review.acceptCommitment', { meetingId })
    const firstSheet = await scoreProject(deviant, projectIds[0]!, DEVIANT, 0)
    expect((await api<{ flags: unknown[] }>(deviant, 'merge.myDeviations', { projectId: projectIds[0] })).flags).toEqual([])
    await api(deviant, 'sheets.submit', { sheetId: firstSheet, pin: PIN })
    for (const [pi, projectId] of projectIds.entries()) {
      if (pi === 0) continue
      const sheetId = await scoreProject(deviant, projectId, DEVIANT, pi)
      await api(deviant, 'sheets.submit', { sheetId, pin: PIN })
    }
    // After submitting, the expert's laptop syncs; the secretariat's laptop (its key unlocked) releases the others'
    // work on those projects to it; at its next sync it opens them and sees where its own score deviates.
    await syncNow(deviant)
    await syncNow(secretariat)
    await syncNow(deviant)
    expect((await api<LiveBoard>(deviant, 'board.get', { meetingId })).rows.map((r) => r.submitted)).toEqual([5, 5, 5])
    const mine = await api<{ flags: { dimensionId: string; name: string; score: number; median: number }[] }>(deviant, 'merge.myDeviations', { projectId: projectIds[0] })
    expect(mine.flags.map((f) => f.dimensionId)).toContain('tech')
    lap('fifth expert submitted')

    // --- The deviating expert explains on their project page (偏离说明), then syncs. ------------------------
    // A fresh page: the laptop chose its identity (session.actAs) after the 同步 page was opened.
    await deviantPage.close()
    const projectPage = await openPage(deviant, `#/projects/${encodeURIComponent(projectIds[0]!)}`)
    await projectPage.getByTestId('acting-person').filter({ hasText: EXPERTS[DEVIANT]![0] }).waitFor()
    const notes = projectPage.getByTestId('deviation-notes')
    await notes.waitFor()
    const techFlag = mine.flags.find((f) => f.dimensionId === 'tech')!
    const box = notes.getByLabel(`「${techFlag.name}」偏离说明`)
    await box.fill(NOTE)
    await notes.getByText('已保存').waitFor()
    await capture(projectPage, '45-expert-deviation-note')
    await expect
      .poll(async () => (await api<{ flags: { dimensionId: string; note: string }[] }>(deviant, 'merge.myDeviations', { projectId: projectIds[0] })).flags.find((f) => f.dimensionId === 'tech')?.note)
      .toBe(NOTE)
    await syncNow(deviant)

    // --- The secretariat syncs; the board shows 5/5 counted on every project. -------------------------------
    await sec.evaluate((h) => {
      location.hash = h
    }, `#/meetings/${encodeURIComponent(meetingId)}/console/board`)
    await syncNow(secretariat)
    await expect.poll(async () => sec.getByText('5/5 已计入').count(), { timeout: 15_000 }).toBe(3)
    const board = await api<LiveBoard>(secretariat, 'board.get', { meetingId })
    expect(board.rows.every((r) => r.cells.every((c) => c.counted && c.state === 'submitted'))).toBe(true)
    await capture(sec, '42-board')
    lap('secretariat sees 5/5')

    // --- Merge: the flagged deviation with the expert's 偏离说明. ------------------------------------------
    await sec.getByRole('tab', { name: '汇总' }).click()
    await sec.getByTestId('merge-table').waitFor()
    await sec.getByText(NOTE).first().waitFor()
    const merged = await api<MeetingMergeView>(secretariat, 'merge.meeting', { meetingId })
    expect(merged.projects.every((p) => p.counted.length === 5 && p.merge !== null)).toBe(true)
    expect(merged.projects[0]!.notes.some((n) => n.expertId === experts[DEVIANT]!.id && n.text === NOTE)).toBe(true)
    await capture(sec, '43-merge')
    lap('merged')

    // --- The 组长 signs on the 组长's own laptop: the first project through the console there, the others by API.
    const leader = laptops[LEADER]!
    await syncNow(leader)
    const lp = await openPage(leader, `#/meetings/${encodeURIComponent(meetingId)}/console/panel`)
    await lp.getByText('草稿，未签署').waitFor()
    await lp.getByRole('button', { name: /加入：密码应用方案/ }).click()
    // The PIN dialog names what is signed; Enter confirms.
    await lp.getByRole('button', { name: '签署专家组意见…' }).click()
    await lp.getByTestId('signed-summary').waitFor()
    await lp.getByLabel('组长 PIN 码', { exact: true }).fill(PIN)
    await lp.keyboard.press('Enter')
    await lp.getByText('组长已签署', { exact: true }).waitFor()
    await lp.getByText('组长签名有效').waitFor()
    await capture(lp, '44-leader-signs')
    await lp.close()
    for (const projectId of projectIds.slice(1)) {
      const v = await api<PanelOpinionView>(leader, 'panel.get', { projectId })
      expect(v.actingIsLeader).toBe(true)
      const draft = v.draft!
      await api(leader, 'panel.saveDraft', {
        projectId,
        draft: { ...draft, problems: draft.problems.length > 0 ? draft.problems : ['密码应用方案不完整，未列支密评费用。'] }
      })
      const signed = await api<PanelOpinionView>(leader, 'panel.sign', { projectId, pin: PIN })
      expect(signed.status).toBe('signed')
    }
    // The secretariat cannot sign for the 组长.
    await expect(api(secretariat, 'panel.sign', { projectId: projectIds[0], pin: PIN })).rejects.toThrow(/只有组长/)
    await syncNow(leader)
    await syncNow(secretariat)
    for (const projectId of projectIds) {
      const v = await api<PanelOpinionView>(secretariat, 'panel.get', { projectId })
      expect(v.status, v.projectName).toBe('signed')
      expect(v.signatureCheck?.status).toBe('valid')
    }
    // Everyone syncs: the other laptops learn of the signed opinions too.
    for (const b of laptops) if (b !== leader) await syncNow(b)
    expect((await api<PanelOpinionView>(laptops[1]!, 'panel.get', { projectId: projectIds[2] })).status).toBe('signed')
    lap('panel opinions signed and synced')

    // --- Every document of every project comes out and verifies 有效. --------------------------------------
    const job = await api<{ id: string }>(secretariat, 'documents.export', { meetingId, scope: { kind: 'meeting' }, folder: exportDir })
    await waitJob(secretariat, job.id)
    const files = fs.readdirSync(exportDir, { recursive: true }).map(String).filter((f) => f.endsWith('.docx'))
    // Per project: five 个人评审意见表, the 专家组评审意见, the 评分汇总表 and the 概算审核对比表.
    expect(files.length, files.join('\n')).toBe(3 * 8)
    const panelFiles = files.filter((f) => f.includes('专家组评审意见'))
    expect(panelFiles.length).toBe(3)
    // And offline, in other processes, against the fingerprints registered at check-in (`npx paneldesk verify`):
    // started first, so that they run on the second core while the backend verifies every file.
    const registered = path.join(work, '登记指纹.json')
    const checkedIn = (await api<{ experts: { id: string; fingerprint: string }[] }>(secretariat, 'console.get', { meetingId })).experts
    fs.writeFileSync(registered, JSON.stringify(Object.fromEntries(checkedIn.map((e) => [e.id, e.fingerprint]))))
    const offline = Promise.all(
      panelFiles.map(async (f) => {
        const { stdout } = await execFileAsync(process.execPath, [path.join(ROOT, 'bin/paneldesk.mjs'), 'verify', path.join(exportDir, f), '--json', '--fingerprints', registered], { cwd: ROOT, encoding: 'utf8' })
        return { f, r: JSON.parse(stdout) as { status: string; signatures: { kind: string; status: string }[] } }
      })
    )
    // Awaited below; a failed check meanwhile must not leave it unhandled.
    offline.catch(() => undefined)
    for (const f of files) {
      const v = await api<{ status: string; signatures: { kind: string; status: string }[] }>(secretariat, 'documents.verify', {
        fileName: path.basename(f),
        base64: fs.readFileSync(path.join(exportDir, f)).toString('base64')
      })
      expect(v.status, f).toBe('有效')
      if (f.includes('专家组评审意见')) expect(v.signatures.filter((s) => s.kind === 'panel-opinion' && s.status === 'valid').length, f).toBe(1)
    }
    for (const { f, r } of await offline) {
      expect(r.status, f).toBe('有效')
      // The 组长's signature and the five experts' sheets it was made from.
      expect(r.signatures.filter((x) => x.status === 'valid').map((x) => x.kind).sort(), f).toEqual(['expert-sheet', 'expert-sheet', 'expert-sheet', 'expert-sheet', 'expert-sheet', 'panel-opinion'])
    }
    lap('documents verified')
    await sec.close()
    await projectPage.close()
  }, 200_000)
})
