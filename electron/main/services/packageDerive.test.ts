/**
 * Derived package rows (docs/package-format.md, docs/sync.md): only the package and its files replicate; a device
 * that receives them through sync derives the documents, page text, budget lines, data lists and findings itself,
 * identical (same ids, same values) to the importing device's.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ImportResult } from '../../../shared/api/packageTypes'
import type { MeetingSummary } from '../../../shared/api/types'
import { DERIVED_TABLES } from '../../../shared/sync/tables'
import { runSync, testBackend, trustSecretariat } from '../../../tests/helpers/backend'
import { CLEAN, MESSY_GBK, MESSY_MERGED, waitJob } from '../../../tests/helpers/packages'
import { tempDir } from '../../../tests/helpers/tmp'
import type { Backend } from '../backend'
import { writeChanges } from '../db/changeWriter'
import { SECRETARIAT } from './authors'
import { MISSING_FILES_MESSAGE } from './packageDerive'

async function importFile(b: Backend, meetingId: string, file: string, projectId?: string): Promise<ImportResult> {
  const job = await b.handlers['packages.import']({ meetingId, source: { kind: 'path', path: file }, ...(projectId ? { projectId } : {}) })
  const done = await waitJob<ImportResult>(b, job)
  expect(done.status, done.error ?? '').toBe('done')
  return done.result as ImportResult
}

/** Every live derived row of a project, by table, ordered by id. */
function derivedRows(b: Backend, projectId: string): Record<string, unknown[]> {
  const s = b.db().sqlite
  const live = (t: string) => s.prepare(`SELECT * FROM ${t} WHERE project_id = ? AND deleted = 0 ORDER BY id`).all(projectId)
  return {
    package_documents: live('package_documents'),
    budget_lines: live('budget_lines'),
    data_list_rows: live('data_list_rows'),
    findings: live('findings'),
    document_pages: s
      .prepare('SELECT g.* FROM document_pages g JOIN package_documents d ON d.id = g.document_id WHERE d.project_id = ? AND d.deleted = 0 ORDER BY g.id')
      .all(projectId)
  }
}

function derivedLogCount(b: Backend): number {
  const list = DERIVED_TABLES.map((t) => `'${t}'`).join(', ')
  return (b.db().sqlite.prepare(`SELECT count(*) AS n FROM change_log WHERE tbl IN (${list})`).get() as { n: number }).n
}

describe('derived package rows', () => {
  it('a second device that receives only the package rows and blobs derives the same documents, pages, lines, lists and findings', async () => {
    const folder = tempDir('derive-folder')
    const a = await testBackend({ seedDemo: false })
    const meeting = (await a.handlers['meetings.create']({ name: '第六批评审会', date: '2026-12-02', place: '三明', organiser: '市数据管理局' })) as MeetingSummary
    // One project whose package is replaced by a revised one (the first is tombstoned), and one more project.
    const first = await importFile(a, meeting.id, CLEAN)
    const revised = await importFile(a, meeting.id, MESSY_MERGED, first.projectId)
    expect(revised.projectId).toBe(first.projectId)
    const other = await importFile(a, meeting.id, MESSY_GBK)
    const projects = [first.projectId, other.projectId]
    expect(derivedLogCount(a)).toBe(0)

    const b = await testBackend({ seedDemo: false })
    await trustSecretariat(a, b)
    await a.handlers['sync.configure']({ kind: 'folder', folder, meetingId: meeting.id })
    await b.handlers['sync.configure']({ kind: 'folder', folder, meetingId: meeting.id })
    await runSync(a)
    const received = await runSync(b)
    expect(received?.blobsIn).toBeGreaterThan(0)
    expect(derivedLogCount(b)).toBe(0)

    for (const projectId of projects) {
      const mine = derivedRows(a, projectId)
      const theirs = derivedRows(b, projectId)
      for (const t of Object.keys(mine)) {
        expect(mine[t]?.length, `${t} of ${projectId}`).toBeGreaterThan(0)
        expect(theirs[t], `${t} of ${projectId}`).toEqual(mine[t])
      }
      const m = await b.handlers['packages.materials']({ projectId })
      expect(m.derivation).toEqual({ state: 'ready', message: null })
      expect(await b.handlers['packages.budget']({ projectId })).toEqual(await a.handlers['packages.budget']({ projectId }))
      expect(await b.handlers['packages.findings']({ projectId })).toEqual(await a.handlers['packages.findings']({ projectId }))
    }
    // The revised package's rows, not the first one's.
    expect((await b.handlers['packages.materials']({ projectId: first.projectId })).package?.id).toBe(revised.packageId)
    expect(b.db().sqlite.prepare('SELECT DISTINCT package_id FROM budget_lines WHERE project_id = ? AND deleted = 0').all(first.projectId)).toEqual([{ package_id: revised.packageId }])

    // A package tombstoned on the importing device: the other device removes its derived rows.
    writeChanges(a.db(), SECRETARIAT, (w) => w.write('packages', other.packageId, { deleted: true }))
    await runSync(a)
    await runSync(b)
    expect(derivedRows(b, other.projectId)).toEqual({ package_documents: [], budget_lines: [], data_list_rows: [], findings: [], document_pages: [] })
    expect((await b.handlers['packages.materials']({ projectId: other.projectId })).derivation.state).toBe('none')
  })

  it('says 材料文件尚未同步 while the files are missing, and derives them after the sync that brings them', async () => {
    const folder = tempDir('derive-no-blobs')
    const a = await testBackend({ seedDemo: false })
    const meeting = (await a.handlers['meetings.create']({ name: '第七批评审会', date: '2026-12-03', place: '三明', organiser: '市数据管理局' })) as MeetingSummary
    const imported = await importFile(a, meeting.id, CLEAN)
    const fp = await trustSecretariat(a)
    await a.handlers['sync.configure']({ kind: 'folder', folder, meetingId: meeting.id })
    await runSync(a)
    // The blobs are held back (a copy that has not finished, another folder): only the logs are there.
    const aside = tempDir('derive-blobs-aside')
    fs.renameSync(path.join(folder, 'blobs'), path.join(aside, 'blobs'))

    const b = await testBackend({ seedDemo: false })
    await b.handlers['trust.pinSecretariat']({ fingerprint: fp })
    await b.handlers['sync.configure']({ kind: 'folder', folder, meetingId: meeting.id })
    await runSync(b)
    const waiting = await b.handlers['packages.materials']({ projectId: imported.projectId })
    expect(waiting.package?.id).toBe(imported.packageId)
    expect(waiting.derivation).toEqual({ state: 'missing-files', message: MISSING_FILES_MESSAGE })
    expect(waiting.counts.budgetLines).toBe(0)

    fs.renameSync(path.join(aside, 'blobs'), path.join(folder, 'blobs'))
    await runSync(b)
    expect((await b.handlers['packages.materials']({ projectId: imported.projectId })).derivation).toEqual({ state: 'ready', message: null })
    expect(derivedRows(b, imported.projectId)).toEqual(derivedRows(a, imported.projectId))
  })
})
