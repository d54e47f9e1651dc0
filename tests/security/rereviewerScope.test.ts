/**
 * A re-reviewer who was not on the original panel (issue 12): what the server and the folder release to an expert
 * the secretariat named for a 修改稿, and what they never release. Not named, such an expert receives none of the
 * original review (the 组长's signed 专家组评审意见 included) and cannot sign the 专家组复核意见; named by the
 * secretariat (project_versions.reviewers, a secretariat-signed change), it receives the signed 专家组评审意见 — and
 * still none of the 组长's other work (declarations, document notes, drafts of the opinion) — and signs on its own
 * laptop; its signature verifies on the secretariat's laptop and in the exported document. Naming itself through a
 * modified client is refused on every replica and releases nothing.
 */
import { describe, expect, it } from 'vitest'
import { writeChanges } from '../../electron/main/db/changeWriter'
import type { Backend } from '../../electron/main/backend'
import type { Change } from '../../shared/sync/change'
import { encodeHlc } from '../../shared/sync/hlc'
import { commitmentRowId, declarationRowId, documentNoteRowId, panelOpinionRowId, sheetRowId } from '../../shared/sync/rowIds'
import { scopeKey } from '../../shared/sync/units'
import { independenceAllows } from '../../server/scope'
import { rejection } from '../helpers/review'
import { followupWorld, PIN, syncAll, type FollowupWorld } from '../kits/revision/followupWorld'

const NOW = Date.UTC(2026, 11, 7)
const AT = '2026-12-07T01:00:00.000Z'
function tx(author: string, cells: [string, string, string, unknown][]): Change[] {
  return cells.map(([tbl, rowId, col, v], i) => ({
    origin: 'o', seq: i + 1, tx: 1, txEnd: cells.length, hlc: encodeHlc({ ms: NOW, counter: i + 1, origin: 'o' }), author, tbl, rowId, col, value: JSON.stringify(v)
  }))
}

/** The 组长's private work on the project, written through sync: a declaration and a document note. */
function leaderWritesPrivateWork(w: FollowupWorld): void {
  writeChanges(w.laptops.leader.db(), w.leader.id, (x) =>
    x.write('declarations', declarationRowId(w.projectId, w.leader.id), {
      meeting_id: w.meetingId, project_id: w.projectId, expert_id: w.leader.id, kind: 'none', reason: '组长的利益冲突声明', declared_at: AT, shown_conflicts: []
    })
  )
  const doc = w.laptops.leader.db().sqlite.prepare('SELECT id FROM package_documents WHERE project_id = ? LIMIT 1').get(w.projectId) as { id: string }
  writeChanges(w.laptops.leader.db(), w.leader.id, (x) =>
    x.write('document_notes', documentNoteRowId(w.leader.id, 'n1'), { expert_id: w.leader.id, project_id: w.projectId, document_id: doc.id, page: 1, text: '组长的私人批注', created_at: AT, updated_at: AT, deleted: false })
  )
}

/** What of the 组长's work a laptop holds: the signed opinion, the declaration, the note (tables), and log statuses. */
function leaderWorkOn(b: Backend, w: FollowupWorld) {
  const s = b.db().sqlite
  return {
    opinion: (s.prepare("SELECT status FROM panel_opinions WHERE id = ? AND signed_payload IS NOT NULL").get(panelOpinionRowId(w.projectId, w.leader.id)) as { status: string } | undefined)?.status ?? null,
    declaration: s.prepare("SELECT reason FROM declarations WHERE id = ?").get(declarationRowId(w.projectId, w.leader.id)) ?? null,
    note: s.prepare("SELECT text FROM document_notes WHERE id = ?").get(documentNoteRowId(w.leader.id, 'n1')) ?? null,
    privateInLog: s.prepare("SELECT COUNT(*) AS n FROM change_log WHERE author = ? AND tbl IN ('declarations', 'document_notes') AND status <> 'withheld'").get(w.leader.id) as { n: number }
  }
}

const reviewersAt = (b: Backend, w: FollowupWorld) =>
  JSON.parse((b.db().sqlite.prepare('SELECT reviewers FROM project_versions WHERE id = ?').get(w.versionId) as { reviewers: string }).reviewers) as string[]

/** The newcomer signs on its own laptop, everything syncs; the secretariat's card and exported document then say so. */
async function newcomerSignsAndSecretariatExports(w: FollowupWorld, newcomer: Backend) {
  await w.leaderSigns()
  await w.secondSigns()
  await newcomer.handlers['versions.followupSign']({ versionId: w.versionId, pin: PIN })
  await syncAll(w)
  const view = await w.sec.handlers['versions.followup']({ versionId: w.versionId })
  const out = await w.sec.handlers['versions.followupExport']({ versionId: w.versionId })
  const verified = await w.sec.handlers['documents.verify']({ fileName: out.fileName, base64: out.base64 })
  return { signers: view.signers.map((s) => [s.name, s.state]), refused: view.refused, status: verified.status }
}

