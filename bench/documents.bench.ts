/**
 * Bench of the Word documents (issue 6). `npm run bench` calls run(); standalone: npx tsx bench/documents.bench.ts
 *  - 专家组评审意见, 9 experts × 2,000 budget lines: target < 500 ms (warm: the signatures were verified before, as
 *    in an export; cold: nothing cached), next to the same document packed by docx alone (no raw tables);
 *  - 概算审核对比表 of that project, the other documents;
 *  - a whole meeting, 20 projects × 9 experts × 2,000 budget lines: gathered (each project when the export reaches
 *    it, from one snapshot of the database), every document built, written into a folder and checked from disk,
 *    through the export service (worker threads): target < 15 s, next to the export as it was before them
 *    (everything gathered first, main thread, every file verified in full).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { buildBudgetComparisonDocx } from '../electron/main/documents/budgetComparison'
import { buildExpertOpinionDocx } from '../electron/main/documents/expertOpinion'
import { buildPanelOpinionDocx } from '../electron/main/documents/panelOpinion'
import { buildScoreSummaryDocx } from '../electron/main/documents/scoreSummary'
import { setRawTables } from '../electron/main/documents/rawTable'
import { makeFixture } from '../tests/kits/documents/testData'
import { seedSignedMeeting } from '../tests/kits/documents/testDb'
import { verifyDocx } from '../electron/main/documents/verify'
import { clearVerifyCache } from '../electron/main/documents/verifyCache'
import { clearChartMemo } from '../electron/main/documents/chartImage'
import { closeDb, openDb } from '../electron/main/db/connection'
import { migrate } from '../electron/main/db/migrator'
import { gatherProjects } from '../electron/main/services/documents'
import { runExport } from '../electron/main/services/documentExport'
import { gatherLazily, type ProjectGathering } from '../electron/main/services/documentGathering'
import type { ProjectSnapshot } from '../electron/main/services/documents'
import { clearOpinionVerdicts } from '../electron/main/services/opinionVerdicts'
import { acquireBuildPool, defaultPoolSize, releaseBuildPool } from '../electron/main/documents/buildPool'

export interface BenchRow {
  name: string
  value: number
  unit: string
  baseline?: number
  target?: string
  note?: string
}

const RUNS = 5

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

async function timeMedian(fn: () => Promise<unknown>, before?: () => void): Promise<number> {
  const out: number[] = []
  for (let i = 0; i < RUNS; i++) {
    before?.()
    const s = performance.now()
    await fn()
    out.push(performance.now() - s)
  }
  return median(out)
}

/**
 * A whole meeting as the secretariat exports it: 20 projects × 9 experts, 2,000-line budgets (a realistic 概算).
 * Gathering verifies every signed sheet once (first check ever: nothing remembered); the export builds 240 files in
 * worker threads (one per core), writes them and checks each against the bytes built (SHA-256). The baseline, in the
 * same run on the same data, is the export as it was before the worker threads: every document built in the main
 * thread and every written file read back and verified in full. CPU time is the process's, workers included.
 */
/** Projects of the whole-meeting run (20; a smaller run for a quick look: BENCH_DOC_PROJECTS=4). */
const PROJECTS = Number(process.env.BENCH_DOC_PROJECTS ?? 20)

/**
 * Starts the process's export workers (kept between exports: buildPool.acquireBuildPool) and waits until each has
 * loaded the builders, as after any earlier export in the app's session. Returns the CPU this took: run from source
 * each worker compiles the TypeScript through tsx (seconds); the built app loads plain JavaScript.
 */
async function warmWorkers(): Promise<{ cpuMs: number; wallMs: number }> {
  const cpu = process.cpuUsage()
  const t = performance.now()
  const pool = acquireBuildPool(defaultPoolSize())
  if (pool) {
    const junk = { op: 'verify' as const, bytes: new Uint8Array(8), options: {} }
    await Promise.all(Array.from({ length: pool.size }, () => pool.run(junk)))
    await releaseBuildPool(pool, false)
  }
  const c = process.cpuUsage(cpu)
  return { cpuMs: (c.user + c.system) / 1000, wallMs: performance.now() - t }
}

interface ExportRun {
  /** Time spent gathering (lazily gathered: the sum of the gathering steps, which overlap the builds). */
  gatherMs: number
  /** From the first read to the last file checked. */
  totalMs: number
  exportMs: number
  cpuMs: number
  files: number
  workers: number
}

