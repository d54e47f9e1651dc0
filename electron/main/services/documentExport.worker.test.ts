/**
 * The export through worker threads (issue 10, speed): documents built in workers (tsx runs buildWorker.ts from
 * source here; the built bundle is checked in tests/e2e/documentWorker.e2e.ts) verify in full, the full
 * verification itself runs in the workers, and a cancelled export stops with only what it reported written on disk.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { testBackend } from '../../../tests/helpers/backend'
import { tempDir } from '../../../tests/helpers/tmp'
import { seedSignedMeeting } from '../../../tests/kits/documents/testDb'
import { verifyDocx } from '../documents/verify'
import type { JobContext } from '../jobs/index'
import { gatherProjects } from './documents'
import { runExport } from './documentExport'

/** Every .docx under a folder. */
function docxFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.docx')).map((f) => path.join(dir, f)).sort()
}

describe('export through worker threads', () => {
  it('builds every document in the workers; each file verifies in full, also when the workers verify it', async () => {
    const b = await testBackend({ seedDemo: false })
    const m = seedSignedMeeting(b.db(), { projects: 2, experts: 3, budgetLines: 40 })
    const registered = Object.fromEntries(m.experts.map((e) => [e.id, e.fingerprint]))
    const snaps = gatherProjects(b.db(), m.meetingId)
    const out = tempDir('worker-export')
    const s = await runExport(snaps, { kind: 'meeting' }, out, undefined, { workers: 2, fullVerify: true })
    expect(s.failed).toEqual([])
    expect(s.workerThreads).toBe(2)
    expect(s.written).toHaveLength(12)
    // The workers' verdicts are the full verifier's (not the byte comparison), and this thread agrees on each file.
    expect(s.written.every((w) => w.status === '有效' && !w.reason.startsWith('写入的文件与生成的内容逐字节一致'))).toBe(true)
    expect(docxFiles(out)).toEqual(s.written.map((w) => w.path).sort())
    for (const w of s.written) {
      const v = await verifyDocx(new Uint8Array(fs.readFileSync(w.path)), { registeredFingerprints: registered })
      expect(v.status, `${w.fileName}: ${v.reason}`).toBe('有效')
    }
    // The same documents built in this thread show the same figures (both verify; same kinds and names).
    const here = tempDir('main-export')
    const s0 = await runExport(snaps, { kind: 'meeting' }, here, undefined, { workers: 0 })
    expect(s0.workerThreads).toBe(0)
    expect(s0.written.map((w) => [w.kind, w.fileName])).toEqual(s.written.map((w) => [w.kind, w.fileName]))
  }, 300_000)

  it('a cancelled export stops with progress reported, and leaves on disk exactly the files it lists', async () => {
    const b = await testBackend({ seedDemo: false })
    const m = seedSignedMeeting(b.db(), { projects: 3, experts: 3, budgetLines: 40 })
    const snaps = gatherProjects(b.db(), m.meetingId)
    const out = tempDir('worker-cancel')
    const controller = new AbortController()
    const seen: number[] = []
    const ctx: JobContext = {
      signal: controller.signal,
      progress: (done, total) => {
        seen.push(done)
        expect(total).toBe(18)
        if (done >= 2) controller.abort()
      },
      partial: () => undefined,
      throwIfCancelled: () => undefined
    }
    const s = await runExport(snaps, { kind: 'meeting' }, out, ctx, { workers: 2 })
    expect(s.cancelled).toBe(true)
    expect(s.written.length).toBeGreaterThanOrEqual(2)
    expect(s.written.length).toBeLessThan(18)
    expect(seen).toContain(2)
    expect(docxFiles(out)).toEqual(s.written.map((w) => w.path).sort())
  }, 300_000)
})