describe('a re-reviewer who was not on the original panel', () => {
  it('scope: the 组长 signing the 专家组评审意见 is its own unit scope, released to a named re-reviewer and nothing else of the project', () => {
    const id = panelOpinionRowId('p1', 'e1')
    const signing = tx('e1', [['panel_opinions', id, 'status', 'signed'], ['panel_opinions', id, 'signed_payload', { kind: 'panel-opinion' }]])
    const draft = tx('e1', [['panel_opinions', id, 'status', 'draft'], ['panel_opinions', id, 'signed_payload', null]])
    const sheet = tx('e1', [['score_sheets', sheetRowId('p1', 'e1', 1), 'status', 'draft']])
    expect([scopeKey(signing), scopeKey(draft), scopeKey(sheet)]).toEqual(['O:e1:p1', 'E:e1:p1', 'E:e1:p1'])
    const named = new Set(['p1'])
    expect(independenceAllows('e4', signing, new Set(), named)).toBe(true)
    expect(independenceAllows('e4', signing, new Set(), new Set())).toBe(false)
    expect(independenceAllows('e4', signing, new Set(), new Set(['p2']))).toBe(false)
    // Drafts of the opinion, the 组长's sheet, a signing mixed with the sheet, a document note: never by naming.
    expect(independenceAllows('e4', draft, new Set(), named)).toBe(false)
    expect(independenceAllows('e4', sheet, new Set(), named)).toBe(false)
    expect(independenceAllows('e4', [...signing, ...sheet], new Set(), named)).toBe(false)
    expect(independenceAllows('e4', tx('e1', [['document_notes', documentNoteRowId('e1', 'n'), 'text', 'x']]), new Set(), named)).toBe(false)
  })

  it('through the server (HTTP): not named it gets nothing and cannot sign; named by the secretariat it gets the signed opinion only, signs, and the document verifies', async () => {
    const w = await followupWorld('server', { newcomer: true })
    const n = w.laptops.newcomer as Backend
    leaderWritesPrivateWork(w)
    await syncAll(w)
    expect(leaderWorkOn(n, w)).toEqual({ opinion: null, declaration: null, note: null, privateInLog: { n: 0 } })
    expect(await rejection(() => n.handlers['versions.followupSign']({ versionId: w.versionId, pin: PIN }))).toMatchObject({ code: 'conflict', message: expect.stringMatching(/专家组评审意见尚未由组长签署/) })
    // The secretariat names it: the signed opinion arrives (asked for again as the server now releases it), nothing else.
    await w.sec.handlers['versions.update']({ versionId: w.versionId, reviewers: [w.leader.id, w.second.id, (w.newcomer as { id: string }).id] })
    await syncAll(w)
    expect(leaderWorkOn(n, w)).toEqual({ opinion: 'signed', declaration: null, note: null, privateInLog: { n: 0 } })
    const result = await newcomerSignsAndSecretariatExports(w, n)
    expect(result).toEqual({ signers: [[w.leader.name, 'signed'], [w.second.name, 'signed'], [w.newcomer?.name, 'signed']], refused: [], status: '有效' })
    // The outsider (not named, no submission accepted by the server) still holds none of it.
    expect(leaderWorkOn(w.laptops.outsider, w)).toMatchObject({ opinion: null, declaration: null, note: null })
  }, 180_000)

  it('through the folder: naming itself with a modified client is refused and releases nothing; the secretariat’s naming releases the signed opinion', async () => {
    const w = await followupWorld('folder', { newcomer: true })
    const n = w.laptops.newcomer as Backend
    const me = (w.newcomer as { id: string }).id
    leaderWritesPrivateWork(w)
    // Each re-reviewer's laptop sends something of its own first (its 承诺书), so the secretariat learns its sync key
    // (a grant is wrapped to it); then the newcomer's device names itself.
    for (const [b, id] of [[n, me], [w.laptops.second, w.second.id]] as const) {
      writeChanges(b.db(), id, (x) => x.write('commitments', commitmentRowId(w.meetingId, id), { meeting_id: w.meetingId, expert_id: id, accepted_at: AT, text_digest: 'x' }))
    }
    writeChanges(n.db(), me, (x) => x.write('project_versions', w.versionId, { reviewers: [w.leader.id, w.second.id, me] }))
    await syncAll(w)
    // Rejected on the secretariat's laptop (only the secretariat names re-reviewers), and on the other experts' laptops.
    for (const b of [w.sec, w.laptops.leader, w.laptops.second]) {
      expect(b.db().sqlite.prepare("SELECT DISTINCT status FROM change_log WHERE author = ? AND tbl = 'project_versions'").all(me)).toEqual([{ status: 'rejected' }])
    }
    expect(reviewersAt(w.sec, w)).toEqual([w.leader.id, w.second.id])
    expect(leaderWorkOn(n, w)).toEqual({ opinion: null, declaration: null, note: null, privateInLog: { n: 0 } })
    // Named by the secretariat: the grant for the signed opinion's key reaches it; the 组长's other work stays sealed.
    await w.sec.handlers['versions.update']({ versionId: w.versionId, reviewers: [w.leader.id, w.second.id, me] })
    await syncAll(w)
    expect(leaderWorkOn(n, w)).toEqual({ opinion: 'signed', declaration: null, note: null, privateInLog: { n: 0 } })
    const result = await newcomerSignsAndSecretariatExports(w, n)
    expect(result).toEqual({ signers: [[w.leader.name, 'signed'], [w.second.name, 'signed'], [w.newcomer?.name, 'signed']], refused: [], status: '有效' })
  }, 240_000)
})
