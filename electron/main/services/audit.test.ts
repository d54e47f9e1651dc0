/**
 * The audit log: one entry per user action with the actor who did it (issue 11 item 8). A signature rewrites the
 * overrides it signs, a first draft writes empty overrides, the secretariat may record an override for the 组长:
 * none of these may read as a second override, a phantom "取消全部核定调整" or a 组长 action by the secretariat.
 */
import { describe, expect, it } from 'vitest'
import { testBackend } from '../../../tests/helpers/backend'
import { seedSignedMeeting } from '../../../tests/kits/documents/testDb'
import { installFixtureKey } from './consoleTestUtil'
import { markChanges, overrideDiff } from './audit'

const PIN = '258036'

describe('audit log: one entry per action, the right actor', () => {
  it('logs an override once, never a phantom cancel, and names the secretariat as the secretariat', async () => {
    const b = await testBackend({ seedDemo: false })
    const seeded = seedSignedMeeting(b.db(), { projects: 1, experts: 5, budgetLines: 8 })
    const p1 = seeded.projectIds[0]!
    const budget = await b.handlers['merge.budget']({ projectId: p1, limit: 200 })
    const [l1, l2] = budget.lines as [(typeof budget.lines)[0], (typeof budget.lines)[0]]

    // The secretariat opens a first draft (empty overrides written with it), then records one override.
    let panel = await b.handlers['panel.get']({ projectId: p1 })
    await b.handlers['panel.saveDraft']({ projectId: p1, draft: { ...panel.draft!, conclusion: 'revise' } })
    await b.handlers['panel.setOverride']({ projectId: p1, lineId: l1.lineId, amount: 0, reason: '第三条排除' })
    // The 组长 adds a second override, edits the text, signs (which rewrites both overrides), and edits again.
    const leader = seeded.experts[0]!
    installFixtureKey(b.db(), leader, PIN)
    await b.handlers['session.actAs']({ expertId: leader.id })
    panel = await b.handlers['panel.setOverride']({ projectId: p1, lineId: l2.lineId, amount: 0, reason: '重复建设' })
    await b.handlers['panel.saveDraft']({ projectId: p1, draft: { ...panel.draft!, problems: ['应补充密码应用方案。', ...panel.draft!.problems] } })
    await b.handlers['panel.sign']({ projectId: p1, pin: PIN })
    panel = await b.handlers['panel.get']({ projectId: p1 })
    await b.handlers['panel.saveDraft']({ projectId: p1, draft: { ...panel.draft!, conclusion: 'pass' } })
    // The 组长 removes the first override.
    await b.handlers['panel.setOverride']({ projectId: p1, lineId: l1.lineId, amount: null, reason: '' })

    const audit = await b.handlers['audit.list']({ meetingId: seeded.meetingId })
    const overrides = audit.filter((a) => a.kind === 'override').reverse()
    expect(overrides.map((o) => [o.authorName, o.kindLabel, o.what])).toEqual([
      ['秘书处', '秘书处代录核定调整', `${seeded.projectNames[0]}：调整核定 1 行`],
      [`专家${leader.name}`, '组长调整核定', `${seeded.projectNames[0]}：调整核定 1 行`],
      [`专家${leader.name}`, '组长调整核定', `${seeded.projectNames[0]}：取消核定调整 1 行`]
    ])
    expect(overrides[1]!.detail).toContain('重复建设')
    expect(audit.some((a) => a.what.includes('取消全部'))).toBe(false)
    expect(audit.filter((a) => a.kind === 'panel-signed')).toHaveLength(1)
    // No 组长 label on anything the secretariat wrote.
    expect(audit.filter((a) => a.author === 'secretariat' && a.kindLabel.startsWith('组长'))).toEqual([])
  })
})

describe('markChanges and overrideDiff', () => {
  const row = (seq: number, hlc: string, value: unknown, col = 'budget_overrides') => ({ origin: 'o', seq, tx: seq, hlc, author: 'a', tbl: 'panel_opinions', row_id: 'r', col, value: JSON.stringify(value) })
  it('counts a write only when the cell changes, in HLC order whatever the row order', () => {
    const marked = markChanges([row(3, '0003', { x: { amount: 1, reason: 'a' } }), row(1, '0001', {}), row(2, '0002', { x: { amount: 1, reason: 'a' } })])
    expect(marked.map((m) => [m.seq, m.changed])).toEqual([
      [1, false],
      [2, true],
      [3, false]
    ])
  })
  it('tells set, changed and removed lines apart', () => {
    expect(overrideDiff({ a: { amount: 1, reason: 'r' }, b: { amount: 2, reason: 'r' } }, { a: { amount: 1, reason: 'r' }, c: { amount: 3, reason: 'r' } })).toEqual({ set: [['c', { amount: 3, reason: 'r' }]], removed: ['b'] })
    expect(overrideDiff(null, 'junk')).toEqual({ set: [], removed: [] })
  })
})
