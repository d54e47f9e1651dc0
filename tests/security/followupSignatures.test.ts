/**
 * Attacks on the stored signatures of the 专家组复核意见 (issue 12): an expert's device that writes a signature row is
 * rejected on every replica; a row holding a signature made with a key that is not the re-reviewer's registered one
 * (written straight into the database, as a tampered replica would hold it) never counts as signed, and the document
 * cannot be exported from it.
 */
import { describe, expect, it } from 'vitest'
import { signPayload } from '../../shared/signing/envelope'
import { generateKeyPair } from '../../shared/signing/sm'
import type { Change } from '../../shared/sync/change'
import { encodeHlc } from '../../shared/sync/hlc'
import { followupOpinionRowId } from '../../shared/sync/rowIds'
import { REPLICATED_TABLES } from '../../shared/sync/tables'
import { judgeTransaction, type Registry } from '../../shared/sync/verdict'
import { installFixtureKey } from '../../electron/main/services/consoleTestUtil'
import { testBackend } from '../helpers/backend'
import { rejection } from '../helpers/review'
import { tempDir } from '../helpers/tmp'
import { seedSignedMeeting } from '../kits/documents/testDb'
import { signApprovalOpinion } from '../kits/revision/approval'
import { importRevisionPair } from '../kits/revision/importPair'
import { writeRevisionPair } from '../kits/revision/packages'

const NOW = Date.UTC(2026, 11, 6)
const ctx = { nowMs: NOW, registry: REPLICATED_TABLES as unknown as Registry, fingerprintsOf: () => [], isReopened: () => false }
function tx(author: string, cells: [string, string, string, unknown][]): Change[] {
  return cells.map(([tbl, rowId, col, v], i) => ({
    origin: 'o', seq: i + 1, tx: 1, txEnd: cells.length, hlc: encodeHlc({ ms: NOW, counter: i + 1, origin: 'o' }), author, tbl, rowId, col, value: JSON.stringify(v)
  }))
}

describe('专家组复核意见 signatures under attack', () => {
  it('an expert device writing a signature row is rejected; the secretariat’s is accepted', () => {
    const id = followupOpinionRowId('p1', 'v1', 'e2')
    const cells: [string, string, string, unknown][] = [
      ['followup_opinions', id, 'version_id', 'v1'],
      ['followup_opinions', id, 'expert_id', 'e2'],
      ['followup_opinions', id, 'signed_payload', { kind: 'followup-opinion' }]
    ]
    expect(judgeTransaction(tx('e2', cells), ctx)).toMatchObject({ status: 'rejected' })
    expect(judgeTransaction(tx('secretariat', cells), ctx)).toMatchObject({ status: 'accepted' })
  })

  it('a re-reviewer’s signature made with a foreign key is not counted, and blocks the export', async () => {
    const b = await testBackend({ seedDemo: false })
    const seeded = seedSignedMeeting(b.db(), { projects: 1, experts: 3, leaderSigns: false })
    const projectId = seeded.projectIds[0]!
    const versionId = await importRevisionPair(b, seeded.meetingId, projectId, await writeRevisionPair(tempDir('fs')))
    signApprovalOpinion(b.db(), seeded.meetingId, projectId, seeded.experts[0]!)
    const [leader, second] = [seeded.experts[0]!, seeded.experts[1]!]
    installFixtureKey(b.db(), leader, '258036')
    await b.handlers['versions.update']({ versionId, stage: 'rereview', reviewers: [leader.id, second.id] })
    for (const [kind, number] of [['problem', 1], ['problem', 2], ['suggestion', 1]] as const) {
      await b.handlers['versions.checklistSave']({ versionId, reviewerId: leader.id, kind, number, verdict: 'done' })
    }
    await b.handlers['session.actAs']({ expertId: leader.id })
    await b.handlers['versions.followupSign']({ versionId, pin: '258036', conclusion: 'agree' })
    // The 组长's content copied, the signer set to the second re-reviewer, signed with a key nobody registered.
    const row = b.db().sqlite.prepare('SELECT signed_payload FROM followup_opinions WHERE expert_id = ?').get(leader.id) as { signed_payload: string }
    const content = { ...JSON.parse((JSON.parse(row.signed_payload) as { canonical: string }).canonical), signer: { id: second.id, name: second.name }, signedAt: '2026-12-06T02:00:00.000Z' }
    const k = generateKeyPair()
    const forged = signPayload('followup-opinion', content, k.privateKey, k.publicKey, { id: second.id, name: second.name }, content.signedAt)
    b.db().sqlite
      .prepare("INSERT INTO followup_opinions (id, meeting_id, project_id, version_id, expert_id, signed_payload, signed_at, deleted) VALUES (?, ?, ?, ?, ?, ?, ?, 0)")
      .run(followupOpinionRowId(projectId, versionId, second.id), seeded.meetingId, projectId, versionId, second.id, JSON.stringify(forged), content.signedAt)
    const view = await b.handlers['versions.followup']({ versionId })
    expect(view.signers.map((s) => [s.name, s.state])).toEqual([[leader.name, 'signed'], [second.name, 'unsigned']])
    expect((await rejection(() => b.handlers['versions.followupExport']({ versionId }))).message).toMatch(new RegExp(`还需${second.name}签署`))
  })
})
