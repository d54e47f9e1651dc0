/**
 * Attacks on the signatures of the 专家组复核意见 (issue 12): each signer signs on their own laptop, and the signature
 * row (owned by the signer, public) reaches the secretariat's laptop through the shared folder, where it is verified.
 * Refused there: a row written by anyone but the signer it names (a forged author, on apply); a signature with a key
 * the secretariat did not register (held); a valid signature by an expert who is not named (not counted, with the
 * reason); a valid signature by a named re-reviewer over altered content (需重新签署, the export waits).
 */
import { describe, expect, it } from 'vitest'
import { signPayload } from '../../shared/signing/envelope'
import { generateKeyPair } from '../../shared/signing/sm'
import type { Change } from '../../shared/sync/change'
import { encodeHlc } from '../../shared/sync/hlc'
import { followupOpinionRowId, sheetRowId } from '../../shared/sync/rowIds'
import { isPlainScope, isPlainUnit, scopeKey } from '../../shared/sync/units'
import { independenceAllows } from '../../server/scope'
import { REPLICATED_TABLES } from '../../shared/sync/tables'
import { judgeTransaction, type Registry } from '../../shared/sync/verdict'
import type { FixtureExpert } from '../kits/documents/testData'
import { rejection } from '../helpers/review'
import { followupWorld, PIN, signedRow, syncAll, syncOnce, type FollowupWorld } from '../kits/revision/followupWorld'
import { ARRANGE_ON_SECRETARIAT_LAPTOP } from '../../electron/main/services/projectVersions'

const NOW = Date.UTC(2026, 11, 6)
function tx(author: string, cells: [string, string, string, unknown][]): Change[] {
  return cells.map(([tbl, rowId, col, v], i) => ({
    origin: 'o', seq: i + 1, tx: 1, txEnd: cells.length, hlc: encodeHlc({ ms: NOW, counter: i + 1, origin: 'o' }), author, tbl, rowId, col, value: JSON.stringify(v)
  }))
}

/** The 组长's signed content with a new signer (and changes), signed with `key`: what a modified client would write. */
function resigned(w: FollowupWorld, signer: FixtureExpert, key: { privateKey: string; publicKey: string }, change: (c: Record<string, unknown>) => void = () => {}) {
  const row = w.sec.db().sqlite.prepare('SELECT signed_payload FROM followup_opinions WHERE expert_id = ?').get(w.leader.id) as { signed_payload: string }
  const content = JSON.parse((JSON.parse(row.signed_payload) as { canonical: string }).canonical) as Record<string, unknown>
  const at = '2026-12-06T03:00:00.000Z'
  change(content)
  return signPayload('followup-opinion', { ...content, signer: { id: signer.id, name: signer.name }, signedAt: at }, key.privateKey, key.publicKey, { id: signer.id, name: signer.name }, at)
}

const rowsAtSecretariat = (w: FollowupWorld) =>
  w.sec.db().sqlite.prepare('SELECT expert_id FROM followup_opinions ORDER BY expert_id').all() as { expert_id: string }[]

