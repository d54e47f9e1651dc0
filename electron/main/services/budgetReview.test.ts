import { describe, expect, it } from 'vitest'
import type { ImportResult } from '../../../shared/api/packageTypes'
import type { SheetPayload, SignedPayload } from '../../../shared/signing/types'
import { testBackend } from '../../../tests/helpers/backend'
import { MESSY_GBK, waitJob } from '../../../tests/helpers/packages'
import { readyToScore, rejection } from '../../../tests/helpers/review'
import type { Backend } from '../backend'
import { groupLabel, skeletonRows } from '../../../shared/domain/budgetSkeleton'
import { budgetLineFacts } from './budgetReview'

const PIN = '246810'

/** The demo meeting plus the messy GBK package (第三条 items, self-built 机房, arithmetic slips) as a project. */
async function setup(): Promise<{ b: Backend; projectId: string; meetingId: string }> {
  const b = await testBackend()
  const [m] = await b.handlers['meetings.list']({})
  const job = await b.handlers['packages.import']({ meetingId: m!.id, source: { kind: 'path', path: MESSY_GBK } })
  const done = await waitJob<ImportResult>(b, job)
  expect(done.status, done.error ?? '').toBe('done')
  const projectId = (done.result as ImportResult).projectId
  await readyToScore(b, m!.id, projectId)
  return { b, projectId, meetingId: m!.id }
}

const rejects = (p: unknown) => rejection(() => p)

