import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ImportResult } from '../../../shared/api/packageTypes'
import type { MeetingSummary } from '../../../shared/api/types'
import { testBackend } from '../../../tests/helpers/backend'
import { CLEAN, MALFORMED, MESSY_GBK, MESSY_MERGED, listFilesRecursive, snapshotDb, waitJob } from '../../../tests/helpers/packages'
import { BlobStore } from '../blobs/store'
import { importPackage } from './packageImport'

async function setup() {
  const backend = await testBackend({ seedDemo: false })
  const meeting = (await backend.handlers['meetings.create']({ name: '第五批评审会', date: '2026-12-01', place: '三明', organiser: '市数据管理局' })) as MeetingSummary
  return { backend, meeting, blobs: new BlobStore(backend.paths.dataDir) }
}

async function importFile(backend: Awaited<ReturnType<typeof testBackend>>, meetingId: string, file: string, projectId?: string) {
  const job = await backend.handlers['packages.import']({ meetingId, source: { kind: 'path', path: file }, ...(projectId ? { projectId } : {}) })
  return waitJob<ImportResult>(backend, job)
}

describe('package import', () => {
  it('imports a package in one go: project, lines, documents, lists, findings, and the files in the blob store', async () => {
    const { backend, meeting, blobs } = await setup()
    const logBefore = (backend.db().sqlite.prepare('SELECT count(*) AS n FROM change_log').get() as { n: number }).n
    const job = await importFile(backend, meeting.id, MESSY_GBK)
    expect(job.status, job.error ?? '').toBe('done')
    const result = job.result as ImportResult
    expect(result.unchanged).toBe(false)
    const detail = await backend.handlers['meetings.get']({ meetingId: meeting.id })
    expect(detail.projects.map((p) => p.name)).toEqual([result.projectName])

    const materials = await backend.handlers['packages.materials']({ projectId: result.projectId })
    expect(materials.package?.budgetUnit).toBe('元')
    expect(materials.counts.budgetLines).toBe(result.lineCount)
    expect(materials.counts.dataNeeds).toBe(0)
    expect(materials.documents.map((d) => d.format)).toEqual(['docx'])

    const budget = await backend.handlers['packages.budget']({ projectId: result.projectId })
    expect(budget.lines).toHaveLength(result.lineCount)
    expect(budget.lines.every((l) => l.id.startsWith(`${result.projectId}|r`))).toBe(true)
    const parents = budget.lines.filter((l) => l.hasChildren)
    expect(parents.length).toBeGreaterThan(0)
    for (const l of budget.lines) if (l.parentId) expect(budget.lines.some((p) => p.id === l.parentId)).toBe(true)

    const findings = await backend.handlers['packages.findings']({ projectId: result.projectId })
    expect(findings).toHaveLength(result.findingCount)
    expect(findings.some((f) => f.article === 3)).toBe(true)
    // Budget refs point at stored line ids; document refs carry the document's id.
    const lineIds = new Set(budget.lines.map((l) => l.id))
    for (const f of findings) {
      for (const r of f.refs) {
        if (r.kind === 'budgetLine') expect(lineIds.has(r.lineId), r.lineId).toBe(true)
        else expect(r.documentId).toBe(materials.documents.find((d) => d.path === r.documentPath)?.id ?? null)
      }
    }
    // Every file of the package is in the blob store, verified; nothing left in staging.
    const files = backend.db().sqlite.prepare('SELECT sha256 FROM package_files').all() as { sha256: string }[]
    expect(files.length).toBeGreaterThan(3)
    for (const f of files) expect(blobs.get(f.sha256).byteLength).toBeGreaterThan(0)
    expect(listFilesRecursive(path.join(backend.paths.dataDir, 'blobs', 'staging'))).toEqual([])
    // The replicated rows went through the one write path, as the secretariat: the project (10 fields), the package
    // (18) and its files (4 each), nothing else. The derived rows (documents, pages, lines, lists, findings) are
    // local, written in the same transaction, and recorded as derived from this package's digest.
    const db = backend.db().sqlite
    const logged = db.prepare('SELECT tbl, count(*) AS n FROM change_log WHERE seq > ? GROUP BY tbl ORDER BY tbl').all(logBefore)
    expect(logged).toEqual([
      { tbl: 'package_files', n: 4 * files.length },
      { tbl: 'packages', n: 18 },
      { tbl: 'projects', n: 10 }
    ])
    expect(db.prepare('SELECT count(*) AS n FROM change_log WHERE seq > ?').get(logBefore)).toEqual({ n: 28 + 4 * files.length })
    expect(db.prepare('SELECT DISTINCT author FROM change_log WHERE seq > ?').all(logBefore)).toEqual([{ author: 'secretariat' }])
    expect(db.prepare('SELECT package_id, sha256, status, error FROM package_derivations WHERE project_id = ?').get(result.projectId)).toEqual({
      package_id: result.packageId,
      sha256: materials.package?.sha256,
      status: 'derived',
      error: ''
    })
    expect(materials.derivation).toEqual({ state: 'ready', message: null })
  })

  it('assigns the meeting’s experts to a new project, and imports the same bytes only once', async () => {
    const backend = await testBackend()
    const meetings = await backend.handlers['meetings.list']({})
    const demo = meetings[0] as MeetingSummary
    const first = await importFile(backend, demo.id, CLEAN)
    expect(first.status, first.error ?? '').toBe('done')
    const projectId = (first.result as ImportResult).projectId
    const assigned = backend.db().sqlite.prepare('SELECT COUNT(*) AS n FROM assignments WHERE project_id = ? AND deleted = 0').get(projectId) as { n: number }
    expect(assigned.n).toBe(demo.expertCount)
    expect((await backend.handlers['packages.findings']({ projectId })).filter((f) => f.severity !== 'info')).toEqual([])

    const before = snapshotDb(backend)
    const again = await importFile(backend, demo.id, CLEAN)
    expect(again.result).toMatchObject({ projectId, unchanged: true })
    expect(snapshotDb(backend)).toEqual(before)
  })

  it('re-importing a revised package into the same project keeps line and document ids, and notes stay', async () => {
    const { backend, meeting } = await setup()
    const a = (await importFile(backend, meeting.id, MESSY_MERGED)).result as ImportResult
    const before = await backend.handlers['packages.budget']({ projectId: a.projectId })
    const docsBefore = (await backend.handlers['packages.materials']({ projectId: a.projectId })).documents
    // A revision of the same project (here: another package) replaces the package; shared row keys keep their ids.
    const b = await importFile(backend, meeting.id, MESSY_GBK, a.projectId)
    expect(b.status, b.error ?? '').toBe('done')
    expect((b.result as ImportResult).projectId).toBe(a.projectId)
    const after = await backend.handlers['packages.budget']({ projectId: a.projectId })
    expect(after.sourceUnit).toBe('元')
    const sameRows = after.lines.filter((l) => before.lines.some((x) => x.sourceRow === l.sourceRow))
    for (const l of sameRows) expect(before.lines.find((x) => x.sourceRow === l.sourceRow)?.id).toBe(l.id)
    const materials = await backend.handlers['packages.materials']({ projectId: a.projectId })
    expect(materials.counts.budgetLines).toBe((b.result as ImportResult).lineCount)
    expect(materials.documents.map((d) => d.id)).not.toEqual(docsBefore.map((d) => d.id))
    const packages = backend.db().sqlite.prepare('SELECT deleted FROM packages WHERE project_id = ? ORDER BY imported_at').all(a.projectId)
    expect(packages).toEqual([{ deleted: 1 }, { deleted: 0 }])
    expect((await backend.handlers['meetings.get']({ meetingId: meeting.id })).projects).toHaveLength(1)
  })

  it('leaves the database and the blob store exactly as before for every malformed package', async () => {
    const { backend, meeting } = await setup()
    const expected = JSON.parse(fs.readFileSync(path.join(MALFORMED, 'expected.json'), 'utf8')) as Record<string, { code: string }>
    const before = snapshotDb(backend)
    expect(Object.keys(expected).length).toBeGreaterThanOrEqual(20)
    for (const file of Object.keys(expected)) {
      const job = await importFile(backend, meeting.id, path.join(MALFORMED, file))
      expect(job.status, file).toBe('failed')
      // A Chinese message that names the file.
      expect(job.error, file).toMatch(/[\u4e00-\u9fff]/)
      expect(job.error, file).toContain(file)
    }
    expect(snapshotDb(backend)).toEqual(before)
    expect(listFilesRecursive(path.join(backend.paths.dataDir, 'blobs'))).toEqual([])
  })

  it('stops before writing anything when cancelled', async () => {
    const { backend, meeting, blobs } = await setup()
    const before = snapshotDb(backend)
    let calls = 0
    await expect(
      importPackage(backend.db(), blobs, {
        meetingId: meeting.id,
        source: CLEAN,
        sourceName: 'clean.pdpkg',
        onProgress: (p) => {
          calls++
          if (p.stage === 'store') throw new Error('cancelled')
        }
      })
    ).rejects.toThrow('cancelled')
    expect(calls).toBeGreaterThan(3)
    expect(snapshotDb(backend)).toEqual(before)
    expect(blobs.list()).toEqual([])
  })

  it('a job cancelled through the API ends as cancelled and leaves everything as it was', async () => {
    const { backend, meeting, blobs } = await setup()
    const before = snapshotDb(backend)
    const job = await backend.handlers['packages.import']({ meetingId: meeting.id, source: { kind: 'path', path: MESSY_MERGED } })
    await backend.handlers['jobs.cancel']({ jobId: job.id })
    const end = await waitJob(backend, job)
    expect(end.status).toBe('cancelled')
    expect(snapshotDb(backend)).toEqual(before)
    expect(blobs.list()).toEqual([])
  })

  it('refuses an unknown meeting, and a project of another meeting, with Chinese messages', async () => {
    const { backend, meeting } = await setup()
    const job = await importFile(backend, 'no-such-meeting', CLEAN)
    expect(job).toMatchObject({ status: 'failed', error: expect.stringContaining('找不到该会议') })
    const bad = await importFile(backend, meeting.id, CLEAN, 'no-such-project')
    expect(bad.error).toContain('找不到要更新材料的项目')
    await expect(Promise.resolve().then(() => backend.handlers['packages.import']({ meetingId: meeting.id, source: { kind: 'path', path: 'relative.pdpkg' } }))).rejects.toThrow('完整路径')
  })
})
