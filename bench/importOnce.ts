/**
 * One package import in a fresh process, for the "first import after start" measure (packages.bench.ts): opens a
 * backend in the given data folder, imports the package once, and prints wall and CPU milliseconds of the import
 * (module loading before it is not counted; what the import itself loads on first use, pdf.js, is).
 * The PDF's text is extracted in a worker thread (packages/pdfThread.ts), as in the app; with a third argument
 * `in-thread` it is extracted on the main thread after the budget, as before issue 14 item 11 (the same run's
 * before figure). CPU is the whole process's, worker thread included.
 * Run: npx tsx bench/importOnce.ts <file.pdpkg> <dataDir> [in-thread]
 */
import { openBackend } from '../electron/main/backend'
import { BlobStore } from '../electron/main/blobs/store'
import { importPackage } from '../electron/main/services/packageImport'

const [file, dataDir, mode] = process.argv.slice(2)
if (!file || !dataDir) throw new Error('usage: importOnce.ts <file.pdpkg> <dataDir> [in-thread]')
const backend = await openBackend({ dataDir, seedDemo: false })
try {
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
