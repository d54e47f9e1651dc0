/**
 * Project versions (issue 12): a 修改稿 imported as the next version of the reviewed project — never a new project,
 * never replacing the reviewed materials — refused with a Chinese reason when it revises nothing known, and synced
 * to a second laptop like every package.
 */
import { describe, expect, it } from 'vitest'
import type { ImportResult } from '../../../shared/api/packageTypes'
import type { MeetingSummary } from '../../../shared/api/types'
import { testBackend, trustSecretariat } from '../../../tests/helpers/backend'
import { snapshotDb, waitJob } from '../../../tests/helpers/packages'
import { tempDir } from '../../../tests/helpers/tmp'
import { writeRevisionPair } from '../../../tests/kits/revision/packages'
import type { Backend } from '../backend'
import { BlobStore } from '../blobs/store'
import { ARRANGE_ON_SECRETARIAT_LAPTOP, readStoredPackage } from './projectVersions'

async function setup() {
  const backend = await testBackend({ seedDemo: false })
  const meeting = (await backend.handlers['meetings.create']({ name: '第七批评审会', date: '2026-12-03', place: '三明', organiser: '市数据管理局' })) as MeetingSummary
  return { backend, meeting }
}

async function importJob(b: Backend, meetingId: string, file: string, extra: { projectId?: string; asVersion?: boolean } = {}) {
  return waitJob<ImportResult>(b, await b.handlers['packages.import']({ meetingId, source: { kind: 'path', path: file }, ...extra }))
}

async function importOk(b: Backend, meetingId: string, file: string, extra: { projectId?: string; asVersion?: boolean } = {}): Promise<ImportResult> {
  const job = await importJob(b, meetingId, file, extra)
  expect(job.status, job.error ?? '').toBe('done')
  return job.result as ImportResult
}

const derived = (b: Backend, projectId: string) =>
  ['budget_lines', 'findings', 'data_list_rows', 'package_documents'].map((t) => b.db().sqlite.prepare(`SELECT * FROM ${t} WHERE project_id = ? ORDER BY id`).all(projectId))

