/**
 * One package import in a fresh process, for the "first import after start" measure (packages.bench.ts): opens a
 * backend in the given data folder, imports the package once, and prints wall and CPU milliseconds of the import
 * (module loading before it is not counted; what the import itself loads on first use, pdf.js, is).
 * The PDF's text is extracted in a worker thread (packages/pdfThread.ts), warmed at start-up as the app and the web
 * server do (warmPdfWorker: pdf.js loads while the user picks the file; here the import waits until the worker
 * says pdf.js is loaded, as a user picking a file would). With a third argument `cold` the worker starts with the import (before the
 * warm start), with `in-thread` the text is extracted on the main thread after the budget (before issue 14 item
 * 11): the same run's before figures. CPU is the import's, worker thread included (the warm-up is not counted).
 * Run: npx tsx bench/importOnce.ts <file.pdpkg> <dataDir> [cold|in-thread]
 */
import { openBackend } from '../electron/main/backend'
import { BlobStore } from '../electron/main/blobs/store'
import { importPackage } from '../electron/main/services/packageImport'
import { pdfWorkerWarmed, warmPdfWorker } from '../electron/main/packages/pdfThread'

const [file, dataDir, mode] = process.argv.slice(2)
if (!file || !dataDir) throw new Error('usage: importOnce.ts <file.pdpkg> <dataDir> [cold|in-thread]')
const backend = await openBackend({ dataDir, seedDemo: false })
try {
  if (!mode) {
    warmPdfWorker()
    // The user picks a file meanwhile: wait until the warm worker says pdf.js is loaded.
    if (!(await pdfWorkerWarmed())) throw new Error('the warm PDF worker did not start')
  }
  const meeting = await backend.handlers['meetings.create']({ name: '基准', date: '2026-12-01', place: '', organiser: '' })
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  await importPackage(backend.db(), new BlobStore(dataDir), { meetingId: meeting.id, source: file, sourceName: 'bench.pdpkg', ...(mode === 'in-thread' ? { readOptions: { pdfThread: { entry: null } } } : {}) })
  const wall = performance.now() - t0
  const cpu = process.cpuUsage(cpu0)
  console.log(JSON.stringify({ wall, cpu: (cpu.user + cpu.system) / 1000 }))
} finally {
  backend.close()
}

