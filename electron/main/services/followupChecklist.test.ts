/**
 * The 整改落实 checklist (issue 12) against real SQLite: the points of the signed opinion with who raised them, the
 * answers read from the 修改稿's 修改说明 table, verdicts saved and read back after reopening, refusals in Chinese
 * at the field, and the rows reaching a second laptop through sync.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { testBackend, trustSecretariat } from '../../../tests/helpers/backend'
import { rejection } from '../../../tests/helpers/review'
import { tempDir } from '../../../tests/helpers/tmp'
import { seedSignedMeeting } from '../../../tests/kits/documents/testDb'
import { signApprovalOpinion } from '../../../tests/kits/revision/approval'
import { importRevisionPair } from '../../../tests/kits/revision/importPair'
import { writeRevisionPair } from '../../../tests/kits/revision/packages'
import { openBackend, type Backend } from '../backend'

async function setup(dataDir = tempDir('fl-data')) {
  const b = await testBackend({ seedDemo: false, dataDir })
  const seeded = seedSignedMeeting(b.db(), { projects: 1, experts: 3, leaderSigns: false })
  const projectId = seeded.projectIds[0] as string
  const pair = await writeRevisionPair(tempDir('fl'))
  const versionId = await importRevisionPair(b, seeded.meetingId, projectId, pair)
  return { b, seeded, projectId, versionId, dataDir }
}

describe('整改落实 checklist', () => {
  it('lists each point of the signed opinion with the 修改说明 answer; before signing it says why there is none', async () => {
    const { b, seeded, projectId, versionId } = await setup()
    const before = await b.handlers['versions.checklist']({ versionId })
    expect(before.rows).toEqual([])
    expect(before.opinionNote).toMatch(/尚未由组长签署/)
    expect(before.source).toEqual({ kind: 'table', path: '修改说明.csv', note: '' })

    signApprovalOpinion(b.db(), seeded.meetingId, projectId, seeded.experts[0]!)
    const view = await b.handlers['versions.checklist']({ versionId })
    expect(view.rows.map((r) => [r.kind, r.number, r.answerSource, r.answer])).toEqual([
      ['problem', 1, 'number', '已删除办公电脑10台，核减6万元。'],
      ['problem', 2, 'number', '经复核工作量合理，维持原方案。'],
      ['suggestion', 1, 'text', '已在第三章补充密码应用方案，并列入密评费6万元。']
    ])
    // Who raised it: the members whose signed sheet lists the point; a point of the panel's own wording has none.
    expect(view.rows[0]!.authors).toEqual(seeded.experts.map((e) => e.name))
    expect(view.rows[1]!.authors).toEqual([])
    expect(view.readOnlyReason).toMatch(/请先在“复核安排”中指定复核专家/)
    // Links into the comparison: the budget line the point names, the chapter the answer cites.
    expect(view.rows[0]!.links.map((l) => l.label)).toEqual(expect.arrayContaining(['概算：办公电脑', expect.stringMatching(/第二章/)]))
    expect(view.rows[2]!.links.map((l) => l.label)).toEqual(expect.arrayContaining([expect.stringMatching(/第三章 安全方案/)]))
    expect(view.counts).toEqual({ done: 0, partial: 0, open: 0, pending: 3 })
  })

  it('saves verdicts, notes and a typed answer as the named re-reviewer; they survive reopening; refusals name the field', async () => {
    const { b, seeded, projectId, versionId, dataDir } = await setup()
    signApprovalOpinion(b.db(), seeded.meetingId, projectId, seeded.experts[0]!)
    const [leader, other] = seeded.experts
    const save = (change: object) => b.handlers['versions.checklistSave']({ versionId, reviewerId: leader!.id, ...change } as Parameters<Backend['handlers']['versions.checklistSave']>[0])
    expect((await rejection(() => save({ kind: 'problem', number: 1, verdict: 'done' }))).message).toMatch(/请先在“复核安排”中指定复核专家/)
    await b.handlers['versions.update']({ versionId, stage: 'rereview', reviewers: [leader!.id] })

    await save({ kind: 'problem', number: 1, verdict: 'done' })
    const partial = await rejection(() => save({ kind: 'problem', number: 2, verdict: 'partial' }))
    expect(partial).toMatchObject({ code: 'invalid_input', message: '部分落实或未落实时，请在备注中写明还差什么' })
    expect(b.db().sqlite.prepare("SELECT count(*) AS n FROM followup_items WHERE number = 2 AND kind = 'problem'").get()).toEqual({ n: 0 })
    await save({ kind: 'problem', number: 2, verdict: 'open', note: '知识库系统仍按 25 万元列支，未按核定 20 万元调整。' })
    await save({ kind: 'suggestion', number: 1, answer: '已补充密码应用方案（第三章第三节）。', verdict: 'partial', note: '密评费用已列，方案深度不足。' })
    expect((await rejection(() => save({ kind: 'problem', number: 9, verdict: 'done' }))).message).toBe('该条意见不在组长签署的专家组评审意见中')
    expect((await rejection(() => b.handlers['versions.checklistSave']({ versionId, reviewerId: other!.id, kind: 'problem', number: 1, verdict: 'open', note: 'x' }))).message).toBe('记录人须是本版指定的复核专家')

    b.close()
    const again = await openBackend({ dataDir, seedDemo: false })
    try {
      const view = await again.handlers['versions.checklist']({ versionId })
      expect(view.rows.map((r) => [r.verdict, r.note, r.answerSource, r.reviewer?.name])).toEqual([
        ['done', '', 'number', leader!.name],
        ['open', '知识库系统仍按 25 万元列支，未按核定 20 万元调整。', 'number', leader!.name],
        ['partial', '密评费用已列，方案深度不足。', 'manual', leader!.name]
      ])
      expect(view.rows[2]!.answer).toBe('已补充密码应用方案（第三章第三节）。')
      expect(view.counts).toEqual({ done: 1, partial: 1, open: 1, pending: 0 })
      const logged = again.db().sqlite.prepare("SELECT DISTINCT author FROM change_log WHERE tbl = 'followup_items'").all()
      expect(logged).toEqual([{ author: 'secretariat' }])
      // Back to the 修改说明's answer; and a finished 复核 is read-only.
      const back = await again.handlers['versions.checklistSave']({ versionId, reviewerId: leader!.id, kind: 'suggestion', number: 1, answer: null })
      expect(back.rows[2]).toMatchObject({ answerSource: 'text', answer: '已在第三章补充密码应用方案，并列入密评费6万元。', verdict: 'partial' })
      await again.handlers['versions.update']({ versionId, stage: 'done' })
      expect((await rejection(() => again.handlers['versions.checklistSave']({ versionId, reviewerId: leader!.id, kind: 'problem', number: 1, verdict: 'open', note: '改' }))).message).toMatch(/复核已完成/)
    } finally {
      again.close()
    }
  })

  it('the verdicts reach a second laptop through sync', async () => {
    const { b: a, seeded, projectId, versionId } = await setup()
    signApprovalOpinion(a.db(), seeded.meetingId, projectId, seeded.experts[0]!)
    await a.handlers['versions.update']({ versionId, stage: 'rereview', reviewers: [seeded.experts[0]!.id] })
    await a.handlers['versions.checklistSave']({ versionId, reviewerId: seeded.experts[0]!.id, kind: 'problem', number: 2, verdict: 'open', note: '未按核定调整。' })
    const b = await testBackend({ seedDemo: false })
    seedSignedMeeting(b.db(), { projects: 1, experts: 3, leaderSigns: false })
    await trustSecretariat(a, b)
    const folder = tempDir('fl-sync')
    for (const x of [a, b]) await x.handlers['sync.configure']({ kind: 'folder', folder, meetingId: seeded.meetingId })
    for (const x of [a, b]) {
      await x.handlers['sync.now']({})
      for (let i = 0; i < 1500 && (await x.handlers['sync.status']({})).running; i++) await new Promise((r) => setTimeout(r, 20))
      const last = (await x.handlers['sync.status']({})).last
      expect(last?.ok, JSON.stringify(last?.issues)).toBe(true)
    }
    const rows = (x: Backend) => x.db().sqlite.prepare('SELECT id, version_id, kind, number, verdict, note, reviewer_id, authors FROM followup_items ORDER BY id').all()
    expect(rows(b)).toEqual(rows(a))
    expect(rows(b)).toHaveLength(1)
    signApprovalOpinion(b.db(), seeded.meetingId, projectId, seeded.experts[0]!)
    const there = await b.handlers['versions.checklist']({ versionId })
    expect(there.rows[1]).toMatchObject({ verdict: 'open', note: '未按核定调整。', reviewer: { name: seeded.experts[0]!.name }, answer: '经复核工作量合理，维持原方案。' })
    expect(there.source.path).toBe('修改说明.csv')
  })

  it('verdicts stay readable where the 修改稿’s files are missing; a closed meeting is read-only', async () => {
    const { b, seeded, projectId, versionId } = await setup()
    signApprovalOpinion(b.db(), seeded.meetingId, projectId, seeded.experts[0]!)
    await b.handlers['versions.update']({ versionId, stage: 'rereview', reviewers: [seeded.experts[0]!.id] })
    await b.handlers['versions.checklistSave']({ versionId, reviewerId: seeded.experts[0]!.id, kind: 'problem', number: 1, verdict: 'done' })
    // The same data folder opened by a new backend whose blob store lost the 修改稿's files.
    const s = b.db().sqlite
    const files = s.prepare('SELECT f.sha256 FROM package_files f JOIN project_versions v ON v.package_id = f.package_id WHERE v.id = ?').all(versionId) as { sha256: string }[]
    const dataDir = b.paths.dataDir
    b.close()
    for (const f of files) fs.rmSync(path.join(dataDir, 'blobs', f.sha256.slice(0, 2), f.sha256), { force: true })
    const again = await testBackend({ seedDemo: false, dataDir })
    const view = await again.handlers['versions.checklist']({ versionId })
    expect(view.source).toMatchObject({ kind: 'none', note: expect.stringMatching(/尚未同步到本机/) })
    expect(view.rows[0]).toMatchObject({ verdict: 'done', answer: '' })
    again.db().sqlite.prepare("UPDATE meetings SET status = 'closed' WHERE id = ?").run(seeded.meetingId)
    const closed = await again.handlers['versions.checklist']({ versionId })
    expect(closed.readOnlyReason).toBe('会议已关闭，整改落实表只读')
    expect((await rejection(() => again.handlers['versions.checklistSave']({ versionId, reviewerId: seeded.experts[0]!.id, kind: 'problem', number: 1, verdict: 'open', note: '改' }))).message).toBe('会议已关闭，整改落实表只读')
  })
})
