/**
 * The 专家组复核意见 against real SQLite (issue 12, item 4): signing is refused until every point has a verdict; the
 * 组长 signs with the conclusion, the other re-reviewer signs the same; export only from signatures over what is
 * composed now (a later verdict change waits for re-signing); the written file verifies 有效.
 */
import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { testBackend } from '../../../tests/helpers/backend'
import { rejection } from '../../../tests/helpers/review'
import { tempDir } from '../../../tests/helpers/tmp'
import { seedSignedMeeting } from '../../../tests/kits/documents/testDb'
import { signApprovalOpinion } from '../../../tests/kits/revision/approval'
import { importRevisionPair } from '../../../tests/kits/revision/importPair'
import { writeRevisionPair } from '../../../tests/kits/revision/packages'
import { followupWorld } from '../../../tests/kits/revision/followupWorld'
import { installFixtureKey } from './consoleTestUtil'

const PIN = '258036'

async function setup() {
  const b = await testBackend({ seedDemo: false })
  const seeded = seedSignedMeeting(b.db(), { projects: 1, experts: 3, leaderSigns: false })
  const projectId = seeded.projectIds[0] as string
  const versionId = await importRevisionPair(b, seeded.meetingId, projectId, await writeRevisionPair(tempDir('fo')))
  signApprovalOpinion(b.db(), seeded.meetingId, projectId, seeded.experts[0]!)
  const [leader, second] = seeded.experts as [typeof seeded.experts[0], typeof seeded.experts[0]]
  for (const e of [leader, second]) installFixtureKey(b.db(), e!, PIN)
  await b.handlers['versions.update']({ versionId, stage: 'rereview', reviewers: [leader!.id, second!.id] })
  return { b, seeded, projectId, versionId, leader: leader!, second: second! }
}

