/**
 * 价格参考 library attacks (issue 13). The library decides which prices a panel sees as “what was approved before”:
 *  - an expert's laptop (it pinned the secretariat's key and does not hold it) tries to edit an entry, import a
 *    list, or take back an edit: refused, nothing changes;
 *  - a laptop acting as an expert, and the secretariat's own laptop with its key locked: refused likewise;
 *  - anyone, even the unlocked secretariat, tries to change what a closed meeting approved (the 历史核定 price,
 *    name, date …), directly or by sending the unchanged fields with a changed price: refused, and no edit is
 *    recorded; an edit's undo can only write back what that edit changed.
 */
import { describe, expect, it } from 'vitest'
import { lockKeys } from '../../electron/main/sync/keyring'
import { LIBRARY_ACTING_EXPERT } from '../../electron/main/services/priceLibraryEdit'
import { NO_SECRETARIAT_VIEW, SECRETARIAT_VIEW_LOCKED } from '../../electron/main/services/secretariatView'
import { SETTING_ACTING_EXPERT, setSetting } from '../../electron/main/services/settings'
import type { Backend } from '../../electron/main/backend'
import { testBackend, trustSecretariat } from '../helpers/backend'
import { rejection } from '../helpers/review'
import { seedSignedMeeting } from '../kits/documents/testDb'
import { makeBudgetLines } from '../kits/documents/testData'
import { seedBudgetLines } from '../kits/prices/seed'

const LIST = Buffer.from(['名称,参考单价（元）,来源,日期', '核心交换机,120000,市场询价,2026-05-01'].join('\n'), 'utf8').toString('base64')

async function refusedEverything(b: Backend, id: string, editId: number, reason: string): Promise<void> {
  for (const attempt of [
    () => b.handlers['prices.edit']({ id, edit: { unitPriceFen: 1 } }),
    () => b.handlers['prices.edit']({ id, edit: { retired: true } }),
    () => b.handlers['prices.import']({ fileName: 'x.csv', base64: LIST }),
    () => b.handlers['prices.undo']({ editId })
  ]) {
    const e = await rejection(attempt)
    expect(e).toMatchObject({ code: 'forbidden', message: reason })
  }
}

const prices = (b: Backend) => b.db().sqlite.prepare('SELECT name, unit_price_fen, retired FROM price_refs ORDER BY id').all()

describe('价格参考 library: who may change it', () => {
  it('an expert’s laptop, a laptop acting as an expert and a locked secretariat laptop cannot edit, import or undo', async () => {
    const sec = await testBackend({ seedDemo: false })
    const expert = await testBackend({ seedDemo: false })
    // Before any key: the secretariat's laptop edits, and an expert's laptop has its own (empty or harvested) copy.
    for (const b of [sec, expert]) await b.handlers['prices.import']({ fileName: 'x.csv', base64: LIST })
    const secRow = (await sec.handlers['prices.library']({})).rows[0]!
    const edit = await sec.handlers['prices.edit']({ id: secRow.id, edit: { note: '初始' } })
    const expRow = (await expert.handlers['prices.library']({})).rows[0]!
    await trustSecretariat(sec, expert)

    const expertBefore = prices(expert)
    await refusedEverything(expert, expRow.id, 1, NO_SECRETARIAT_VIEW)
    expect(prices(expert)).toEqual(expertBefore)

    // The secretariat's laptop: key made (and unlocked by making it) — lock it, then it refuses until the PIN.
    lockKeys(sec.db())
    const secBefore = prices(sec)
    await refusedEverything(sec, secRow.id, edit.editId!, SECRETARIAT_VIEW_LOCKED)
    await sec.handlers['trust.unlockSecretariat']({ pin: '135790' })
    setSetting(sec.db(), SETTING_ACTING_EXPERT, 'e1')
    await refusedEverything(sec, secRow.id, edit.editId!, LIBRARY_ACTING_EXPERT)
    expect(prices(sec)).toEqual(secBefore)
    setSetting(sec.db(), SETTING_ACTING_EXPERT, null)
    expect((await sec.handlers['prices.edit']({ id: secRow.id, edit: { unitPriceFen: 11_800_000 } })).row.unitPriceFen).toBe(11_800_000)
  })

  it('nobody changes what a closed meeting approved; the refusal records no edit', async () => {
    const b = await testBackend({ seedDemo: false })
    const m = seedSignedMeeting(b.db(), { projects: 1, experts: 3, budgetLines: 6 })
    seedBudgetLines(b.db(), m.projectIds[0]!, '', makeBudgetLines(6).map((l) => ({ name: l.name, category: l.category, amount: l.submittedAmount })))
    await b.handlers['meeting.close']({ meetingId: m.meetingId, confirm: true })
    const hist = (await b.handlers['prices.library']({ kind: 'meeting' })).rows[0]!
    const before = prices(b)
    for (const edit of [
      { unitPriceFen: hist.unitPriceFen * 2 },
      { name: hist.name, spec: hist.spec, unit: hist.unit, source: hist.source, date: hist.date, unitPriceFen: hist.unitPriceFen + 1 },
      { date: '2030-01-01' },
      { source: '政府采购协议价' },
      { name: `${hist.name} ` + '改' }
    ]) {
      expect((await rejection(() => b.handlers['prices.edit']({ id: hist.id, edit }))).code).toBe('forbidden')
    }
    expect(prices(b)).toEqual(before)
    expect(await b.handlers['prices.history']({ id: hist.id })).toEqual([])
    // 停用 and its undo touch only the status.
    const retired = await b.handlers['prices.edit']({ id: hist.id, edit: { retired: true } })
    expect(retired.row).toMatchObject({ retired: true, unitPriceFen: hist.unitPriceFen })
    expect(await b.handlers['prices.undo']({ editId: retired.editId! })).toMatchObject({ retired: false, unitPriceFen: hist.unitPriceFen, name: hist.name })
  })
})
