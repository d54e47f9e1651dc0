/**
 * Attacks on 核增 and price citations (issues 13 item 4, 14 item 6).
 *
 * Promise 1: a 核定 above 送审 exists only as an explicit 核增 with a reason. A modified client that signs a sheet
 * raising a line with no reason (or with a cut reason, or 核增 with an empty note), or that invents an added line
 * with a 送审 of its own, has the sheet refused by every replica's schema check — even though the signature is
 * valid and made with the expert's registered key.
 * Promise 2: the price reference a 单价偏高 cut cites in the 概算审核对比表 is part of the signed data: changing its
 * 来源 or 日期 (or a 核增 amount) in the .docx makes the document 已篡改.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { applyChanges } from '../../electron/main/sync/apply'
import { verifyDocx } from '../../electron/main/documents/verify'
import { parseSheetCanonical } from '../../shared/signing/contentSchema'
import type { SheetPayload } from '../../shared/signing/types'
import { canonicalize } from '../../shared/signing/canonical'
import { buildAll, editFigure, type Built } from '../kits/documents/testUtil'
import { CITED_REF } from '../kits/documents/testData'
import { tempDir } from '../helpers/tmp'
import { fullSheet, laptopOf, signedMeeting, submitFromLaptop } from './signedMeetingKit'

type Line = SheetPayload['budgetReview'][number]
const line = (over: Partial<Line>): Line => ({ lineId: 'L1', name: '等保测评', category: '等保测评', submittedAmount: 12, approvedAmount: 12, reason: null, note: '', ...over })
const withLines = (s: SheetPayload, lines: Line[]): SheetPayload => ({ ...s, budgetReview: lines })

describe('a 核增 smuggled into a signed sheet by a modified client', () => {
  it.each([
    ['no reason', line({ approvedAmount: 20 }), '签名内容无效：字段 budgetReview.0.reason 核定高于送审须注明核增及理由'],
    ['a cut reason', line({ approvedAmount: 20, reason: '单价偏高', note: '参考价' }), '签名内容无效：字段 budgetReview.0.reason 核定高于送审须注明核增及理由'],
    ['核增 with an empty note', line({ approvedAmount: 20, reason: '核增', note: '  ' }), '签名内容无效：字段 budgetReview.0.reason 核定高于送审须注明核增及理由'],
    ['核增 on a line cut', line({ approvedAmount: 10, reason: '核增', note: '为何' }), '签名内容无效：字段 budgetReview.0.reason 核增的核定须高于送审'],
    ['an added line with a 送审 of its own', line({ lineId: 'add-x', added: true, submittedAmount: 5, approvedAmount: 9, reason: '核增', note: '漏项' }), '签名内容无效：字段 budgetReview.0.added 漏项的送审须为 0 且有核增金额']
  ])('%s: refused by the verdict of the replica that receives it', async (_what, bad, reason) => {
    const dir = tempDir('sec-increase')
    const m = await signedMeeting(dir)
    const e1 = laptopOf(m, dir, 'e1')
    const e2 = laptopOf(m, dir, 'e2')
    const forged = submitFromLaptop(m, e1, 'e1', (id) => withLines(fullSheet(m, id, 'e1'), [bad]))
    const honest = submitFromLaptop(m, e2, 'e2', (id) =>
      withLines(fullSheet(m, id, 'e2'), [line({ approvedAmount: 15.3, reason: '核增', note: '三级测评市场价' }), line({ lineId: 'add-r', name: '风险评估', category: '安全', submittedAmount: 0, approvedAmount: 8, reason: '核增', note: '漏项', added: true })])
    )
    const r = applyChanges(m.sec.db, [...forged, ...honest])
    const issues = r.issues.filter((i) => i.code === 'bad-content')
    expect(issues.map((i) => [i.author, i.reason])).toEqual([['e1', reason]])
    expect(m.sec.db.sqlite.prepare('SELECT expert_id, status FROM score_sheets ORDER BY expert_id').all()).toEqual([
      { expert_id: 'e1', status: 'draft' },
      { expert_id: 'e2', status: 'submitted' }
    ])
    for (const x of [e1, e2, m.sec]) x.close()
  })

  it('sheets signed before 核增 existed (no reason 核增, no added lines, no citation) still parse', async () => {
    const old = await buildAll({ experts: 3 })
    for (const p of old.fixture.sources) expect(parseSheetCanonical(p.canonical).ok).toBe(true)
    // A hand-written old-format line: reason from the old list, no new fields.
    const dir = tempDir('sec-increase-old')
    const m = await signedMeeting(dir)
    const s = withLines(fullSheet(m, 's', 'e1'), [line({ approvedAmount: 10, reason: '单价偏高', note: '' })])
    expect(parseSheetCanonical(canonicalize(s)).ok).toBe(true)
    m.sec.close()
  })
})

describe('the 概算审核对比表 with 核增 and a cited price reference', () => {
  let b: Built
  beforeAll(async () => {
    b = await buildAll({ experts: 3, budgetExtras: true })
  })
  it('is 有效 as built, and shows the citation and the 核增 as their own figures', async () => {
    const r = await verifyDocx(b.budget, { registeredFingerprints: b.fixture.registeredFingerprints })
    expect(r.mismatches).toEqual([])
    expect(r.status).toBe('有效')
    const o = b.fixture.panelInput.opinion
    const cited = o.budget.lines.find((l) => l.priceRef)!
    expect(cited).toMatchObject({ name: '数据库软件（国产）', reason: '单价偏高', approvedAmount: 60, priceRef: CITED_REF })
    expect(o.budget.lines.find((l) => l.lineId === 'add-risk')).toMatchObject({ submittedAmount: 0, approvedAmount: 8.05, reason: '核增' })
    expect(o.budget.increaseTotal).toBe(11.35)
  })
  it('a changed 来源 or 日期 of the cited reference is 已篡改', async () => {
    const lineId = b.fixture.panelInput.opinion.budget.lines.find((l) => l.priceRef)!.lineId
    for (const forged of ['市场询价，2026-03-01', '政府采购协议价，2026-11-01']) {
      const r = await verifyDocx(await editFigure(b.budget, `line.${lineId}.cite`, forged), { registeredFingerprints: b.fixture.registeredFingerprints })
      expect(r.status).toBe('已篡改')
      expect(r.mismatches[0]).toMatchObject({ what: '概算行「数据库软件（国产）」价格依据（来源、日期）', expected: '政府采购协议价，2026-03-01', found: forged })
    }
  })
  it('a changed 核增 amount is 已篡改', async () => {
    const r = await verifyDocx(await editFigure(b.budget, 'budget.increase', '1.00'), { registeredFingerprints: b.fixture.registeredFingerprints })
    expect(r.status).toBe('已篡改')
    expect(r.mismatches[0]).toMatchObject({ what: '核增额合计（万元）', expected: '11.35', found: '1.00' })
  })
})