describe('专家组复核意见', () => {
  it('is signed by the 组长 and the named re-reviewer, exported from exactly what they signed, and verifies 有效', async () => {
    const { b, seeded, versionId, leader, second } = await setup()
    const save = (kind: 'problem' | 'suggestion', number: number, verdict: 'done' | 'partial' | 'open', note = '') =>
      b.handlers['versions.checklistSave']({ versionId, reviewerId: leader.id, kind, number, verdict, note })
    await save('problem', 1, 'done')
    let view = await b.handlers['versions.followup']({ versionId })
    expect(view.blocked).toBe('整改落实表还有2条未记录落实情况，全部记录后才能签署复核意见')
    // The re-reviewer's task says who records the verdicts (the secretariat), not that the expert should.
    await b.handlers['session.actAs']({ expertId: second.id })
    const waiting = await b.handlers['versions.myRereviews']({ meetingId: seeded.meetingId })
    expect(waiting[0]?.todo).toEqual(['等待秘书处核完整改落实表（还有 2 条待核），核完后再签署', '签署专家组复核意见'])
    await b.handlers['session.actAs']({ expertId: null })
    await save('problem', 2, 'open', '知识库系统仍按 25 万元列支，未按核定调整。')
    await save('suggestion', 1, 'partial', '密评费用已列，方案深度不足。')
    view = await b.handlers['versions.followup']({ versionId })
    expect(view.blocked).toBe('')
    expect(view.signers.map((s) => [s.name, s.leader, s.state])).toEqual([[leader.name, true, 'unsigned'], [second.name, false, 'unsigned']])
    expect(view.counts).toMatchObject({ done: 1, partial: 1, open: 1 })

    // Only a signer may sign; the 组长 first; 同意 is refused while a point is 未落实.
    expect((await rejection(() => b.handlers['versions.followupSign']({ versionId, pin: PIN, conclusion: 'revise' }))).code).toBe('forbidden')
    await b.handlers['session.actAs']({ expertId: second.id })
    // 我的评审 lists the re-review as this expert's own task.
    const tasks = await b.handlers['versions.myRereviews']({ meetingId: seeded.meetingId })
    expect(tasks).toMatchObject([{ versionId, version: 2, role: '复核专家', mySignature: 'unsigned', counts: { done: 1, partial: 1, open: 1, pending: 0 }, todo: ['签署专家组复核意见'] }])
    expect((await rejection(() => b.handlers['versions.followupSign']({ versionId, pin: PIN }))).message).toMatch(/组长尚未签署复核意见/)
    await b.handlers['session.actAs']({ expertId: leader.id })
    expect(await rejection(() => b.handlers['versions.followupSign']({ versionId, pin: PIN, conclusion: 'agree' }))).toMatchObject({ code: 'invalid_input', message: '还有1条意见未落实，复核结论不能为“同意”' })
    view = await b.handlers['versions.followupSign']({ versionId, pin: PIN, conclusion: 'revise', remarks: '知识库系统仍未按核定调整，需进一步修改。' })
    expect(view.signers.map((s) => s.state)).toEqual(['signed', 'unsigned'])
    expect(view.exportReason).toBe(`还需${second.name}签署复核意见`)
    expect((await rejection(() => b.handlers['versions.followupExport']({ versionId }))).message).toMatch(/不能导出：还需/)

    await b.handlers['session.actAs']({ expertId: second.id })
    view = await b.handlers['versions.followupSign']({ versionId, pin: PIN })
    expect(view.signers.map((s) => s.state)).toEqual(['signed', 'signed'])
    expect(view).toMatchObject({ exportReason: '', conclusion: 'revise', remarks: '知识库系统仍未按核定调整，需进一步修改。' })
    // Each signature row is written as its signer (here one laptop acts as both, as in a demo).
    const logged = b.db().sqlite.prepare("SELECT DISTINCT author FROM change_log WHERE tbl = 'followup_opinions' ORDER BY author").all()
    expect(logged).toEqual([leader.id, second.id].sort().map((author) => ({ author })))

    const out = await b.handlers['versions.followupExport']({ versionId })
    expect(out.path).toContain('导出文档')
    expect(fs.readFileSync(out.path).toString('base64')).toBe(out.base64)
    const verified = await b.handlers['documents.verify']({ fileName: out.fileName, base64: out.base64 })
    expect(verified.status).toBe('有效')
    expect(verified.documentKind).toBe('专家组复核意见')
    // A second export never overwrites the first.
    expect((await b.handlers['versions.followupExport']({ versionId })).path).not.toBe(out.path)

    // A verdict changed after signing: both signatures are stale and the export waits.
    await b.handlers['versions.checklistSave']({ versionId, reviewerId: leader.id, kind: 'problem', number: 2, verdict: 'partial', note: '已部分调整。' })
    view = await b.handlers['versions.followup']({ versionId })
    expect(view.signers.map((s) => s.state)).toEqual(['stale', 'stale'])
    expect(view.exportReason).toMatch(/需组长重新签署/)
    expect((await rejection(() => b.handlers['versions.followupExport']({ versionId }))).message).toMatch(/需组长重新签署/)
  })

  it.each(['folder', 'server'] as const)('each signer signs on their own laptop; the signatures reach the secretariat through the %s, which exports a document that verifies 有效', async (transport) => {
    const w = await followupWorld(transport)
    try {
      // The verdicts are the secretariat's: read-only on an expert's laptop (its rows would not be the secretariat's).
      const onLaptop = await w.laptops.leader.handlers['versions.checklist']({ versionId: w.versionId })
      expect(onLaptop.readOnlyReason).toMatch(/^整改落实情况由秘书处在秘书处的电脑上记录/)
      expect(onLaptop.counts).toMatchObject({ done: 2, open: 1, pending: 0 })
      // The 组长's laptop shows the re-review as its own task and signs it with the 组长's key.
      expect(await w.laptops.leader.handlers['versions.myRereviews']({ meetingId: w.meetingId })).toMatchObject([{ versionId: w.versionId, role: '组长', mySignature: 'unsigned' }])
      await w.leaderSigns()
      let view = await w.sec.handlers['versions.followup']({ versionId: w.versionId })
      expect(view.signers.map((s) => [s.name, s.state])).toEqual([[w.leader.name, 'signed'], [w.second.name, 'unsigned']])
      // The re-reviewer's laptop received the 组长's signature and signs the same opinion.
      expect(await w.laptops.second.handlers['versions.myRereviews']({ meetingId: w.meetingId })).toMatchObject([{ role: '复核专家', todo: ['签署专家组复核意见'] }])
      await w.secondSigns()
      view = await w.sec.handlers['versions.followup']({ versionId: w.versionId })
      expect(view).toMatchObject({ exportReason: '', conclusion: 'revise', refused: [] })
      expect(view.signers.map((s) => s.state)).toEqual(['signed', 'signed'])
      const authors = w.sec.db().sqlite.prepare("SELECT DISTINCT author, status FROM change_log WHERE tbl = 'followup_opinions' ORDER BY author").all()
      expect(authors).toEqual([w.leader.id, w.second.id].sort().map((author) => ({ author, status: 'applied' })))
      // The signer's key never left its laptop: the secretariat holds neither.
      expect(w.sec.db().sqlite.prepare('SELECT COUNT(*) AS n FROM local_identity WHERE key_blob IS NOT NULL').get()).toEqual({ n: 0 })
      const out = await w.sec.handlers['versions.followupExport']({ versionId: w.versionId })
      expect((await w.sec.handlers['documents.verify']({ fileName: out.fileName, base64: out.base64 })).status).toBe('有效')
      // Every laptop reads both signatures as signed.
      const there = await w.laptops.outsider.handlers['versions.followup']({ versionId: w.versionId })
      expect(there.signers.map((s) => s.state)).toEqual(['signed', 'signed'])
    } finally {
      // The 会场模式 server is stopped even when the test fails.
      if (transport === 'server') await w.sec.handlers['venue.stop']({})
    }
  }, 180_000)
})