describe('专家组复核意见 signatures under attack', () => {
  it('a signature row is public: plaintext in the folder and sent by the server to the other experts, unlike an expert’s sealed work', () => {
    const sig = tx('e1', [['followup_opinions', followupOpinionRowId('p1', 'v1', 'e1'), 'expert_id', 'e1']])
    const sheet = tx('e1', [['score_sheets', sheetRowId('p1', 'e1', 1), 'status', 'draft']])
    expect([scopeKey(sig), isPlainScope(scopeKey(sig))]).toEqual(['P:e1', true])
    expect([scopeKey(sheet), isPlainScope(scopeKey(sheet))]).toEqual(['E:e1:p1', false])
    expect(independenceAllows('e2', sig, new Set())).toBe(true)
    expect(independenceAllows('e2', sheet, new Set())).toBe(false)
    // A transaction mixing a public row with sealed work is not public.
    expect(isPlainScope(scopeKey([...sig, ...sheet]))).toBe(false)
    // The folder export's shortcut says the same (units.ts isPlainUnit).
    expect([isPlainUnit(sig), isPlainUnit(sheet), isPlainUnit([...sig, ...sheet]), isPlainUnit([...sheet, ...sig])]).toEqual([true, false, false, false])
    expect(independenceAllows('e2', [...sig, ...sheet], new Set())).toBe(false)
  })

  it('an expert’s laptop cannot write the secretariat’s 复核安排 (re-reviewers, stage): refused with the reason, shown as locked', async () => {
    const w = await followupWorld()
    const before = w.leader.id
    const onLaptop = await w.laptops.leader.handlers['versions.list']({ projectId: w.projectId })
    expect(onLaptop.arrangeRefusal).toBe(ARRANGE_ON_SECRETARIAT_LAPTOP)
    const refused = await (async () => w.laptops.leader.handlers['versions.update']({ versionId: w.versionId, reviewers: [w.outsider.id], stage: 'done' }))().then(
      () => null,
      (e: unknown) => e as { code?: string; message: string }
    )
    expect(refused).toMatchObject({ code: 'forbidden', message: ARRANGE_ON_SECRETARIAT_LAPTOP })
    const row = w.laptops.leader.db().sqlite.prepare('SELECT stage, reviewers FROM project_versions WHERE id = ?').get(w.versionId) as { stage: string; reviewers: string }
    expect(row.stage).not.toBe('done')
    expect(JSON.parse(row.reviewers)).toContain(before)
    expect((await w.sec.handlers['versions.list']({ projectId: w.projectId })).arrangeRefusal).toBe('')
  })

  it('the verdict: only the signer named in the row id writes it, with a valid signature over this version by a registered key', async () => {
    const w = await followupWorld()
    await w.leaderSigns()
    const genuine = signedRow(w, w.leader.id)!
    const id = followupOpinionRowId(w.projectId, w.versionId, w.leader.id)
    const ctx = { nowMs: NOW, registry: REPLICATED_TABLES as unknown as Registry, fingerprintsOf: (e: string) => (e === w.leader.id ? [w.leader.fingerprint] : []), isReopened: () => false }
    const cells = (payload: unknown, rowId = id, expertId = w.leader.id, versionId = w.versionId): [string, string, string, unknown][] => [
      ['followup_opinions', rowId, 'version_id', versionId],
      ['followup_opinions', rowId, 'expert_id', expertId],
      ['followup_opinions', rowId, 'signed_payload', payload]
    ]
    expect(judgeTransaction(tx(w.leader.id, cells(genuine)), ctx)).toEqual({ status: 'accepted' })
    // Another expert writing the 组长's signature row. (The secretariat may carry the whole row with the 组长's own
    // valid signature — what earlier builds wrote — but never clear or delete it: tests/security/followupLegacy.test.ts.)
    expect(judgeTransaction(tx(w.second.id, cells(genuine)), ctx)).toMatchObject({ status: 'rejected', code: 'not-owner' })
    expect(judgeTransaction(tx('secretariat', cells(null)), ctx)).toMatchObject({ status: 'rejected', code: 'not-owner' })
    // The 组长's signature put into the second re-reviewer's row (by that expert's own device).
    const secondId = followupOpinionRowId(w.projectId, w.versionId, w.second.id)
    expect(judgeTransaction(tx(w.second.id, cells(genuine, secondId, w.second.id)), ctx)).toMatchObject({ status: 'rejected', reason: '复核意见的签名人不是该签名记录的专家' })
    // An edited signed text, and a signature of another version's row.
    expect(judgeTransaction(tx(w.leader.id, cells({ ...genuine, canonical: genuine.canonical.replace('"revise"', '"agree"') })), ctx)).toMatchObject({ status: 'rejected', code: 'bad-signature' })
    const otherVersion = followupOpinionRowId(w.projectId, 'v-other', w.leader.id)
    expect(judgeTransaction(tx(w.leader.id, cells(genuine, otherVersion, w.leader.id, 'v-other')), ctx)).toMatchObject({
      status: 'rejected',
      reason: '签名内容不是这一版修改稿的复核意见（版本、项目或签名人不符）'
    })
    // A key nobody registered: held until the secretariat registers it.
    const k = generateKeyPair()
    expect(judgeTransaction(tx(w.leader.id, cells(resigned(w, w.leader, k))), ctx)).toMatchObject({ status: 'held', code: 'unregistered-key' })
  }, 60_000)

  it('a signature by an expert who is not a named re-reviewer is refused on that laptop and, forced through the folder, not counted', async () => {
    const w = await followupWorld()
    await w.leaderSigns()
    await w.secondSigns()
    const o = w.laptops.outsider
    expect(await rejection(() => o.handlers['versions.followupSign']({ versionId: w.versionId, pin: PIN }))).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/^复核意见由组长和指定的复核专家签署/) })
    // A modified client writes the outsider's own valid signature anyway.
    await o.handlers['identity.enableSync']({ pin: PIN })
    w.writeAs(o, w.outsider.id, w.outsider.id, resigned(w, w.outsider, w.outsider))
    await syncAll(w)
    expect(rowsAtSecretariat(w).map((r) => r.expert_id)).toContain(w.outsider.id)
    const view = await w.sec.handlers['versions.followup']({ versionId: w.versionId })
    expect(view.signers.map((s) => [s.name, s.state])).toEqual([[w.leader.name, 'signed'], [w.second.name, 'signed']])
    expect(view.refused).toEqual([{ id: w.outsider.id, name: w.outsider.name, reason: `${w.outsider.name}不是本版的组长或指定的复核专家，其签名不计入` }])
    // The document is made from the named signers' signatures only.
    const out = await w.sec.handlers['versions.followupExport']({ versionId: w.versionId })
    expect((await w.sec.handlers['documents.verify']({ fileName: out.fileName, base64: out.base64 })).status).toBe('有效')
  }, 90_000)

  it('a named re-reviewer’s signature over altered content is shown as 需重新签署 and the export waits', async () => {
    const w = await followupWorld()
    await w.leaderSigns()
    const s = w.laptops.second
    await s.handlers['identity.enableSync']({ pin: PIN })
    // The 未落实 point signed as 已落实: a valid signature by the right key, over content the secretariat did not publish.
    w.writeAs(s, w.second.id, w.second.id, resigned(w, w.second, w.second, (c) => {
      for (const item of c.items as { verdict: string }[]) item.verdict = 'done'
    }))
    await syncAll(w)
    const view = await w.sec.handlers['versions.followup']({ versionId: w.versionId })
    expect(view.signers.map((x) => [x.name, x.state])).toEqual([[w.leader.name, 'signed'], [w.second.name, 'stale']])
    expect(view.exportReason).toBe(`还需${w.second.name}重新签署复核意见`)
    expect((await rejection(() => w.sec.handlers['versions.followupExport']({ versionId: w.versionId }))).message).toMatch(/重新签署/)
  }, 90_000)

  it('a forged author through the folder: another expert’s device writing the 组长’s row, or sealing as the 组长 with its own key', async () => {
    const w = await followupWorld()
    await w.leaderSigns()
    const genuine = signedRow(w, w.leader.id)
    const o = w.laptops.outsider
    await o.handlers['identity.enableSync']({ pin: PIN })
    // The outsider's device writes the 组长's row, with a signature of its own making.
    const k = generateKeyPair()
    w.writeAs(o, w.outsider.id, w.leader.id, resigned(w, w.leader, k, (c) => (c.conclusion = 'agree')))
    await syncOnce(o)
    const last = await syncOnce(w.sec)
    expect(JSON.stringify(last?.issues)).toMatch(/无权修改其他专家的数据/)
    expect(signedRow(w, w.leader.id)).toEqual(genuine)
    // The outsider's device makes a key of its own for the 组长 and seals the row as the 组长.
    const fake = { ...w.leader, ...generateKeyPair() }
    const { installFixtureKey } = await import('../../electron/main/services/consoleTestUtil')
    installFixtureKey(o.db(), fake, PIN)
    await o.handlers['session.actAs']({ expertId: w.leader.id })
    await o.handlers['identity.enableSync']({ pin: PIN })
    w.writeAs(o, w.leader.id, w.leader.id, resigned(w, w.leader, fake, (c) => (c.conclusion = 'agree')))
    await syncOnce(o)
    await syncOnce(w.sec)
    expect(signedRow(w, w.leader.id)).toEqual(genuine)
    const view = await w.sec.handlers['versions.followup']({ versionId: w.versionId })
    expect(view).toMatchObject({ conclusion: 'revise', refused: [] })
    expect(view.signers.map((x) => x.state)).toEqual(['signed', 'unsigned'])
  }, 90_000)
})