describe('概算审核', () => {
  it('lists the leaf lines only, with their findings, and totals that match the budget', async () => {
    const { b, projectId } = await setup()
    const v = await b.handlers['budgetReview.get']({ projectId })
    expect(v.sheetId).toBeNull()
    expect(v.editable).toBe(false)
    const budget = await b.handlers['packages.budget']({ projectId })
    const leaves = budget.lines.filter((l) => l.kind === 'item' && !l.hasChildren)
    expect(v.lines.map((l) => l.lineId)).toEqual(leaves.map((l) => l.id))
    expect(v.totals.overall.submitted).toBeCloseTo(leaves.reduce((s, l) => s + (l.amount ?? 0), 0), 2)
    expect(v.totals.overall.cut).toBe(0)
    const withCuts = v.lines.filter((l) => l.findings.some((f) => f.suggestedCut))
    expect(withCuts.length).toBeGreaterThan(0)
    expect(v.lines.some((l) => l.findings.some((f) => f.article === 3))).toBe(true)
  })

  it('carries the submitted structure: every group heading of the package, each line in the group above it', async () => {
    const { b, projectId } = await setup()
    const v = await b.handlers['budgetReview.get']({ projectId })
    const budget = await b.handlers['packages.budget']({ projectId })
    const headings = budget.lines.filter((l) => l.kind === 'item' && l.hasChildren)
    expect(headings.length).toBeGreaterThan(1)
    expect(v.skeleton.groups.map((g) => g.id)).toEqual(headings.map((l) => l.id))
    const byId = new Map(budget.lines.map((l) => [l.id, l]))
    for (const line of v.lines) expect(v.skeleton.groupOf[line.lineId], line.name).toBe(byId.get(line.lineId)?.parentId ?? null)
    // Rows in the structure: each group then its lines; the group's 小计 is the sum of its lines.
    const rows = skeletonRows(v.skeleton, v.lines.map((l) => ({ ...l, approved: l.submitted })))
    const first = rows.find((r) => r.kind === 'group')
    if (first?.kind !== 'group') throw new Error('no group row')
    const inFirst = v.lines.filter((l) => v.skeleton.groupOf[l.lineId] === first.group.id)
    expect(first.totals.submitted).toBeCloseTo(inFirst.reduce((s, l) => s + l.submitted, 0), 6)
    // What a sheet signs per line: the labels of its enclosing groups, outermost first (documents group by them).
    const facts = budgetLineFacts(b.db(), projectId)
    const labelOf = new Map(v.skeleton.groups.map((g) => [g.id, groupLabel(g)]))
    for (const f of facts) {
      const own = v.skeleton.groupOf[f.lineId] ?? null
      expect(f.group?.at(-1), f.name).toBe(own === null ? undefined : labelOf.get(own))
    }
    expect(facts.some((f) => (f.group?.length ?? 0) > 0)).toBe(true)
  })

  it('saves a 核定金额 with its reason, refuses bad ones, accepts suggested cuts, and signs the result', async () => {
    const { b, projectId } = await setup()
    const sheet = await b.handlers['sheets.open']({ projectId })
    let v = await b.handlers['budgetReview.get']({ projectId })
    expect(v.editable).toBe(true)
    const plain = v.lines.find((l) => l.findings.length === 0 && l.submitted > 1)!
    const tooHigh = await rejects(Promise.resolve().then(() => b.handlers['budgetReview.setLine']({ sheetId: sheet.sheetId, lineId: plain.lineId, approvedAmount: plain.submitted + 1, reason: null, note: '' })))
    expect(tooHigh.message).toMatch(/高于送审金额.*请选择“核增”并说明理由/)
    const noReason = await rejects(Promise.resolve().then(() => b.handlers['budgetReview.setLine']({ sheetId: sheet.sheetId, lineId: plain.lineId, approvedAmount: 1, reason: null, note: '' })))
    expect(noReason.message).toBe(`请为「${plain.name}」选择审减理由`)
    v = await b.handlers['budgetReview.setLine']({ sheetId: sheet.sheetId, lineId: plain.lineId, approvedAmount: 1, reason: '单价偏高', note: '参考市场询价' })
    expect(v.lines.find((l) => l.lineId === plain.lineId)?.review).toEqual({ lineId: plain.lineId, approvedAmount: 1, reason: '单价偏高', note: '参考市场询价' })
    expect(v.totals.changedLines).toBe(1)
    expect(v.totals.overall.cut).toBeCloseTo(plain.submitted - 1, 2)

    const suggestions = v.lines.flatMap((l) => l.findings.filter((f) => f.suggestedCut && f.article === 3).map((f) => ({ f, l })))
    expect(suggestions.length).toBeGreaterThan(0)
    v = await b.handlers['budgetReview.acceptFindings']({ sheetId: sheet.sheetId, findingIds: suggestions.map((s) => s.f.id) })
    for (const { l } of suggestions) expect(v.lines.find((x) => x.lineId === l.lineId)?.review?.reason).toBe('第三条排除')
    const cutNow = v.totals.overall.cut

    // Score everything and submit: the signed payload carries every line and the decisions.
    const rubric = (await b.handlers['projects.workspace']({ projectId })).rubric
    for (const d of rubric.dimensions) for (const i of d.items) await b.handlers['sheets.setScore']({ sheetId: sheet.sheetId, itemId: i.id, value: i.points, na: false })
    await b.handlers['sheets.setConclusion']({ sheetId: sheet.sheetId, conclusion: 'revise' })
    await b.handlers['identity.createKey']({ pin: PIN, pinConfirm: PIN })
    await b.handlers['sheets.submit']({ sheetId: sheet.sheetId, pin: PIN })
    const row = b.db().sqlite.prepare('SELECT signed_payload FROM score_sheets WHERE id = ?').get(sheet.sheetId) as { signed_payload: string }
    const content = JSON.parse((JSON.parse(row.signed_payload) as SignedPayload).canonical) as SheetPayload
    expect(content.budgetReview).toHaveLength(v.lines.length)
    const signedCut = content.budgetReview.reduce((s, r) => s + (r.approvedAmount === null ? 0 : r.submittedAmount - r.approvedAmount), 0)
    expect(signedCut).toBeCloseTo(cutNow, 2)
    expect(content.project.packageDigest).toMatch(/^[0-9a-f]{64}$/)
    // Locked with the sheet.
    expect((await b.handlers['budgetReview.get']({ projectId })).editable).toBe(false)
    expect((await rejects(Promise.resolve().then(() => b.handlers['budgetReview.setLine']({ sheetId: sheet.sheetId, lineId: plain.lineId, approvedAmount: null, reason: null, note: '' })))).code).toBe('conflict')
  })

  it('spreads a finding on a group heading (自建服务器及存储) over the items of the group', async () => {
    const b = await testBackend()
    const [m] = await b.handlers['meetings.list']({})
    const meeting = await b.handlers['meetings.get']({ meetingId: m!.id })
    const projectId = meeting.projects[1]!.id // 智慧医保: servers and storage bought outright (第十二条)
    await readyToScore(b, meeting.id, projectId)
    const sheet = await b.handlers['sheets.open']({ projectId })
    let v = await b.handlers['budgetReview.get']({ projectId })
    // Shown once, on the group; each line only points at it.
    const group = v.groupSuggestions.find((g) => g.amount === 175.8)!
    expect(group.lines.map((l) => l.name)).toEqual(['应用服务器', '数据库服务器', '分布式存储'])
    const servers = v.lines.filter((l) => group.lines.some((g) => g.lineId === l.lineId))
    for (const l of servers) expect(l.findings.find((f) => f.id === group.findingId)).toMatchObject({ suggestedCut: null, group: group.group })
    // Spread over chosen lines only: the other lines stay as submitted.
    const chosen = [servers[0]!.lineId, servers[1]!.lineId]
    v = await b.handlers['budgetReview.acceptFindings']({ sheetId: sheet.sheetId, findingIds: [group.findingId], lineIds: chosen })
    expect(v.lines.find((l) => l.lineId === servers[2]!.lineId)!.review).toBeNull()
    expect(v.totals.overall.cut).toBeCloseTo(Math.min(175.8, servers[0]!.submitted + servers[1]!.submitted), 2)
    const notInGroup = v.lines.find((l) => !group.lines.some((g) => g.lineId === l.lineId))!
    expect((await rejection(() => b.handlers['budgetReview.acceptFindings']({ sheetId: sheet.sheetId, findingIds: [group.findingId], lineIds: [notInGroup.lineId] }))).message).toBe('所选概算行不属于该审减建议所在的分组')
    // In proportion over all its lines.
    const findingId = group.findingId
    v = await b.handlers['budgetReview.acceptFindings']({ sheetId: sheet.sheetId, findingIds: [findingId] })
    for (const l of v.lines.filter((x) => servers.some((s) => s.lineId === x.lineId))) {
      expect(l.review).toMatchObject({ approvedAmount: 0, reason: '应依托政务云' })
    }
    expect(v.totals.overall.cut).toBeCloseTo(175.8, 2)
    expect(v.totals.changedLines).toBe(3)
  })
})
