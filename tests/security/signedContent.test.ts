/**
 * Attack (issue 15, item 3): an expert's modified client submits a sheet whose content is validly signed with the
 * expert's registered key but is not a sheet (no `rubric`). It used to be accepted, and then the board and the merge
 * of the whole meeting failed with a TypeError. Now every replica refuses it with a reason, and a malformed content
 * that is in a database anyway (accepted by an older build) is shown as 签名内容无效 and never counted.
 */
import { describe, expect, it } from 'vitest'
import { liveBoard } from '../../electron/main/services/board'
import { gatherProjects } from '../../electron/main/services/documents'
import { mergeMeeting } from '../../electron/main/services/merging'
import { listRevisions } from '../../electron/main/services/submission'
import { applyChanges } from '../../electron/main/sync/apply'
import { issuesOf } from '../../electron/main/sync/reportIssues'
import { tempDir } from '../helpers/tmp'
import { fullSheet, laptopOf, signedMeeting, submitFromLaptop } from './signedMeetingKit'

function withoutRubric(content: object): object {
  const { rubric: _dropped, ...rest } = content as Record<string, unknown>
  return rest
}

describe('a validly signed but malformed sheet content', () => {
  it('is rejected by the verdict with a Chinese reason when it arrives, and the board and merge keep working', async () => {
    const dir = tempDir('sec-content')
    const m = await signedMeeting(dir)
    const e1 = laptopOf(m, dir, 'e1')
    const e2 = laptopOf(m, dir, 'e2')
    const forged = submitFromLaptop(m, e1, 'e1', (id) => withoutRubric(fullSheet(m, id, 'e1')))
    const honest = submitFromLaptop(m, e2, 'e2', (id) => fullSheet(m, id, 'e2'))

    const r = applyChanges(m.sec.db, [...forged, ...honest])
    const issues = r.issues.filter((i) => i.code === 'bad-content')
    expect(issues).toHaveLength(1)
    expect(issues[0]).toMatchObject({ status: 'rejected', author: 'e1', col: 'signed_payload', reason: '签名内容无效：字段 rubric 缺少该字段' })
    const stored = m.sec.db.sqlite.prepare("SELECT expert_id, status FROM score_sheets ORDER BY expert_id").all()
    expect(stored).toEqual([
      { expert_id: 'e1', status: 'draft' },
      { expert_id: 'e2', status: 'submitted' }
    ])
    // The sync report says why, in Chinese, with the expert's name.
    expect(issuesOf(m.sec.db, r).find((i) => i.code === 'bad-content')?.message).toBe('已拒绝专家专家1对「评分表」的修改：签名内容无效：字段 rubric 缺少该字段')
    const rejected = m.sec.db.sqlite.prepare("SELECT reason FROM change_log WHERE status = 'rejected' AND col = 'signed_payload'").pluck().all()
    expect(rejected).toEqual(['签名内容无效：字段 rubric 缺少该字段'])

    const board = liveBoard(m.sec.db, m.f.meetingId)
    expect(board.rows[0]!.cells.map((c) => [c.expertId, c.state, c.counted])).toEqual([
      ['e1', 'scoring', false],
      ['e2', 'submitted', true]
    ])
    const merge = mergeMeeting(m.sec.db, m.f.meetingId)
    expect(merge.projects[0]!.counted.map((c) => c.expertId)).toEqual(['e2'])
    expect(merge.projects[0]!.merge?.total.merged).toBe(100)
    for (const x of [e1, e2, m.sec]) x.close()
  })

  it('already in a database (accepted by an older build) is shown as 签名内容无效, never counted, and nothing throws', async () => {
    const dir = tempDir('sec-content-old')
    const m = await signedMeeting(dir)
    // The secretariat's own database receives it through the local write path, which runs no verdict.
    submitFromLaptop(m, m.sec, 'e1', (id) => ({ ...withoutRubric(fullSheet(m, id, 'e1')), scores: null }))
    submitFromLaptop(m, m.sec, 'e2', (id) => fullSheet(m, id, 'e2'))

    const cells = liveBoard(m.sec.db, m.f.meetingId).rows[0]!.cells
    expect(cells[0]).toMatchObject({ expertId: 'e1', state: 'unverifiable', label: '签名内容无效', counted: false })
    expect(cells[0]!.detail).toMatch(/^签名内容无效：字段 (rubric|scores) /)
    expect(cells[1]).toMatchObject({ expertId: 'e2', state: 'submitted', counted: true })

    const merge = mergeMeeting(m.sec.db, m.f.meetingId).projects[0]!
    expect(merge.counted.map((c) => c.expertId)).toEqual(['e2'])
    expect(merge.missing).toEqual([{ expertId: 'e1', name: '专家1', reason: expect.stringMatching(/^签名内容无效：签名内容无效：/) as string }])

    const docs = gatherProjects(m.sec.db, m.f.meetingId)[0]!
    expect(docs.statuses.find((s) => s.expertId === 'e1')).toMatchObject({ state: 'unverifiable', reason: expect.stringMatching(/^签名内容无效/) as string })
    expect([...docs.payloads.keys()]).toEqual(['e2'])

    const revisions = listRevisions(m.sec.db, m.f.projects[0]!, 'e1')
    expect(revisions[0]!.check).toMatchObject({ status: 'unverifiable', label: '签名内容无效' })
    m.sec.close()
  })
})
