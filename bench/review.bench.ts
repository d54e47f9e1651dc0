/**
 * Bench (issue 4), reported not asserted:
 * - keystroke to durable save in the backend: each score or opinion edit through the API handler, committed
 *   with synchronous=FULL (target p99 < 10 ms), next to a bare prepared-statement insert with the same fsync;
 * - signing and verifying a sheet at submission (SM3 + SM2 over the canonical payload; target < 20 ms);
 * - opening a project's scoring screen with 5,000 budget lines in headless Chromium (target < 300 ms;
 *   needs `npx electron-vite build`).
 * Run: npm run bench   or   npx tsx bench/review.bench.ts
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import BetterSqlite3 from 'better-sqlite3'
import { openBackend } from '../electron/main/backend'
import { BlobStore } from '../electron/main/blobs/store'
import { importPackage } from '../electron/main/services/packageImport'
import { buildSheetPayload, signPayload, verifySignedPayload } from '../shared/signing/envelope'
import { generateKeyPair } from '../shared/signing/sm'
import { DEFAULT_RUBRIC } from '../electron/main/services/rubrics'
import { syntheticPackage } from './packageData'

export interface BenchRow {
  name: string
  value: number
  unit: string
  baseline?: number
  target?: string
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0
}

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d

async function keystrokes(dir: string): Promise<BenchRow[]> {
  const b = await openBackend({ dataDir: path.join(dir, 'keys') })
  const [m] = await b.handlers['meetings.list']({})
  const meeting = await b.handlers['meetings.get']({ meetingId: m!.id })
  const projectId = meeting.projects[1]!.id
  await b.handlers['review.acceptCommitment']({ meetingId: meeting.id })
  await b.handlers['review.declare']({ projectId, kind: 'none', reason: '' })
  const { sheetId } = await b.handlers['sheets.open']({ projectId })
  const items = DEFAULT_RUBRIC.dimensions.flatMap((d) => d.items)
  const times: number[] = []
  for (let i = 0; i < 1000; i++) {
    const item = items[i % items.length]!
    const t0 = performance.now()
    if (i % 2) await b.handlers['sheets.setScore']({ sheetId, itemId: item.id, value: (i % (item.points * 2)) / 2, na: false })
    else await b.handlers['sheets.setOpinion']({ sheetId, dimensionId: 'tech', text: `意见第 ${i} 稿：需求分析较充分。` })
    times.push(performance.now() - t0)
  }
  b.close()
  // Baseline: one prepared INSERT per transaction with the same durability (WAL, synchronous=FULL).
  const raw = new BetterSqlite3(path.join(dir, 'raw.sqlite'))
  raw.pragma('journal_mode = WAL')
  raw.pragma('synchronous = FULL')
  raw.exec('CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)')
  const ins = raw.prepare('INSERT INTO t (v) VALUES (?)')
  const base: number[] = []
  for (let i = 0; i < 1000; i++) {
    const t0 = performance.now()
    ins.run(`value ${i}`)
    base.push(performance.now() - t0)
  }
  raw.close()
  return [
    { name: 'keystroke → durable save, p50 (backend)', value: round(percentile(times, 50)), unit: 'ms', baseline: round(percentile(base, 50)) },
    { name: 'keystroke → durable save, p99 (target < 10 ms)', value: round(percentile(times, 99)), unit: 'ms', baseline: round(percentile(base, 99)), target: '< 10 ms' }
  ]
}

function signing(): BenchRow[] {
  const keys = generateKeyPair()
  const scores = Object.fromEntries(DEFAULT_RUBRIC.dimensions.flatMap((d) => d.items.map((i) => [i.id, { value: i.points - 1, na: false }])))
  const budgetLines = Array.from({ length: 120 }, (_, i) => ({ lineId: `l${i}`, name: `概算行 ${i}`, category: '应用软件开发', submittedAmount: 10 + i }))
  const payload = buildSheetPayload({
    sheetId: 's',
    revision: 1,
    meeting: { id: 'm', name: '评审会', date: '2026-12-03', place: '三明' },
    project: { id: 'p', name: '项目', ownerUnit: '建设单位', authorUnit: '编制单位', declaredInvestment: 1000, packageDigest: 'a'.repeat(64) },
    expert: { id: 'e', name: '专家', unit: '单位', title: '教授', specialty: '软件' },
    rubric: DEFAULT_RUBRIC,
    content: {
      scores,
      opinions: { tech: '意见'.repeat(200) },
      mainProblems: [],
      suggestions: [],
      conclusion: 'revise',
      budgetReview: { l3: { lineId: 'l3', approvedAmount: 5, reason: '单价偏高', note: '' } },
      declaration: { kind: 'none', reason: '', declaredAt: '2026-12-03T01:00:00Z' }
    },
    budgetLines,
    submittedAt: '2026-12-03T02:00:00Z'
  })
  const times: number[] = []
  for (let i = 0; i < 50; i++) {
    const t0 = performance.now()
    const signed = signPayload('expert-sheet', payload, keys.privateKey, keys.publicKey, { id: 'e', name: '专家' }, new Date())
    if (verifySignedPayload(signed).status !== 'valid') throw new Error('did not verify')
    times.push(performance.now() - t0)
  }
  return [{ name: 'sign + verify a sheet with 120 budget lines, median (target < 20 ms)', value: round(percentile(times, 50)), unit: 'ms', target: '< 20 ms' }]
}

async function scoringScreen(dir: string): Promise<BenchRow[]> {
  const { launchBrowser, startBackend } = await import('../tests/e2e/harness')
  const dataDir = path.join(dir, 'screen')
  const prep = await openBackend({ dataDir })
  const [m] = await prep.handlers['meetings.list']({})
  const bytes = await syntheticPackage(5000, 5)
  const result = await importPackage(prep.db(), new BlobStore(dataDir), { meetingId: m!.id, source: bytes, sourceName: 'bench.pdpkg' })
  await prep.handlers['review.acceptCommitment']({ meetingId: m!.id })
  await prep.handlers['review.declare']({ projectId: result.projectId, kind: 'none', reason: '' })
  await prep.handlers['sheets.open']({ projectId: result.projectId })
  prep.close()
  const backend = await startBackend(dataDir)
  const browser = await launchBrowser()
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    await page.goto(backend.url)
    await page.getByText('评审会议').first().waitFor()
    const times: number[] = []
    for (let i = 0; i < 5; i++) {
      await page.evaluate(() => (location.hash = '#/'))
      await page.getByRole('heading', { name: '评审会议' }).waitFor()
      const t0 = Date.now()
      await page.evaluate((id) => (location.hash = `#/projects/${id}`), result.projectId)
      await page.getByLabel('需求分析与业务流程得分（满分8）').waitFor()
      times.push(Date.now() - t0)
    }
    return [{ name: 'open the scoring screen of a project with 5,000 budget lines, median (target < 300 ms)', value: percentile(times, 50), unit: 'ms', target: '< 300 ms' }]
  } finally {
    await browser.close()
    await backend.stop()
  }
}

export async function run(): Promise<BenchRow[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paneldesk-bench-review-'))
  try {
    return [...(await keystrokes(dir)), ...signing(), ...(await scoringScreen(dir))]
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  run().then(
    (rows) => console.table(rows),
    (err: unknown) => {
      console.error(err)
      process.exit(1)
    }
  )
}
