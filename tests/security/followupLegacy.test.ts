/**
 * A 复核意见 signed with an earlier build (issue 12): before followup_opinions became the signer's own rows, the
 * signer signed at the secretariat's laptop and the row was written as the secretariat. Such a row — the old shape,
 * rebuilt here exactly as that build wrote it — is still the signer's SM2 signature: every replica accepts it when
 * the signature passes the signer's checks, the console counts it when it covers what is composed now and marks it
 * 旧版本签名 with what that means, and shows 需重新签署 with the reason once the content changed. The secretariat can
 * carry such a row, never clear, delete or forge one.
 */
import { describe, expect, it } from 'vitest'
import { signPayload } from '../../shared/signing/envelope'
import { generateKeyPair } from '../../shared/signing/sm'
import type { SignedPayload } from '../../shared/signing/types'
import type { Change } from '../../shared/sync/change'
import { encodeHlc } from '../../shared/sync/hlc'
import { followupOpinionRowId } from '../../shared/sync/rowIds'
import { REPLICATED_TABLES } from '../../shared/sync/tables'
import { judgeTransaction, type Registry } from '../../shared/sync/verdict'
import { writeChanges } from '../../electron/main/db/changeWriter'
import { LEGACY_NOTE } from '../../electron/main/services/followupOpinion'
import { SECRETARIAT } from '../../electron/main/services/authors'
import type { FixtureExpert } from '../kits/documents/testData'
import { followupWorld, signedRow, syncAll, type FollowupWorld } from '../kits/revision/followupWorld'

const NOW = Date.UTC(2026, 11, 7)

/** What the 组长 signed, signed by `signer` with `key` (as a re-reviewer at the secretariat's laptop did in earlier builds). */
function cosignature(w: FollowupWorld, signer: FixtureExpert, key: { privateKey: string; publicKey: string } = signer): SignedPayload {
  const content = JSON.parse(signedRow(w, w.leader.id)!.canonical) as Record<string, unknown>
  const at = '2026-12-06T05:00:00.000Z'
  return signPayload('followup-opinion', { ...content, signer: { id: signer.id, name: signer.name }, signedAt: at }, key.privateKey, key.publicKey, { id: signer.id, name: signer.name }, at)
}

/** The row exactly as the earlier build wrote it: one transaction as the secretariat, every column. */
function oldShapeCells(w: FollowupWorld, expertId: string, payload: unknown): Record<string, unknown> {
  return { meeting_id: w.meetingId, project_id: w.projectId, version_id: w.versionId, expert_id: expertId, signed_payload: payload, signed_at: '2026-12-06T05:00:00.000Z', deleted: false }
}

function tx(author: string, rowId: string, cells: Record<string, unknown>): Change[] {
  const entries = Object.entries(cells)
  return entries.map(([col, v], i) => ({
    origin: 'o', seq: i + 1, tx: 1, txEnd: entries.length, hlc: encodeHlc({ ms: NOW, counter: i + 1, origin: 'o' }), author, tbl: 'followup_opinions', rowId, col, value: JSON.stringify(v)
  }))
}

const view = (w: FollowupWorld, b = w.sec) => b.handlers['versions.followup']({ versionId: w.versionId })

describe('a 复核意见 signed with an earlier build', () => {
  it('is accepted on every replica, counted and marked 旧版本签名; after a change it shows 需重新签署 with the reason', async () => {
    const w = await followupWorld()
    await w.leaderSigns()
    // The fixture: the second re-reviewer's co-signature, written on the secretariat's laptop as the secretariat.
    writeChanges(w.sec.db(), SECRETARIAT, (x) => x.write('followup_opinions', followupOpinionRowId(w.projectId, w.versionId, w.second.id), oldShapeCells(w, w.second.id, cosignature(w, w.second))))
    await syncAll(w)
    // Judged again under today's rules on the other laptops: applied there too, nothing dropped.
    for (const b of [w.laptops.leader, w.laptops.second, w.laptops.outsider]) {
      expect(b.db().sqlite.prepare("SELECT DISTINCT status FROM change_log WHERE tbl = 'followup_opinions' AND author = 'secretariat'").all()).toEqual([{ status: 'applied' }])
    }
    for (const b of [w.sec, w.laptops.leader]) {
      expect((await view(w, b)).signers.map((s) => [s.name, s.state, s.legacy])).toEqual([[w.leader.name, 'signed', ''], [w.second.name, 'signed', LEGACY_NOTE]])
    }
    const out = await w.sec.handlers['versions.followupExport']({ versionId: w.versionId })
    expect((await w.sec.handlers['documents.verify']({ fileName: out.fileName, base64: out.base64 })).status).toBe('有效')
    // A verdict changed since: both need signing again, the old one says why in its own words.
    await w.sec.handlers['versions.checklistSave']({ versionId: w.versionId, reviewerId: w.leader.id, kind: 'problem', number: 2, verdict: 'partial', note: '已部分核减。' })
    const after = await view(w)
    expect(after.signers.map((s) => s.state)).toEqual(['stale', 'stale'])
    expect(after.signers[1]?.legacy).toMatch(/旧版本.*需本人在自己的电脑上重新签署/)
    expect(after.exportReason).toMatch(/重新签署/)
  }, 120_000)

  it('the secretariat carries a whole row with the signer’s valid signature only: never clears, deletes, edits alone or forges one', async () => {
    const w = await followupWorld()
    await w.leaderSigns()
    const id = followupOpinionRowId(w.projectId, w.versionId, w.second.id)
    const ctx = { nowMs: NOW, registry: REPLICATED_TABLES as unknown as Registry, fingerprintsOf: (e: string) => (e === w.second.id ? [w.second.fingerprint] : e === w.leader.id ? [w.leader.fingerprint] : []), isReopened: () => false }
    const genuine = cosignature(w, w.second)
    expect(judgeTransaction(tx('secretariat', id, oldShapeCells(w, w.second.id, genuine)), ctx)).toEqual({ status: 'accepted' })
    expect(judgeTransaction(tx('secretariat', id, { signed_payload: null }), ctx)).toMatchObject({ status: 'rejected', code: 'not-owner' })
    expect(judgeTransaction(tx('secretariat', id, { deleted: true }), ctx)).toMatchObject({ status: 'rejected', code: 'not-owner' })
    expect(judgeTransaction(tx('secretariat', id, { signed_at: '2026-12-07T00:00:00.000Z' }), ctx)).toMatchObject({ status: 'rejected', code: 'not-owner' })
    // A signature made with a key of the secretariat's own, and the 组长's signature put in the second's row.
    expect(judgeTransaction(tx('secretariat', id, oldShapeCells(w, w.second.id, cosignature(w, w.second, generateKeyPair()))), ctx)).toMatchObject({ status: 'held', code: 'unregistered-key' })
    expect(judgeTransaction(tx('secretariat', id, oldShapeCells(w, w.second.id, signedRow(w, w.leader.id))), ctx)).toMatchObject({ status: 'rejected', code: 'bad-signature' })
  }, 120_000)
})
