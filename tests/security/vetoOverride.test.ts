/**
 * Attack (issue 14, item 5): an expert's modified client signs, with the expert's registered key, a sheet that
 * overrides a veto (suggestion 不予通过 because of 第十二条, conclusion 同意通过) without the mandatory reason, or
 * that claims a veto suggested 同意通过. Every replica refuses it by the signed-content schema; the same sheet
 * with a reason, and a sheet signed before suggestions were signed, are accepted.
 */
import { describe, expect, it } from 'vitest'
import { mergeMeeting } from '../../electron/main/services/merging'
import { applyChanges } from '../../electron/main/sync/apply'
import { tempDir } from '../helpers/tmp'
import { fullSheet, laptopOf, signedMeeting, submitFromLaptop } from './signedMeetingKit'

const VETO = '第十二条：未满足数据汇聚共享要求的政务信息系统项目不得建设'
const vetoSuggestion = { conclusion: 'reject', reasons: [`否决项：${VETO}`], vetoes: [VETO] }

describe('a signed sheet overriding a veto', () => {
  it('without a reason is rejected by the verdict; with one it is accepted', async () => {
    const dir = tempDir('sec-veto')
    const m = await signedMeeting(dir)
    const e1 = laptopOf(m, dir, 'e1')
    const e2 = laptopOf(m, dir, 'e2')
    const forged = submitFromLaptop(m, e1, 'e1', (id) => ({ ...fullSheet(m, id, 'e1'), conclusion: 'pass', suggestion: vetoSuggestion, conclusionReason: ' ' }))
    const honest = submitFromLaptop(m, e2, 'e2', (id) => ({ ...fullSheet(m, id, 'e2'), conclusion: 'pass', suggestion: vetoSuggestion, conclusionReason: '已补充数据共享接入方案' }))
    const r = applyChanges(m.sec.db, [...forged, ...honest])
    const issues = r.issues.filter((i) => i.code === 'bad-content')
    expect(issues).toHaveLength(1)
    expect(issues[0]).toMatchObject({ status: 'rejected', author: 'e1', col: 'signed_payload', reason: '签名内容无效：评审结论与否决项的建议（不予通过）不同，但没有说明理由' })
    expect(m.sec.db.sqlite.prepare('SELECT expert_id, status FROM score_sheets ORDER BY expert_id').all()).toEqual([
      { expert_id: 'e1', status: 'draft' },
      { expert_id: 'e2', status: 'submitted' }
    ])
    // The merge (and the 组长's view) shows the accepted override with its signed reason.
    expect(mergeMeeting(m.sec.db, m.f.meetingId).projects[0]!.vetoOverrides).toEqual([
      { expertId: 'e2', name: '专家2', conclusion: 'pass', vetoes: [VETO], reason: '已补充数据共享接入方案' }
    ])
    for (const x of [e1, e2, m.sec]) x.close()
  })

  it('claiming that a veto suggested anything but 不予通过 is rejected; a sheet without a signed suggestion still passes', async () => {
    const dir = tempDir('sec-veto2')
    const m = await signedMeeting(dir)
    const e1 = laptopOf(m, dir, 'e1')
    const e2 = laptopOf(m, dir, 'e2')
    const forged = submitFromLaptop(m, e1, 'e1', (id) => ({ ...fullSheet(m, id, 'e1'), suggestion: { ...vetoSuggestion, conclusion: 'pass' }, conclusionReason: '' }))
    const legacy = submitFromLaptop(m, e2, 'e2', (id) => fullSheet(m, id, 'e2'))
    const r = applyChanges(m.sec.db, [...forged, ...legacy])
    expect(r.issues.filter((i) => i.code === 'bad-content').map((i) => [i.author, i.reason])).toEqual([['e1', '签名内容无效：有否决项时建议结论只能是不予通过']])
    expect(m.sec.db.sqlite.prepare("SELECT expert_id FROM score_sheets WHERE status = 'submitted'").pluck().all()).toEqual(['e2'])
    for (const x of [e1, e2, m.sec]) x.close()
  })
})
