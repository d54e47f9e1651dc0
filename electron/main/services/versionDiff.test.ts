/** A 修改稿 compared in the app with the reviewed package, each budget line against the 组长's signed 核定 (issue 12). */
import { describe, expect, it } from 'vitest'
import type { ImportResult } from '../../../shared/api/packageTypes'
import { testBackend } from '../../../tests/helpers/backend'
import { waitJob } from '../../../tests/helpers/packages'
import { tempDir } from '../../../tests/helpers/tmp'
import { seedSignedMeeting } from '../../../tests/kits/documents/testDb'
import { signApprovalOpinion } from '../../../tests/kits/revision/approval'
import { writeRevisionPair } from '../../../tests/kits/revision/packages'
import { rejection } from '../../../tests/helpers/review'

describe('versions.diff', () => {
  it('compares the 修改稿 with the reviewed package and sets each line against the signed 核定; an unsigned or altered opinion is not used', async () => {
    const b = await testBackend({ seedDemo: false })
    const seeded = seedSignedMeeting(b.db(), { projects: 1, experts: 3, leaderSigns: false })
    const projectId = seeded.projectIds[0] as string
    const pair = await writeRevisionPair(tempDir('vdiff'))
    const run = async (file: string, extra: object = {}) => {
      const job = await waitJob<ImportResult>(b, await b.handlers['packages.import']({ meetingId: seeded.meetingId, source: { kind: 'path', path: file }, ...extra }))
      expect(job.status, job.error ?? '').toBe('done')
      return job.result as ImportResult
    }
    await run(pair.reviewed, { projectId })
    const version = await run(pair.revision)
    const versionId = version.version?.id as string

    const unsigned = await b.handlers['versions.diff']({ versionId })
    expect(unsigned.approval).toBeNull()
    expect(unsigned.approvalNote).toMatch(/尚未由组长签署/)
    expect(unsigned.diff.budget.approval).toBeNull()
    expect(unsigned.diff.old.sha256).toBe(pair.reviewedSha256)
    expect(unsigned.diff.revisesOld).toBe(true)

    const leader = seeded.experts[0]!
    signApprovalOpinion(b.db(), seeded.meetingId, projectId, leader)
    const signed = await b.handlers['versions.diff']({ versionId })
    expect(signed.approval).toMatchObject({ leaderName: leader.name, conclusion: 'revise' })
    const line = (name: string) => signed.diff.budget.lines.find((l) => (l.new ?? l.old)?.name === name)?.approval
    expect(line('应用服务器')).toEqual({ status: 'as-approved', approvedFen: 36_000_000, differenceFen: 0 })
    expect(line('知识库系统')).toEqual({ status: 'not-as-approved', approvedFen: 20_000_000, differenceFen: 5_000_000 })
    expect(line('工单管理平台')?.status).toBe('as-approved')
    expect(line('密码应用安全性评估')?.status).toBe('new')
    expect(signed.diff.budget.approval).toMatchObject({ approvedTotalFen: 209_000_000, counts: { 'not-as-approved': 1, new: 1 } })
    // 第十一条: the 修改稿's 送审投资 (220 万元) against the 核定 (209 万元): +11 万元, 5.26 %, consent.
    expect(signed.adjustment).toMatchObject({ basis: 'approval', approvedFen: 209_000_000, adjustedFen: 220_000_000, increaseFen: 11_000_000, rule: 'consent' })
    expect(unsigned.adjustment).toBeNull()

    // The stored signature altered (a higher 核定 for 知识库系统): not used, and said why.
    const s = b.db().sqlite
    const row = s.prepare("SELECT id, signed_payload FROM panel_opinions WHERE project_id = ? AND status = 'signed'").get(projectId) as { id: string; signed_payload: string }
    const payload = JSON.parse(row.signed_payload) as { canonical: string }
    expect(payload.canonical).toContain('"approvedAmount":20,')
    payload.canonical = payload.canonical.replace('"approvedAmount":20', '"approvedAmount":25')
    s.prepare('UPDATE panel_opinions SET signed_payload = ? WHERE id = ?').run(JSON.stringify(payload), row.id)
    const altered = await b.handlers['versions.diff']({ versionId })
    expect(altered.approval).toBeNull()
    expect(altered.approvalNote).toMatch(/组长签名未通过验证/)
    expect(altered.diff.budget.approval).toBeNull()
  })

  it('第十一条 through the service: past 10 % over the signed 核定 needs re-approval; a 修改稿 naming its approved 概算 is judged against that', async () => {
    // Each pair in its own meeting (the two 送审稿 are the same file, so one meeting would take them as one project).
    const signedVersion = async (pair: { reviewed: string; revision: string }) => {
      const b = await testBackend({ seedDemo: false })
      const seeded = seedSignedMeeting(b.db(), { projects: 1, experts: 3, leaderSigns: false })
      const projectId = seeded.projectIds[0] as string
      let versionId = ''
      for (const [file, extra] of [[pair.reviewed, { projectId }], [pair.revision, {}]] as const) {
        const job = await waitJob<ImportResult>(b, await b.handlers['packages.import']({ meetingId: seeded.meetingId, source: { kind: 'path', path: file }, ...extra }))
        expect(job.status, job.error ?? '').toBe('done')
        versionId = job.result?.version?.id ?? versionId
      }
      signApprovalOpinion(b.db(), seeded.meetingId, projectId, seeded.experts[0]!)
      return b.handlers['versions.diff']({ versionId })
    }
    // 240 万元 against the 核定 209 万元: +31 万元, 14.83 %.
    const over = await signedVersion(await writeRevisionPair(tempDir('vdiff-over'), { revisedDeclared: 240 }))
    expect(over.adjustment).toEqual({
      basis: 'approval',
      approvedFen: 209_000_000,
      adjustedFen: 240_000_000,
      increaseFen: 31_000_000,
      rate: 31 / 209,
      rule: 'reapproval',
      text: '调整后概算240.00万元，专家组核定投资209.00万元，增加31.00万元（14.83%），超过10%：按第十一条需重新履行项目审批手续。'
    })
    // The manifest's approved 概算 (200 万元) is used before the signed 核定: 220 万元 is exactly 10 %, consent.
    const view = await signedVersion(await writeRevisionPair(tempDir('vdiff-named'), { approvedEstimate: 200, revisedDeclared: 220 }))
    expect(view.approval).not.toBeNull()
    expect(view.adjustment).toMatchObject({ basis: 'manifest', approvedFen: 200_000_000, adjustedFen: 220_000_000, increaseFen: 20_000_000, rate: 0.1, rule: 'consent' })
    expect(view.adjustment?.text).toBe('调整后概算220.00万元，批复概算200.00万元，增加20.00万元（10.00%），未超过10%：按第十一条须经市发改委（数据管理局）和市财政局同意后实施。')
  })

  it('the secretariat moves a version through the 复核 stages and names experts of the meeting to re-review it', async () => {
    const b = await testBackend({ seedDemo: false })
    const seeded = seedSignedMeeting(b.db(), { projects: 1, experts: 3, leaderSigns: false })
    const projectId = seeded.projectIds[0] as string
    const pair = await writeRevisionPair(tempDir('vstage'))
    for (const [file, extra] of [[pair.reviewed, { projectId }], [pair.revision, {}]] as const) {
      const job = await waitJob<ImportResult>(b, await b.handlers['packages.import']({ meetingId: seeded.meetingId, source: { kind: 'path', path: file }, ...extra }))
      expect(job.status, job.error ?? '').toBe('done')
    }
    const versionId = (await b.handlers['versions.list']({ projectId })).versions[0]!.id
    expect((await rejection(() => b.handlers['versions.update']({ versionId, stage: 'rereview' }))).message).toBe('开始复核前请指定复核专家')
    expect((await rejection(() => b.handlers['versions.update']({ versionId, reviewers: ['nobody'] }))).message).toBe('复核专家须是本次会议登记的专家')
    const [leader, second] = seeded.experts
    const view = await b.handlers['versions.update']({ versionId, stage: 'rereview', reviewers: [leader!.id, second!.id, leader!.id] })
    expect(view.stage).toBe('rereview')
    expect(view.versions[0]!.reviewers).toEqual([{ id: leader!.id, name: leader!.name }, { id: second!.id, name: second!.name }])
    expect((await b.handlers['versions.update']({ versionId, stage: 'done' })).stage).toBe('done')
    const authors = b.db().sqlite.prepare("SELECT DISTINCT author FROM change_log WHERE tbl = 'project_versions'").all()
    expect(authors).toEqual([{ author: 'secretariat' }])
  })
})
