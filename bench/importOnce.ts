/**
 * One package import in a fresh process, for the "first import after start" measure (packages.bench.ts): opens a
 * backend in the given data folder, imports the package once, and prints wall and CPU milliseconds of the import
 * (module loading before it is not counted; what the import itself loads on first use, pdf.js, is).
 * The PDF's text is extracted in a worker thread (packages/pdfThread.ts), warmed at start-up as the app and the web
 * server do (warmPdfWorker: pdf.js loads while the user picks the file; here the import waits until the worker
 * says pdf.js is loaded, as a user picking a file would). With a third argument `cold` the worker starts with the import (before the
 * warm start), with `in-thread` the text is extracted on the main thread after the budget (before issue 14 item
 * 11): the same run's before figures. CPU is the import's, worker thread included (the warm-up is not counted).
 *
 * The critical path (issue 14 item 11; the machine the bench runs on is shared, so wall time says little): per
 * thread from /proc (threadCpu.ts), at the import's progress reports — the main thread until it has every
 * document's text (budget, data lists, then waiting for the PDF), the PDF worker, and the main thread after (rules,
 * hashing, blobs, the database). On two idle cores the import takes about
 *   max(main before + its blocked time before, worker) + main after + its blocked time after
 * (blocked: wall minus CPU minus run-queue wait, i.e. disk and fsync; the wait for the worker is not counted as
 * blocked, the worker's CPU stands for it) — or, when more, half of all the import's CPU (other threads too: V8's
 * GC and compiler helpers, libuv's pool) plus those waits. The warm worker for the next import, which starts loading
 * pdf.js as soon as the texts are in, is reported apart: it is not this import's work.
 * Run: npx tsx bench/importOnce.ts <file.pdpkg> <dataDir> [cold|in-thread]
 */
import { openBackend } from '../electron/main/backend'
import { BlobStore } from '../electron/main/blobs/store'
import { importPackage } from '../electron/main/services/packageImport'
import { pdfWorkerWarmed, warmPdfWorker } from '../electron/main/packages/pdfThread'
import { threadTimes, used, type ThreadTimes } from './threadCpu'

interface Mark {
  at: number
  threads: Map<number, ThreadTimes>
}
const mark = (): Mark => ({ at: performance.now(), threads: threadTimes() })

const [file, dataDir, mode] = process.argv.slice(2)
if (!file || !dataDir) throw new Error('usage: importOnce.ts <file.pdpkg> <dataDir> [cold|in-thread]')
const backend = await openBackend({ dataDir, seedDemo: false })
try {
  const before = new Set(threadTimes().keys())
  if (!mode) {
    warmPdfWorker()
    // The user picks a file meanwhile: wait until the warm worker says pdf.js is loaded.
    if (!(await pdfWorkerWarmed())) throw new Error('the warm PDF worker did not start')
  }
  const meeting = await backend.handlers['meetings.create']({ name: '基准', date: '2026-12-01', place: '', organiser: '' })
  // The threads there were before any PDF worker: the main thread, V8's and libuv's.
  const warmed = [...threadTimes().keys()].filter((t) => !before.has(t))
  let waiting: Mark | null = null
  let texts: Mark | null = null
  const cpu0 = process.cpuUsage()
  const start = mark()
  await importPackage(backend.db(), new BlobStore(dataDir), {
    meetingId: meeting.id,
    source: file,
    sourceName: 'bench.pdpkg',
    ...(mode === 'in-thread' ? { readOptions: { pdfThread: { entry: null } } } : {}),
    onProgress: (p) => {
      if (p.stage === 'documents' && !waiting) waiting = mark()
      if (p.stage === 'rules' && !texts) texts = mark()
    }
  })
  const end = mark()
  const wall = end.at - start.at
  const cpu = process.cpuUsage(cpu0)
  const w = waiting ?? start
  const t = texts ?? w
  // The PDF worker: of the threads started with the warm-up (else during the import: libuv's pool may start then
  // too), the one that worked most until the texts were in. None when the text is read on the main thread.
  const candidates = mode === 'in-thread' ? [] : warmed.length > 0 ? warmed : [...t.threads.keys()].filter((tid) => !before.has(tid))
  const worker = candidates.sort((a, b) => used(start.threads, t.threads, b).cpu - used(start.threads, t.threads, a).cpu)[0]
  const main = process.pid
  const preMain = used(start.threads, t.threads, main)
  const postMain = used(t.threads, end.threads, main)
  // Blocked before the texts: only up to the point the main thread starts waiting for them.
  const upToWait = used(start.threads, w.threads, main)
  const blockedPre = Math.max(0, w.at - start.at - upToWait.cpu - upToWait.queued)
  const blockedPost = Math.max(0, end.at - t.at - postMain.cpu - postMain.queued)
  const workerCpu = worker === undefined ? 0 : used(start.threads, t.threads, worker).cpu
  // Other threads there at the start (V8's GC and compiler helpers, libuv's pool), and threads started during the
  // import besides the worker: the warm worker for the next import, which starts loading pdf.js once the texts are in.
  let others = 0
  let next = 0
  for (const tid of end.threads.keys()) {
    if (tid === main || tid === worker) continue
    if (start.threads.has(tid)) others += used(start.threads, end.threads, tid).cpu
    else next += used(start.threads, end.threads, tid).cpu
  }
  // Two cores: the critical path, or half of all the import's CPU plus the disk waits when that is more.
  const critical = Math.max(preMain.cpu + blockedPre, workerCpu) + postMain.cpu + blockedPost
  const idle2 = Math.max(critical, (preMain.cpu + postMain.cpu + workerCpu + others) / 2 + blockedPre + blockedPost)
  console.log(
    JSON.stringify({
      wall,
      cpu: (cpu.user + cpu.system) / 1000,
      mainPre: preMain.cpu,
      mainPost: postMain.cpu,
      worker: workerCpu,
      others,
      next,
      critical,
      blocked: blockedPre + blockedPost,
      queued: preMain.queued + postMain.queued,
      idle2
    })
  )
} finally {
  backend.close()
}
