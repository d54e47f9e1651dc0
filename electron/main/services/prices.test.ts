/** 价格参考 (issue 13) on a real backend: the library fills when a meeting closes, lists import row by row, the
 * next meeting carries the chosen references (as sealed secretariat changes) and its lines get ranges, ratios,
 * findings and remembered choices. */
import { describe, expect, it } from 'vitest'
import { testBackend } from '../../../tests/helpers/backend'
import { rejection } from '../../../tests/helpers/review'
import { seedSignedMeeting } from '../../../tests/kits/documents/testDb'
import { makeBudgetLines } from '../../../tests/kits/documents/testData'
import { seedBudgetLines } from '../../../tests/kits/prices/seed'

const LINES = makeBudgetLines(12).map((l) => ({ name: l.name, category: l.category, amount: l.submittedAmount }))
const DB_LINE = 4
const DEV_LINE = 0

async function closedAndNext() {
  const b = await testBackend({ seedDemo: false })
  const first = seedSignedMeeting(b.db(), { projects: 1, experts: 3, budgetLines: 12 })
  seedBudgetLines(b.db(), first.projectIds[0]!, '', LINES)
  await b.handlers['meeting.close']({ meetingId: first.meetingId, confirm: true })
  const next = seedSignedMeeting(b.db(), { prefix: 'o-', projects: 1, experts: 3, budgetLines: 12, drafts: [[0, 0], [0, 1], [0, 2]], leaderSigns: false })
  const lineIds = seedBudgetLines(b.db(), next.projectIds[0]!, 'o-', LINES, 1.5)
  return { b, first, next, lineIds }
}

const csv = (rows: string[]) => Buffer.from(['名称,规格,单位,参考单价（万元）,来源,日期', ...rows].join('\n'), 'utf8').toString('base64')

describe('价格参考 library and meeting references', () => {
  it('adds every line of a closed meeting with its 送审 and 核定 unit price (分), once', async () => {
    const { b, first } = await closedAndNext()
    const rows = b.db().sqlite.prepare("SELECT name, unit, unit_price_fen, submitted_price_fen, source, ref_date, project FROM price_refs WHERE kind = 'meeting' ORDER BY name").all() as {
      name: string; unit_price_fen: number; submitted_price_fen: number; source: string; ref_date: string; project: string
    }[]
    // 办公电脑及打印机 was cut to 0 (第三条): not a price anyone approved.
    expect(rows.map((r) => r.name).sort()).toEqual(LINES.map((l) => l.name).filter((n) => n !== '办公电脑及打印机').sort())
    for (const r of rows) {
      expect(Number.isInteger(r.unit_price_fen)).toBe(true)
      expect(r.unit_price_fen).toBeLessThanOrEqual(r.submitted_price_fen)
      expect(r).toMatchObject({ source: '历史核定', ref_date: '2026-11-26', project: first.projectNames[0] })
    }
    const lib = await b.handlers['prices.library']({})
    expect(lib.total).toBe(11)
  })

  it('imports a price list row by row: any bad row refuses the file with its row in Chinese; a good one is added', async () => {
    const { b } = await closedAndNext()
    const bad = await rejection(() => b.handlers['prices.import']({ fileName: '询价.csv', base64: csv(['数据库软件,企业版,套,70,市场询价,2026-10-01', ',,,5,,2026-01-01', '等保测评,三级,项,abc,,2026-13-01']) }))
    expect(bad.message).toMatch(/第 3 行：名称为空/)
    expect(bad.message).toMatch(/第 4 行：参考单价“abc”不是大于 0 的金额/)
    expect(bad.message).toMatch(/日期“2026-13-01”无法识别/)
    expect((await b.handlers['prices.library']({})).total).toBe(11)
    const ok = await b.handlers['prices.import']({ fileName: '询价.csv', base64: csv(['数据库软件,企业版,套,70,政府采购协议价,2026-10-01', '等级保护测评,三级,项,11.5,,2026年9月1日']) })
    expect(ok.added).toBe(2)
    const lib = await b.handlers['prices.library']({})
    expect(lib.rows.find((r) => r.source === '政府采购协议价')).toMatchObject({ unitPriceFen: 70_000_000, date: '2026-10-01' })
    expect(lib.rows.find((r) => r.name === '等级保护测评')).toMatchObject({ source: '市场询价', unitPriceFen: 11_500_000 })
    // Edit, retire, export.
    const row = lib.rows.find((r) => r.source === '政府采购协议价')!
    expect((await b.handlers['prices.edit']({ id: row.id, edit: { retired: true } })).row.retired).toBe(true)
    expect(await b.handlers['prices.library']({})).toMatchObject({ total: 13, matches: 12 })
    const out = (await b.handlers['prices.export']({})).csv
    expect(out).toMatch(/数据库软件,企业版,套,700000\.00,政府采购协议价,2026-10-01,,,,已停用/)
  })

  it('the next meeting carries the chosen references as secretariat changes; its lines get range, ratio, 单价偏高 and remembered choices', async () => {
    const { b, next, lineIds } = await closedAndNext()
    const { count } = await b.handlers['prices.chooseForMeeting']({ meetingId: next.meetingId, matched: true })
    expect(count).toBeGreaterThanOrEqual(10)
    const logged = b.db().sqlite.prepare("SELECT DISTINCT author FROM change_log WHERE tbl = 'meeting_price_refs'").all()
    expect(logged).toEqual([{ author: 'secretariat' }])
    await b.handlers['console.updateSettings']({ meetingId: next.meetingId, settings: { prices: { margin: 0.2, minRefs: 1, maxAgeMonths: 36 } } })
    const projectId = next.projectIds[0]!
    const v = await b.handlers['prices.project']({ projectId })
    const db = v.lines.find((l) => l.lineId === lineIds[DB_LINE])!
    expect(db.range).toMatchObject({ count: 1 })
    expect(db.ratio).toBeGreaterThanOrEqual(1.5)
    const review = await b.handlers['budgetReview.get']({ projectId })
    const high = review.lines.find((l) => l.lineId === lineIds[DB_LINE])!.findings.find((f) => f.id.startsWith('price.high'))!
    expect(high).toMatchObject({ label: '价格参考', article: null })
    expect(high.message).toMatch(/^价格参考：单价偏高/)
    expect(high.suggestedCut!.amount).toBeGreaterThan(0)
    // 测算依据不足: the development line is one lump 项 without 人月.
    expect(review.lines.find((l) => l.lineId === lineIds[DEV_LINE])!.findings.some((f) => f.id.startsWith('price.basis'))).toBe(true)
    // Reject the match: no range, no finding; remembered.
    const refId = db.matches[0]!.refId
    const after = await b.handlers['prices.choose']({ projectId, lineId: lineIds[DB_LINE]!, refId, choice: 'reject' })
    expect(after.lines.find((l) => l.lineId === lineIds[DB_LINE])!.range).toBeNull()
    const again = await b.handlers['budgetReview.get']({ projectId })
    expect(again.lines.find((l) => l.lineId === lineIds[DB_LINE])!.findings.some((f) => f.id.startsWith('price.high'))).toBe(false)
    expect((await b.handlers['prices.project']({ projectId })).lines.find((l) => l.lineId === lineIds[DB_LINE])!.matches[0]).toMatchObject({ choice: 'reject', counted: false })
  })
})
