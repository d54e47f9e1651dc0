/**
 * 核增 (issue 14 item 6) and the price reference behind a 单价偏高 cut (issue 13 item 4) on a real backend: raised
 * and added lines only with a reason, totals with 审减 and 核增 apart, both signed with the sheet; a 单价偏高 cut
 * records the counted references' 来源 and 日期.
 */
import { describe, expect, it } from 'vitest'
import type { SheetPayload, SignedPayload } from '../../../shared/signing/types'
import { testBackend } from '../../../tests/helpers/backend'
import { readyToScore, rejection } from '../../../tests/helpers/review'
import { seedSignedMeeting } from '../../../tests/kits/documents/testDb'
import { makeBudgetLines } from '../../../tests/kits/documents/testData'
import { seedBudgetLines } from '../../../tests/kits/prices/seed'
import { acceptFee, acceptFindings, budgetReviewsOf, setLineReview } from './budgetReview'
import { acceptCommitment, declare } from './declarations'

const PIN = '246810'

describe('核增', () => {
  it('raises a line and adds a missing cost only with the reason 核增 and a note; both are signed', async () => {
    const b = await testBackend()
    const [m] = await b.handlers['meetings.list']({})
    const meeting = await b.handlers['meetings.get']({ meetingId: m!.id })
    const projectId = meeting.projects[1]!.id
    await readyToScore(b, meeting.id, projectId)
    const { sheetId } = await b.handlers['sheets.open']({ projectId })
    let v = await b.handlers['budgetReview.get']({ projectId })
    const plain = v.lines.find((l) => l.submitted > 1)!
    const up = plain.submitted + 2.5
    const silently = await rejection(() => b.handlers['budgetReview.setLine']({ sheetId, lineId: plain.lineId, approvedAmount: up, reason: null, note: '' }))
    expect(silently.message).toMatch(/请选择“核增”并说明理由/)
    const noWhy = await rejection(() => b.handlers['budgetReview.setLine']({ sheetId, lineId: plain.lineId, approvedAmount: up, reason: '核增', note: ' ' }))
    expect(noWhy.message).toBe(`请说明「${plain.name}」核增的理由`)
    v = await b.handlers['budgetReview.setLine']({ sheetId, lineId: plain.lineId, approvedAmount: up, reason: '核增', note: '漏计三年质保' })
    expect(v.totals.overall.increase).toBe(2.5)
    expect(v.totals.overall.cut).toBe(0)

    const noAmount = await rejection(() => b.handlers['budgetReview.addLine']({ sheetId, name: '密评费', category: '密评', amount: 0, note: '第十五条' }))
    expect(noAmount.message).toMatch(/核定金额须高于送审金额/)
    const noNote = await rejection(() => b.handlers['budgetReview.addLine']({ sheetId, name: '密评费', category: '密评', amount: 15, note: '' }))
    expect(noNote.message).toBe('请说明「密评费」核增的理由')
    v = await b.handlers['budgetReview.addLine']({ sheetId, name: '密评费', category: '密评', amount: 15.07, note: '第十五条：须开展密评' })
    const added = v.lines.find((l) => l.added)!
    expect(added).toMatchObject({ name: '密评费', category: '密评', submitted: 0, review: { approvedAmount: 15.07, reason: '核增', note: '第十五条：须开展密评' } })
    expect(v.totals.overall.increase).toBe(17.57)
    expect(v.totals.byCategory.find((c) => c.category === '密评')).toMatchObject({ submitted: 0, approved: 15.07, increase: 15.07 })
    // A second added line, then removed: gone from the view and from what is signed.
    v = await b.handlers['budgetReview.addLine']({ sheetId, name: '监理费', category: '监理', amount: 3, note: '第十四条' })
    const supervision = v.lines.find((l) => l.name === '监理费')!
    v = await b.handlers['budgetReview.removeLine']({ sheetId, lineId: supervision.lineId })
    expect(v.lines.some((l) => l.name === '监理费')).toBe(false)
    expect(budgetReviewsOf(b.db(), sheetId)[supervision.lineId]).toBeUndefined()

    const rubric = (await b.handlers['projects.workspace']({ projectId })).rubric
    for (const d of rubric.dimensions) for (const i of d.items) await b.handlers['sheets.setScore']({ sheetId, itemId: i.id, value: i.points, na: false })
    await b.handlers['sheets.setConclusion']({ sheetId, conclusion: 'revise' })
    await b.handlers['identity.createKey']({ pin: PIN, pinConfirm: PIN })
    await b.handlers['sheets.submit']({ sheetId, pin: PIN })
    const row = b.db().sqlite.prepare('SELECT signed_payload FROM score_sheets WHERE id = ?').get(sheetId) as { signed_payload: string }
    const content = JSON.parse((JSON.parse(row.signed_payload) as SignedPayload).canonical) as SheetPayload
    expect(content.budgetReview.find((l) => l.lineId === plain.lineId)).toMatchObject({ approvedAmount: up, reason: '核增', note: '漏计三年质保' })
    expect(content.budgetReview.filter((l) => l.added)).toEqual([
      { lineId: added.lineId, name: '密评费', category: '密评', submittedAmount: 0, approvedAmount: 15.07, reason: '核增', note: '第十五条：须开展密评', added: true }
    ])
    // The signed sheet opens as a revision with the right verdict.
    const revs = await b.handlers['sheets.revisions']({ projectId })
    expect(revs.find((r) => r.sheetId === sheetId)!.check).toMatchObject({ status: 'valid', label: '有效' })
  })
})

