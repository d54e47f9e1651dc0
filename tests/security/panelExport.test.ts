/**
 * Issue 10: no content under a signature it did not get. Panel documents are exported only from exactly what the
 * 组长 signed; after an edit (by the secretariat or anyone) the export refuses with a Chinese reason until the 组长
 * signs again — it never falls back to the automatic merge while printing the 组长's signature image.
 * And 送审投资 is one figure everywhere, a line sum that differs being its own explained sentence.
 */
import { strFromU8, unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { ApiError } from '../../shared/api/errors'
import path from 'node:path'
import { tempDir } from '../helpers/tmp'
import { openDb, type Db } from '../../electron/main/db/connection'
import { migrate } from '../../electron/main/db/migrator'
import { ensureDevice } from '../../electron/main/db/device'
import { seedSignedMeeting, signSeededPanelOpinion } from '../kits/documents/testDb'
import { buildDocument } from '../../electron/main/services/documentBuild'
import { gatherProject, planDocuments } from '../../electron/main/services/documents'
import { panelView, saveDraft } from '../../electron/main/services/panelOpinion'
import { verifyDocx } from '../../electron/main/documents/verify'

async function openTestDb(): Promise<Db> {
  const db = openDb(path.join(tempDir('panel-export'), 'db.sqlite'))
  await migrate(db)
  ensureDevice(db)
  return db
}

function documentText(bytes: Uint8Array): string {
  return [...strFromU8(unzipSync(bytes)['word/document.xml']!).matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('').replace(/\u2060/g, '') // the invisible word joiner, as a reader sees it
}

const registeredOf = (m: { experts: { id: string; fingerprint: string }[] }): Record<string, string> => Object.fromEntries(m.experts.map((e) => [e.id, e.fingerprint]))

describe('panel documents only from what the 组长 signed', () => {
  it('a secretariat edit after signing stops the export until the 组长 signs again', async () => {
    const db = await openTestDb()
    const m = seedSignedMeeting(db, { projects: 1, experts: 3 })
    const projectId = m.projectIds[0]!
    expect(gatherProject(db, projectId).panelReady).toBe(true)

    const view = panelView(db, projectId)
    saveDraft(db, projectId, { ...view.draft!, problems: [...view.draft!.problems, '秘书处补充：应明确运维费用测算依据。'] })
    const snap = gatherProject(db, projectId)
    expect(snap.panelReady).toBe(false)
    expect(snap.panelReason).toMatch(/重新签署/)
    const panelItems = planDocuments(snap).filter((d) => d.kind !== 'expert-opinion')
    expect(panelItems.every((d) => !d.ready && /重新签署/.test(d.reason))).toBe(true)
    await expect(buildDocument(snap, 'panel-opinion')).rejects.toBeInstanceOf(ApiError)
    await expect(buildDocument(snap, 'score-summary')).rejects.toThrow(/重新签署/)
    // The experts' own documents are not held back.
    expect((await buildDocument(snap, 'expert-opinion', m.experts[1]!.id)).length).toBeGreaterThan(0)

    // The 组长 signs the edited opinion: the documents show the edit.
    signSeededPanelOpinion(db, m.meetingId, projectId, m.experts[0]!)
    const again = gatherProject(db, projectId)
    expect(again.panelReady).toBe(true)
    const bytes = await buildDocument(again, 'panel-opinion')
    expect(documentText(bytes)).toContain('秘书处补充：应明确运维费用测算依据。')
    expect((await verifyDocx(bytes, { registeredFingerprints: registeredOf(m) })).status).toBe('有效')
  })

  it('a remembered "the 组长 signed the current opinion" never outlives a change to what it was checked against', async () => {
    const db = await openTestDb()
    const m = seedSignedMeeting(db, { projects: 1, experts: 3 })
    const projectId = m.projectIds[0]!
    // Checked (and remembered) twice over the same inputs.
    expect(gatherProject(db, projectId).panelReady).toBe(true)
    expect(gatherProject(db, projectId).panelReady).toBe(true)
    // The meeting's merge method changes behind the signed row (still 'signed'): the opinion is composed afresh.
    db.sqlite.prepare("UPDATE meetings SET merge_method = 'median' WHERE id = ?").run(m.meetingId)
    const changed = gatherProject(db, projectId)
    expect(changed.panelReady).toBe(false)
    expect(changed.panelReason).toMatch(/汇总方法/)
    // Back as it was: the same inputs as the first check, the same answer.
    db.sqlite.prepare("UPDATE meetings SET merge_method = 'mean' WHERE id = ?").run(m.meetingId)
    expect(gatherProject(db, projectId).panelReady).toBe(true)
    // The stored signed text is replaced by another 组长 signature over the old content: checked afresh, refused.
    const row = db.sqlite.prepare('SELECT signed_payload FROM panel_opinions WHERE project_id = ?').get(projectId) as { signed_payload: string }
    const forged = { ...JSON.parse(row.signed_payload), signature: '00'.repeat(64) }
    db.sqlite.prepare('UPDATE panel_opinions SET signed_payload = ? WHERE project_id = ?').run(JSON.stringify(forged), projectId)
    const tampered = gatherProject(db, projectId)
    expect(tampered.panelReady).toBe(false)
    expect(tampered.panelReason).toMatch(/组长签名未通过验证/)
  })

  it('a meeting whose 组长 has not signed exports no panel document', async () => {
    const db = await openTestDb()
    const m = seedSignedMeeting(db, { projects: 1, experts: 3, leaderSigns: false })
    const snap = gatherProject(db, m.projectIds[0]!)
    expect(snap.panelReady).toBe(false)
    expect(snap.panelReason).toMatch(/尚未签署专家组意见/)
  })
})

describe('送审投资 is one figure', () => {
  it('a declared total that differs from the line sum is shown as its own explained sentence', async () => {
    const db = await openTestDb()
    const m = seedSignedMeeting(db, { projects: 1, experts: 3, leaderSigns: false })
    const projectId = m.projectIds[0]!
    const lineSum = db.sqlite.prepare('SELECT declared_investment AS d FROM projects WHERE id = ?').get(projectId) as { d: number }
    // The declared figure is 10 万元 below the line sum (as in the issue: 309.40 declared, 319.40 in the lines). The
    // sheets are signed over the declared figure, so the meeting is re-seeded with it.
    const db2 = await openTestDb()
    const m2 = seedSignedMeeting(db2, { projects: 1, experts: 3, declaredInvestmentDelta: -10 })
    const bytes = await buildDocument(gatherProject(db2, m2.projectIds[0]!), 'panel-opinion')
    const text = documentText(bytes)
    const fmt = (x: number): string => x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
    expect(text).toContain(`送审投资：${fmt(lineSum.d - 10)}万元`)
    expect(text).toContain(`项目送审投资${fmt(lineSum.d - 10)}万元。概算明细各行合计${fmt(lineSum.d)}万元，较送审投资多10.00万元`)
    expect(text).not.toContain(`项目送审投资${fmt(lineSum.d)}`)
    expect((await verifyDocx(bytes, { registeredFingerprints: registeredOf(m2) })).status).toBe('有效')
    void m
  })
})