describe('project versions', () => {
  it('imports a 修改稿 as version 2 of the project it revises; the reviewed materials stay as they were', async () => {
    const { backend, meeting } = await setup()
    const pair = await writeRevisionPair(tempDir('rev'))
    const reviewed = await importOk(backend, meeting.id, pair.reviewed)
    expect(reviewed.version).toBeUndefined()
    const before = derived(backend, reviewed.projectId)
    const materialsBefore = await backend.handlers['packages.materials']({ projectId: reviewed.projectId })

    const revision = await importOk(backend, meeting.id, pair.revision)
    expect(revision).toMatchObject({ projectId: reviewed.projectId, unchanged: false, version: { number: 2, revises: pair.reviewedSha256 } })
    // Still one project; its current package, derived rows and materials are the reviewed ones.
    expect((await backend.handlers['meetings.get']({ meetingId: meeting.id })).projects.map((p) => p.id)).toEqual([reviewed.projectId])
    expect(derived(backend, reviewed.projectId)).toEqual(before)
    expect(await backend.handlers['packages.materials']({ projectId: reviewed.projectId })).toEqual(materialsBefore)

    const view = await backend.handlers['versions.list']({ projectId: reviewed.projectId })
    expect(view.stage).toBe('received')
    expect(view.reviewed).toMatchObject({ sha256: pair.reviewedSha256, declaredTotal: 234 })
    expect(view.versions).toHaveLength(1)
    expect(view.versions[0]).toMatchObject({ version: 2, sha256: pair.revisionSha256, revises: pair.reviewedSha256, revisesVersion: 1, declaredTotal: 220, computedTotal: 220, stage: 'received', reviewers: [] })
    // The row was written by the secretariat through the one write path (logged, so it syncs).
    const logged = backend.db().sqlite.prepare("SELECT DISTINCT author FROM change_log WHERE tbl = 'project_versions'").all()
    expect(logged).toEqual([{ author: 'secretariat' }])

    // The version's files are in the blob store and read back as the 修改稿.
    const parsed = await readStoredPackage(backend.db(), new BlobStore(backend.paths.dataDir), revision.packageId)
    expect(parsed.budget.parsed.computedTotal).toBe(220)

    // The same 修改稿 again: nothing new.
    const again = await importOk(backend, meeting.id, pair.revision)
    expect(again).toMatchObject({ unchanged: true, packageId: revision.packageId, version: { number: 2 } })
    expect((await backend.handlers['versions.list']({ projectId: reviewed.projectId })).versions).toHaveLength(1)
  })

  it('refuses, in Chinese and writing nothing, a 修改稿 that revises no package of the meeting or an older version', async () => {
    const { backend, meeting } = await setup()
    const dir = tempDir('rev-bad')
    const orphan = await writeRevisionPair(dir, { revises: 'ab'.repeat(32) })
    await importOk(backend, meeting.id, orphan.reviewed)
    const snap = snapshotDb(backend)
    const job = await importJob(backend, meeting.id, orphan.revision)
    expect(job.status).toBe('failed')
    expect(job.error).toMatch(/修改稿声明修改的申报包（SHA-256 abababababab…）不在本次会议中/)
    expect(snapshotDb(backend)).toEqual(snap)

    // A second 修改稿 of the 送审稿 once version 2 exists: revise the newest version instead.
    const { backend: b2, meeting: m2 } = await setup()
    const pair = await writeRevisionPair(tempDir('rev-old'))
    const reviewed = await importOk(b2, m2.id, pair.reviewed)
    await importOk(b2, m2.id, pair.revision)
    const other = await writeRevisionPair(tempDir('rev-old2'), { revisedDeclared: 221 })
    expect(other.reviewedSha256).toBe(pair.reviewedSha256)
    const snap2 = snapshotDb(b2)
    const stale = await importJob(b2, m2.id, other.revision)
    expect(stale.status).toBe('failed')
    expect(stale.error).toMatch(/修改的是项目“三明市12345热线平台升级项目”的送审稿，但该项目已有更新的第 2 版/)
    expect(snapshotDb(b2)).toEqual(snap2)
    // Chosen explicitly for another project of the meeting: refused too.
    expect((await importJob(b2, m2.id, other.revision, { projectId: reviewed.projectId, asVersion: true })).status).toBe('failed')
  })

  it('a package without `revises` still imports as a new project; the secretariat may import it as a version of a chosen project', async () => {
    const { backend, meeting } = await setup()
    const pair = await writeRevisionPair(tempDir('rev-none'), { revises: null })
    const reviewed = await importOk(backend, meeting.id, pair.reviewed)
    const asProject = await importOk(backend, meeting.id, pair.revision)
    expect(asProject.projectId).not.toBe(reviewed.projectId)
    expect(asProject.version).toBeUndefined()
    const asVersion = await importOk(backend, meeting.id, pair.revision, { projectId: reviewed.projectId, asVersion: true })
    expect(asVersion).toMatchObject({ projectId: reviewed.projectId, version: { number: 2, revises: '' } })
    const view = await backend.handlers['versions.list']({ projectId: reviewed.projectId })
    expect(view.versions[0]).toMatchObject({ revises: '', revisesVersion: null })
    // Importing the reviewed package itself as a version is refused.
    const same = await importJob(backend, meeting.id, pair.reviewed, { projectId: reviewed.projectId, asVersion: true })
    expect(same.status).toBe('failed')
    expect(same.error).toMatch(/已有的申报包完全相同，不是修改稿/)
  })

  it('a version reaches a second laptop through sync: the row, the package and its files; the reviewed materials there are untouched', async () => {
    const folder = tempDir('rev-sync')
    const { backend: a, meeting } = await setup()
    const pair = await writeRevisionPair(tempDir('rev-s'))
    const reviewed = await importOk(a, meeting.id, pair.reviewed)
    const revision = await importOk(a, meeting.id, pair.revision)
    const b = await testBackend({ seedDemo: false })
    await trustSecretariat(a, b)
    for (const x of [a, b]) await x.handlers['sync.configure']({ kind: 'folder', folder, meetingId: meeting.id })
    for (const x of [a, b]) {
      await x.handlers['sync.now']({})
      for (let i = 0; i < 1500 && (await x.handlers['sync.status']({})).running; i++) await new Promise((r) => setTimeout(r, 20))
      const last = (await x.handlers['sync.status']({})).last
      expect(last?.ok, JSON.stringify(last?.issues)).toBe(true)
    }
    const there = await b.handlers['versions.list']({ projectId: reviewed.projectId })
    const here = await a.handlers['versions.list']({ projectId: reviewed.projectId })
    // The same versions; only the 复核安排 is the secretariat's to change, so it is locked on b (it pinned a's key).
    expect({ ...there, arrangeRefusal: '' }).toEqual(here)
    expect([here.arrangeRefusal, there.arrangeRefusal]).toEqual(['', ARRANGE_ON_SECRETARIAT_LAPTOP])
    expect((await b.handlers['packages.materials']({ projectId: reviewed.projectId })).package?.sha256).toBe(pair.reviewedSha256)
    const parsed = await readStoredPackage(b.db(), new BlobStore(b.paths.dataDir), revision.packageId)
    expect(parsed.manifest.revises).toBe(pair.reviewedSha256)
  })
})
