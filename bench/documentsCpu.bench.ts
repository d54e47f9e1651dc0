/**
 * CPU time of the export's documents, warm (issue 10): standalone, `npx tsx bench/documentsCpu.bench.ts`.
 * Seeds PROJECTS projects × 9 experts × 2,000-line budgets, gathers them, then either
 *  - MODE=build (default): builds every document of every project ROUNDS times in this thread and prints the CPU
 *    per project and document kind (the first round, JIT warm-up, is left out);
 *  - MODE=export: exports the meeting ROUNDS times through the export service with WORKERS worker threads
 *    (default 2) and prints the CPU of each export per project, workers included (round 0 starts the workers);
 *    LAZY=1 gathers each round as the app does (each project when the export reaches it, nothing remembered);
 *  - MODE=verify: builds every document once, then verifies each ROUNDS times in this thread with nothing
 *    remembered (as `paneldesk verify` does in a fresh process) and prints the CPU per project and document kind;
 *  - MODE=gather: gathers the meeting ROUNDS times, nothing remembered (no verdicts stored, no memo; STORED=1 keeps
 *    the stored verdicts; OPINIONS=1 keeps the remembered checks of the 组长's opinion), and prints the CPU per project;
 *  - MODE=charts: draws every project's 评分图 and rasterises them, in the export's batches, with chart renderers 1,
 *    2 and 3 in turn, nothing remembered between runs, and prints the CPU per chart (and for one chart alone, cold).
 *  - MODE=batches: one 9-expert chart made into 16 with other figures (new words, as other projects' scores would
 *    be), renderer 3, nothing remembered: eight rasterised one at a time, then eight in one batch; prints the CPU
 *    per chart of each (whether batching still saves anything).
 * COLD_CHARTS=1 forgets the charts before each build or export round (otherwise rounds after the first find every
 * chart remembered, and the charts' cost does not show).
 * CPU time (process.cpuUsage) is the figure to compare on a shared machine; wall time depends on the load.
 * PROF=file.cpuprofile profiles this thread's warm rounds only (build and verify modes; seeding, gathering and round 0
 * left out); --cpu-prof (node --cpu-prof --import tsx bench/documentsCpu.bench.ts) profiles everything.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { seedSignedMeeting } from '../tests/kits/documents/testDb'
import { closeDb, openDb } from '../electron/main/db/connection'
import { migrate } from '../electron/main/db/migrator'
import { gatherProjects, planDocuments } from '../electron/main/services/documents'
import { buildFromInput } from '../electron/main/documents/buildInput'
import { runExport } from '../electron/main/services/documentExport'
import { gatherLazily } from '../electron/main/services/documentGathering'
import { verifyDocx } from '../electron/main/documents/verify'
import { clearVerifyCache } from '../electron/main/documents/verifyCache'
import { clearOpinionVerdicts } from '../electron/main/services/opinionVerdicts'
import { CHART_BATCH, clearChartMemo, PNG_SCALE, scoreChartSvgFor, svgsToPngs } from '../electron/main/documents/chartImage'
import { sheetOf } from '../electron/main/documents/derive'
import { documentJob, panelInput } from '../electron/main/services/documentBuild'
import { profileWhen } from './profiler'
import { threadTimes, used } from './threadCpu'

const PROJECTS = Number(process.env.PROJECTS ?? 2)
const ROUNDS = Math.max(2, Number(process.env.ROUNDS ?? 3))
const cpuMs = (since: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(since)
  return (d.user + d.system) / 1000
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paneldesk-cpu-'))
try {
  const db = openDb(path.join(dir, 'bench.sqlite'))
  await migrate(db, { backupDir: path.join(dir, 'backups') })
  const m = seedSignedMeeting(db, { projects: PROJECTS, experts: 9, budgetLines: 2000 })
  const g = process.cpuUsage()
  const snaps = gatherProjects(db, m.meetingId)
  console.log(`gathering (signatures verified afresh): ${(cpuMs(g) / PROJECTS).toFixed(0)} ms of CPU a project`)
  const mode = process.env.MODE ?? 'build'
  const coldCharts = (): void => {
    if (process.env.COLD_CHARTS === '1') clearChartMemo()
  }
  if (mode === 'gather') {
    let stopProfile = async (): Promise<void> => {}
    for (let round = 0; round < ROUNDS; round++) {
      if (round === 1) stopProfile = await profileWhen(process.env.PROF)
      clearVerifyCache()
      // The 组长's opinion is checked afresh too (a restarted app); OPINIONS=1 keeps the answers of this process.
      if (process.env.OPINIONS !== '1') clearOpinionVerdicts()
      // STORED=1: the verdicts stored in the database are kept (the board has shown the meeting).
      const stored = process.env.STORED === '1'
      if (!stored) db.sqlite.prepare('DELETE FROM signature_verdicts').run()
      const c = process.cpuUsage()
      gatherProjects(db, m.meetingId)
      console.log(`gathering ${round} (${stored ? 'verdicts stored' : 'nothing remembered'}): ${(cpuMs(c) / PROJECTS).toFixed(0)} ms of CPU a project`)
    }
    await stopProfile()
  } else if (mode === 'verify') {
    const built: { kind: string; bytes: Uint8Array }[] = []
    for (const s of snaps) for (const item of planDocuments(s)) built.push({ kind: item.kind, bytes: await buildFromInput(documentJob(s, item.kind, item.expertId, null)) })
    const per: Record<string, number> = {}
    let stopProfile = async (): Promise<void> => {}
    for (let round = 0; round < ROUNDS; round++) {
      if (round === 1) stopProfile = await profileWhen(process.env.PROF)
      for (const b of built) {
        clearVerifyCache()
        clearChartMemo()
        const c = process.cpuUsage()
        const r = await verifyDocx(b.bytes)
        if (r.status !== '身份未确认') throw new Error(`verify: ${r.status} ${r.reason}`)
        if (round > 0) per[b.kind] = (per[b.kind] ?? 0) + cpuMs(c)
      }
    }
    await stopProfile()
    for (const [kind, ms] of Object.entries(per)) console.log(`verify ${kind}: ${(ms / (ROUNDS - 1) / PROJECTS).toFixed(0)} ms of CPU a project`)
  } else if (mode === 'build') {
    const per: Record<string, number> = {}
    const rounds: number[] = []
    let stopProfile = async (): Promise<void> => {}
    for (let round = 0; round < ROUNDS; round++) {
      if (round === 1) stopProfile = await profileWhen(process.env.PROF)
      coldCharts()
      const all = process.cpuUsage()
      for (const s of snaps) {
        for (const item of planDocuments(s)) {
          const c = process.cpuUsage()
          await buildFromInput(documentJob(s, item.kind, item.expertId, null))
          if (round > 0) per[item.kind] = (per[item.kind] ?? 0) + cpuMs(c)
        }
      }
      if (round > 0) rounds.push(cpuMs(all) / PROJECTS)
    }
    await stopProfile()
    for (const [kind, ms] of Object.entries(per)) console.log(`${kind}: ${(ms / (ROUNDS - 1) / PROJECTS).toFixed(0)} ms of CPU a project`)
    // Under load the least round is the steadiest figure to compare.
    console.log(`all documents: ${Math.min(...rounds).toFixed(0)} ms of CPU a project in the least round, ${(rounds.reduce((a, b) => a + b, 0) / rounds.length).toFixed(0)} ms mean`)
  } else if (mode === 'batches') {
    const input = panelInput(snaps[0]!)
    const base = scoreChartSvgFor(input.opinion, input.sources.map(sheetOf))
    let seed = 1
    const other = (): string => base.replace(/>(\d+(?:\.\d+)?)<\/text>/g, () => `>${(((seed = (seed * 16807) % 2147483647) % 1000) / 10).toFixed(1)}</text>`)
    for (let round = 0; round < ROUNDS; round++) {
      clearChartMemo()
      const svgs = Array.from({ length: 2 * CHART_BATCH }, other)
      const c = process.cpuUsage()
      for (const svg of svgs.slice(0, CHART_BATCH)) await svgsToPngs([svg], PNG_SCALE)
      const alone = cpuMs(c) / CHART_BATCH
      const b = process.cpuUsage()
      await svgsToPngs(svgs.slice(CHART_BATCH), PNG_SCALE)
      console.log(`charts, round ${round}: ${alone.toFixed(0)} ms of CPU a chart one at a time, ${(cpuMs(b) / CHART_BATCH).toFixed(0)} ms in a batch of ${CHART_BATCH}`)
    }
  } else if (mode === 'charts') {
    const inputs = snaps.map((s) => panelInput(s))
    for (let round = 0; round < ROUNDS; round++) {
      for (const renderer of [1, 2, 3] as const) {
        const svgs = inputs.map((input) => scoreChartSvgFor(input.opinion, input.sources.map(sheetOf), renderer))
        clearChartMemo()
        const c = process.cpuUsage()
        for (let i = 0; i < svgs.length; i += CHART_BATCH) await svgsToPngs(svgs.slice(i, i + CHART_BATCH), PNG_SCALE, renderer)
        console.log(`charts, round ${round}, renderer ${renderer}: ${(cpuMs(c) / svgs.length).toFixed(0)} ms of CPU a chart (${svgs.length} charts)`)
        // As verification in a fresh process draws one: alone, nothing remembered.
        clearChartMemo()
        const a = process.cpuUsage()
        await svgsToPngs([svgs[0]!], PNG_SCALE, renderer)
        console.log(`charts, round ${round}, renderer ${renderer}: ${cpuMs(a).toFixed(0)} ms of CPU for one chart alone, cold`)
      }
    }
  } else {
    for (let round = 0; round < ROUNDS; round++) {
      coldCharts()
      const out = path.join(dir, `out${round}`)
      fs.mkdirSync(out)
      const c = process.cpuUsage()
      const threads = threadTimes()
      const t = performance.now()
      // LAZY=1: gathered as the app exports (each project when the export reaches it), nothing remembered.
      const lazy = process.env.LAZY === '1'
      if (lazy) {
        clearVerifyCache()
        clearOpinionVerdicts()
        db.sqlite.prepare('DELETE FROM signature_verdicts').run()
      }
      const s = await runExport(lazy ? gatherLazily(db, m.meetingId) : snaps, { kind: 'meeting' }, out, undefined, { workers: Number(process.env.WORKERS ?? 2) })
      if (s.failed.length > 0) throw new Error(`export failed: ${s.failed[0]!.reason}`)
      // The main thread's share (charts, writing, reading back, SHA-256) apart from the workers' and V8's helpers.
      const after = threadTimes()
      const main = used(threads, after, process.pid).cpu
      let others = 0
      for (const tid of after.keys()) if (tid !== process.pid) others += used(threads, after, tid).cpu
      const sys = process.cpuUsage(c).system / 1000
      console.log(
        `export ${round}: ${s.written.length} files, ${(cpuMs(c) / PROJECTS).toFixed(0)} ms of CPU a project ` +
          `(main thread ${(main / PROJECTS).toFixed(0)}, other threads ${(others / PROJECTS).toFixed(0)}; system ${(sys / PROJECTS).toFixed(0)}), ${(performance.now() - t).toFixed(0)} ms wall`
      )
    }
  }
  closeDb(db)
} finally {
  fs.rmSync(dir, { recursive: true, force: true })
}