describe('the price reference behind a 单价偏高 cut', () => {
  it('is recorded with the decision (来源, newest date, count, median) and dropped when the reason changes', async () => {
    const b = await testBackend({ seedDemo: false })
    const LINES = makeBudgetLines(12).map((l) => ({ name: l.name, category: l.category, amount: l.submittedAmount }))
    const first = seedSignedMeeting(b.db(), { projects: 1, experts: 3, budgetLines: 12 })
    seedBudgetLines(b.db(), first.projectIds[0]!, '', LINES)
    await b.handlers['meeting.close']({ meetingId: first.meetingId, confirm: true })
    const next = seedSignedMeeting(b.db(), { prefix: 'o-', projects: 1, experts: 3, budgetLines: 12, drafts: [[0, 0]], leaderSigns: false })
    const lineIds = seedBudgetLines(b.db(), next.projectIds[0]!, 'o-', LINES, 1.5)
    await b.handlers['prices.chooseForMeeting']({ meetingId: next.meetingId, matched: true })
    await b.handlers['console.updateSettings']({ meetingId: next.meetingId, settings: { prices: { margin: 0.2, minRefs: 1, maxAgeMonths: 36 } } })
    const projectId = next.projectIds[0]!
    const sheet = b.db().sqlite.prepare("SELECT id, expert_id FROM score_sheets WHERE project_id = ? AND status = 'draft'").get(projectId) as { id: string; expert_id: string }
    acceptCommitment(b.db(), next.meetingId, sheet.expert_id)
    declare(b.db(), projectId, sheet.expert_id, 'none', '')
    const review = await b.handlers['budgetReview.get']({ projectId })
    const dbLine = review.lines.find((l) => l.lineId === lineIds[4])!
    const high = dbLine.findings.find((f) => f.id.startsWith('price.high'))!
    let v = acceptFindings(b.db(), sheet.expert_id, sheet.id, [high.id])
    const cite = { source: '历史核定', date: '2026-11-26', count: 1 }
    expect(v.lines.find((l) => l.lineId === dbLine.lineId)!.review).toMatchObject({ reason: '单价偏高', priceRef: cite })
    expect(budgetReviewsOf(b.db(), sheet.id)[dbLine.lineId]!.priceRef!.medianFen).toBeGreaterThan(0)
    v = setLineReview(b.db(), sheet.expert_id, sheet.id, { lineId: dbLine.lineId, approvedAmount: 50, reason: '工作量偏高', note: '' })
    expect(v.lines.find((l) => l.lineId === dbLine.lineId)!.review!.priceRef).toBeUndefined()
    v = setLineReview(b.db(), sheet.expert_id, sheet.id, { lineId: dbLine.lineId, approvedAmount: 50, reason: '单价偏高', note: '' })
    expect(v.lines.find((l) => l.lineId === dbLine.lineId)!.review!.priceRef).toMatchObject(cite)

    // The cut lowers the 系统集成费's base: its recompute is offered (not applied), accepted, then gone.
    const fee = v.feeSuggestions.find((f) => f.id === 'fee-recompute.integration')!
    expect(fee.feeRecomputed).toBeLessThan(fee.feeNow)
    const intLine = v.lines.find((l) => l.category === '系统集成')!
    expect(intLine.review).toBeNull()
    v = acceptFee(b.db(), sheet.expert_id, sheet.id, fee.id)
    expect(v.lines.find((l) => l.lineId === intLine.lineId)!.review).toMatchObject({ approvedAmount: fee.feeRecomputed, reason: '其他' })
    expect(v.feeSuggestions.some((f) => f.id === fee.id)).toBe(false)
    expect((await rejection(() => acceptFee(b.db(), sheet.expert_id, sheet.id, fee.id))).message).toBe('该费用已按审减后的计费基数计算，无需重算')
  })
})