async function meeting(): Promise<{ ours: ExportRun; before: ExportRun; rememberedMs: number; warm: { cpuMs: number; wallMs: number } }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paneldesk-bench-'))
  try {
    const db = openDb(path.join(dir, 'bench.sqlite'))
    await migrate(db, { backupDir: path.join(dir, 'backups') })
    const m = seedSignedMeeting(db, { projects: PROJECTS, experts: 9, budgetLines: 2000 })
    const exportOnce = async (out: string, options: { fullVerify: boolean; workers?: number }, lazy: boolean): Promise<ExportRun> => {
      clearVerifyCache()
      clearChartMemo()
      clearOpinionVerdicts()
      db.sqlite.prepare('DELETE FROM signature_verdicts').run()
      const folder = path.join(dir, out)
      fs.mkdirSync(folder)
      const cpu = process.cpuUsage()
      const g = performance.now()
      let gatherMs = 0
      let projects: ProjectSnapshot[] | ProjectGathering
      if (lazy) {
        // As the app exports: one snapshot of the database, each project gathered when the export reaches it.
        const source = gatherLazily(db, m.meetingId)
        projects = {
          names: source.names,
          close: source.close,
          snapshot: (i) => {
            const t = performance.now()
            try {
              return source.snapshot(i)
            } finally {
              gatherMs += performance.now() - t
            }
          }
        }
      } else {
        projects = gatherProjects(db, m.meetingId)
        gatherMs = performance.now() - g
      }
      const s = performance.now()
      const summary = await runExport(projects, { kind: 'meeting' }, folder, undefined, options)
      if (summary.failed.length > 0) throw new Error(`export failed: ${summary.failed[0]!.reason}`)
      const c = process.cpuUsage(cpu)
      const end = performance.now()
      return { gatherMs, totalMs: end - g, exportMs: end - s, cpuMs: (c.user + c.system) / 1000, files: summary.written.length, workers: summary.workerThreads ?? 0 }
    }
    const warm = await warmWorkers()
    const ours = await exportOnce('out', { fullVerify: false }, true)
    // The app restarted after the board has shown the meeting: the verdicts stored in the database are reused.
    clearVerifyCache()
    clearOpinionVerdicts()
    const r = performance.now()
    gatherProjects(db, m.meetingId)
    const rememberedMs = performance.now() - r
    const before = await exportOnce('out-before', { fullVerify: true, workers: 0 }, false)
    closeDb(db)
    return { ours, before, rememberedMs, warm }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = []
  const f = makeFixture({ experts: 9, budgetLines: 2000 })
  await buildPanelOpinionDocx(f.panelInput) // warm-up (JIT; the signatures get verified once, as in an export)

  const warm = await timeMedian(() => buildPanelOpinionDocx(f.panelInput))
  const cold = await timeMedian(() => buildPanelOpinionDocx(f.panelInput), clearVerifyCache)
  setRawTables(false)
  const docxOnly = await timeMedian(() => buildPanelOpinionDocx(f.panelInput))
  setRawTables(true)
  rows.push({ name: '专家组评审意见 9×2000 (target < 500 ms)', value: Math.round(warm), unit: 'ms', baseline: Math.round(docxOnly), note: 'baseline: packed by docx alone' })
  rows.push({ name: '专家组评审意见 9×2000, cold (signatures re-verified)', value: Math.round(cold), unit: 'ms', baseline: Math.round(docxOnly) })

  const bytes = await buildPanelOpinionDocx(f.panelInput)
  const v = performance.now()
  const r = await verifyDocx(bytes, { registeredFingerprints: f.registeredFingerprints })
  if (r.status !== '有效') throw new Error(`verification failed: ${r.reason}`)
  rows.push({ name: 'verifyDocx of that document', value: Math.round(performance.now() - v), unit: 'ms' })

  const budget = await timeMedian(() => buildBudgetComparisonDocx(f.panelInput))
  setRawTables(false)
  const budgetDocx = await timeMedian(() => buildBudgetComparisonDocx(f.panelInput))
  setRawTables(true)
  rows.push({ name: '概算审核对比表 9×2000', value: Math.round(budget), unit: 'ms', baseline: Math.round(budgetDocx), note: 'baseline: packed by docx alone' })
  rows.push({ name: '评分汇总表 9 experts', value: Math.round(await timeMedian(() => buildScoreSummaryDocx(f.panelInput))), unit: 'ms' })
  rows.push({
    name: '专家个人评审意见表 (2000-line sheet)',
    value: Math.round(await timeMedian(() => buildExpertOpinionDocx({ payload: f.sources[0]!, rubric: f.rubric, signatureImage: f.experts[0]!.signaturePng }))),
    unit: 'ms'
  })

  const { ours, before, rememberedMs, warm: started } = await meeting()
  const sec = (ms: number): string => `${(ms / 1000).toFixed(1)} s`
  rows.push({
    name: `whole meeting ${PROJECTS}×9×2,000 lines: gather + export + check, ${ours.files} files`,
    value: Math.round(ours.totalMs),
    unit: 'ms',
    target: '< 15,000 ms',
    baseline: Math.round(before.totalMs),
    note:
      `gathering ${sec(ours.gatherMs)} of it, overlapped with the builds (${sec(rememberedMs)} gathered at once with stored verdicts), ${ours.workers} worker threads, ` +
      `CPU ${sec(ours.cpuMs)} (${sec(ours.cpuMs / PROJECTS)} a project) on ${os.availableParallelism()} cores (load average ${os.loadavg()[0]!.toFixed(1)}); ` +
      `workers started before (as after an earlier export): ${sec(started.cpuMs)} of CPU, ${sec(started.wallMs)}; ` +
      `baseline (gathered at once, main thread, each file verified in full): gathering ${sec(before.gatherMs)} + export ${sec(before.exportMs)}, CPU ${sec(before.cpuMs)}`
  })
  return rows
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  run().then(
    (rows) => {
      for (const r of rows) console.log(`${r.name}: ${r.value} ${r.unit}${r.baseline !== undefined ? ` (baseline: ${r.baseline} ${r.unit})` : ''}${r.note ? ` — ${r.note}` : ''}`)
      const panel = rows[0]!
      const whole = rows[rows.length - 1]!
      if (panel.value >= 500 || whole.value >= 15_000) {
        console.log('SLOWER THAN TARGET')
        process.exitCode = 1
      }
    },
    (e: unknown) => {
      console.error(e)
      process.exitCode = 1
    }
  )
}
