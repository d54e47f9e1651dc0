/**
 * The built app's export uses its worker threads (issue 10, speed): `node out/main/web.js` finds the bundled
 * out/main/documentWorker.js, builds a meeting's documents in it and every written file verifies — checked over the
 * HTTP API like any client, with the export's summary saying how many worker threads built the documents.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, startBackend, tempDataDir, type RunningBackend } from './harness'
import { runKit } from './kits'

/** What this test reads of the export job (shared/api/jobTypes.ts, documentTypes.ts; e2e tests import no app code). */
interface ExportJob {
  id: string
  status: string
  error: string | null
  result: { failed: unknown[]; workerThreads?: number; written: { kind: string; fileName: string; path: string; status: string }[] } | null
}

let backend: RunningBackend | undefined
let meetingId = ''
const dataDir = tempDataDir('document-worker')
const exportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'paneldesk-e2e-worker-'))

beforeAll(async () => {
  backend = await startBackend(dataDir)
  await backend.stop()
  // One project, three experts, 2,000-line budgets: enough work for the export to start its workers.
  const out = await runKit('tests/kits/documents/testDbCli.ts', ['seed', path.join(dataDir, 'paneldesk.sqlite'), '1', '3', '2000'])
  meetingId = (JSON.parse(out) as { meetingId: string }).meetingId
  backend = await startBackend(dataDir)
})
afterAll(async () => {
  await backend?.stop()
  fs.rmSync(exportDir, { recursive: true, force: true })
})

describe('export in the built app', () => {
  it('builds the documents in the bundled worker threads; each written file verifies', async () => {
    const b = backend!
    let job = await api<ExportJob>(b, 'documents.export', { meetingId, scope: { kind: 'meeting' }, folder: exportDir })
    for (let i = 0; i < 1200 && job.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 100))
      job = await api<ExportJob>(b, 'documents.exportStatus', { jobId: job.id })
    }
    expect(job.status, job.error ?? '').toBe('done')
    const s = job.result!
    expect(s.failed).toEqual([])
    expect(s.workerThreads).toBeGreaterThanOrEqual(1)
    expect(s.written).toHaveLength(6)
    expect(s.written.every((w) => w.status === '有效')).toBe(true)
    // The 概算审核对比表 (built in a worker) verifies in full through the app's 验证文档.
    const budget = s.written.find((w) => w.kind === 'budget-comparison')!
    const v = await api<{ status: string; reason: string }>(b, 'documents.verify', { fileName: budget.fileName, base64: fs.readFileSync(budget.path).toString('base64') })
    expect(v.status, v.reason).toBe('有效')
  }, 300_000)
})
