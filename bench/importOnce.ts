/**
 * One package import in a fresh process, for the "first import after start" measure (packages.bench.ts): opens a
 * backend in the given data folder, imports the package once, and prints wall and CPU milliseconds of the import
 * (module loading before it is not counted; what the import itself loads on first use, pdf.js, is).
 * With a third argument `preload-pdfjs`, pdf.js is loaded before the clock starts: under tsx its loading goes
 * through tsx's loader thread, which the packaged app does not have, so the bench reports the import both ways.
 * Run: npx tsx bench/importOnce.ts <file.pdpkg> <dataDir> [preload-pdfjs]
 */
import { openBackend } from '../electron/main/backend'
import { BlobStore } from '../electron/main/blobs/store'
import { importPackage } from '../electron/main/services/packageImport'

const [file, dataDir, mode] = process.argv.slice(2)
if (!file || !dataDir) throw new Error('usage: importOnce.ts <file.pdpkg> <dataDir> [preload-pdfjs]')
if (mode === 'preload-pdfjs') await import('pdfjs-dist/legacy/build/pdf.mjs')
const backend = await openBackend({ dataDir, seedDemo: false })
try {
  const meeting = await backend.handlers['meetings.create']({ name: '基准', date: '2026-12-01', place: '', organiser: '' })
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  await importPackage(backend.db(), new BlobStore(dataDir), { meetingId: meeting.id, source: file, sourceName: 'bench.pdpkg' })
  const wall = performance.now() - t0
  const cpu = process.cpuUsage(cpu0)
  console.log(JSON.stringify({ wall, cpu: (cpu.user + cpu.system) / 1000 }))
} finally {
  backend.close()
}
