/**
 * Attacks on project versions (issue 12): only the secretariat may say that a package is a project's next version;
 * a 修改稿 cannot attach itself to a project of another meeting, by its manifest or by a chosen project id.
 */
import { describe, expect, it } from 'vitest'
import type { ImportResult } from '../../shared/api/packageTypes'
import type { MeetingSummary } from '../../shared/api/types'
import { encodeHlc } from '../../shared/sync/hlc'
import { REPLICATED_TABLES } from '../../shared/sync/tables'
import { judgeTransaction, type Registry } from '../../shared/sync/verdict'
import type { Change } from '../../shared/sync/change'
import { testBackend } from '../helpers/backend'
import { snapshotDb, waitJob } from '../helpers/packages'
import { tempDir } from '../helpers/tmp'
import { writeRevisionPair } from '../kits/revision/packages'

const NOW = Date.UTC(2026, 11, 6)
function tx(author: string, cells: [string, string, string, unknown][]): Change[] {
  return cells.map(([tbl, rowId, col, v], i) => ({
    origin: 'o', seq: i + 1, tx: 1, txEnd: cells.length, hlc: encodeHlc({ ms: NOW, counter: i + 1, origin: 'o' }), author, tbl, rowId, col, value: JSON.stringify(v)
  }))
}
const ctx = { nowMs: NOW, registry: REPLICATED_TABLES as unknown as Registry, fingerprintsOf: () => [], isReopened: () => false }

describe('project versions under attack', () => {
  it('an expert who writes a version row (to swap in a 修改稿 of their own) is rejected; the secretariat’s is accepted', () => {
    const cells: [string, string, string, unknown][] = [
      ['project_versions', 'v1', 'project_id', 'p1'],
      ['project_versions', 'v1', 'package_id', 'k1'],
      ['project_versions', 'v1', 'stage', 'done']
    ]
    expect(judgeTransaction(tx('e1', cells), ctx)).toMatchObject({ status: 'rejected' })
    expect(judgeTransaction(tx('secretariat', cells), ctx)).toMatchObject({ status: 'accepted' })
  })

  it('a 修改稿 naming a package of another meeting, or imported into another meeting’s project, is refused and writes nothing', async () => {
    const b = await testBackend({ seedDemo: false })
    const create = (name: string) => b.handlers['meetings.create']({ name, date: '2026-12-04', place: '三明', organiser: '市数据管理局' }) as Promise<MeetingSummary>
    const a = await create('甲会议')
    const other = await create('乙会议')
    const pair = await writeRevisionPair(tempDir('attack-rev'))
    const run = async (meetingId: string, file: string, extra: object = {}) => waitJob<ImportResult>(b, await b.handlers['packages.import']({ meetingId, source: { kind: 'path', path: file }, ...extra }))
    const reviewed = (await run(a.id, pair.reviewed)).result as ImportResult
    const snap = snapshotDb(b)
    const byManifest = await run(other.id, pair.revision)
    expect(byManifest.status).toBe('failed')
    expect(byManifest.error).toMatch(/不在本次会议中/)
    const byChoice = await run(other.id, pair.revision, { projectId: reviewed.projectId, asVersion: true })
    expect(byChoice.status).toBe('failed')
    expect(byChoice.error).toMatch(/找不到要(更新材料|导入修改稿)的项目/)
    expect(snapshotDb(b)).toEqual(snap)
  })
})
