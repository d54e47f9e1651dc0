/**
 * Promise (issue 11, item 8): the warnings the secretariat sees as "what the expert saw" are the ones the app
 * showed. Attacks: a client that claims it was shown nothing (to have a clean-looking declaration on record); a
 * forged replicated row with a malformed or oversized warnings field; an oversized claim through the contract.
 */
import { describe, expect, it } from 'vitest'
import { testBackend } from '../helpers/backend'
import { rejection } from '../helpers/review'
import type { Backend } from '../../electron/main/backend'
import { reviewMethods } from '../../shared/api/methods/review'
import { MAX_SHOWN_CONFLICTS } from '../../shared/domain/shownConflicts'

async function wuOnConflicted(b: Backend) {
  const [m] = await b.handlers['meetings.list']({})
  const meeting = await b.handlers['meetings.get']({ meetingId: m!.id })
  const wu = meeting.experts.find((e) => e.name === '吴海峰')!
  await b.handlers['session.actAs']({ expertId: wu.id })
  return { meetingId: meeting.id, wu, projectId: meeting.projects[0]!.id }
}

describe('attacks on the warnings kept with a declaration', () => {
  it('refuses a declaration claiming other warnings than the app shows, and writes nothing', async () => {
    const b = await testBackend()
    const { projectId } = await wuOnConflicted(b)
    for (const claim of [[], ['项目编制单位「某公司」与您的曾任职单位「某公司」相同'], ['a', 'b']]) {
      const err = await rejection(() => b.handlers['review.declare']({ projectId, kind: 'none', reason: '确无利害关系', shownConflicts: claim }))
      expect(err).toMatchObject({ code: 'conflict', message: '单位比对提示已更新（专家或项目单位有变化），请查看最新提示后再确认声明' })
    }
    expect(b.db().sqlite.prepare('SELECT COUNT(*) AS n FROM declarations').get()).toEqual({ n: 0 })
    // Without a claim (a scripted call), the app records what it shows, never nothing.
    await b.handlers['review.declare']({ projectId, kind: 'none', reason: '确无利害关系' })
    const row = b.db().sqlite.prepare('SELECT shown_conflicts FROM declarations').get() as { shown_conflicts: string }
    expect(JSON.parse(row.shown_conflicts)).toHaveLength(1)
  })

  it('reads a forged or oversized replicated warnings field as not recorded, without failing the matrix', async () => {
    const b = await testBackend()
    const { meetingId, wu, projectId } = await wuOnConflicted(b)
    await b.handlers['review.declare']({ projectId, kind: 'none', reason: '确无利害关系' })
    const forged = [
      '{"shown":"nothing"}',
      'not json',
      JSON.stringify([1, 2]),
      JSON.stringify(Array.from({ length: MAX_SHOWN_CONFLICTS + 1 }, () => '提示')),
      JSON.stringify(['x'.repeat(5000)]),
      JSON.stringify(['a']).padEnd(2_000_000, ' ')
    ]
    for (const value of forged) {
      b.db().sqlite.prepare('UPDATE declarations SET shown_conflicts = ?').run(value)
      const matrix = await b.handlers['assignments.matrix']({ meetingId })
      const cell = matrix.rows.find((r) => r.projectId === projectId)!.cells.find((c) => c.expertId === wu.id)!
      expect(cell.declaration).toMatchObject({ kind: 'none', shownConflicts: null })
      expect(cell.conflicts).toHaveLength(1)
    }
  })

  it('refuses an oversized claim at the contract', () => {
    const input = reviewMethods['review.declare'].input
    expect(input.safeParse({ projectId: 'p1', kind: 'none', reason: '', shownConflicts: Array.from({ length: MAX_SHOWN_CONFLICTS + 1 }, () => 'x') }).success).toBe(false)
    expect(input.safeParse({ projectId: 'p1', kind: 'none', reason: '', shownConflicts: ['x'.repeat(1001)] }).success).toBe(false)
    expect(input.safeParse({ projectId: 'p1', kind: 'none', reason: '', shownConflicts: ['x'] }).success).toBe(true)
  })
})
