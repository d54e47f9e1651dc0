/**
 * 价格参考 (issue 13) attacks.
 *  - An expert (or anyone with only an expert's key) tries to change the references that travel with a meeting —
 *    lower one to make a colleague's line look overpriced, raise one to hide overpricing: the change is not the
 *    secretariat's, so every replica rejects it, and on the expert's own laptop the service refuses to write.
 *  - A price list whose cells start with = + - @ must not become formulas in the exported CSV.
 *  - A huge or hostile list is bounded: at most 100,000 rows read, at most 200 problems listed.
 */
import { describe, expect, it } from 'vitest'
import { encodeHlc } from '../../shared/sync/hlc'
import { REPLICATED_TABLES } from '../../shared/sync/tables'
import { judgeTransaction, type Registry } from '../../shared/sync/verdict'
import { readPriceRows } from '../../shared/domain/prices/importRows'
import type { Change } from '../../shared/sync/change'
import { testBackend } from '../helpers/backend'

const NOW = Date.UTC(2026, 10, 20)
const ctx = { nowMs: NOW, registry: REPLICATED_TABLES as unknown as Registry, fingerprintsOf: () => [], isReopened: () => false }

function tx(author: string, cells: [string, unknown][]): Change[] {
  return cells.map(([col, v], i) => ({
    origin: 'o', seq: i + 1, tx: 1, txEnd: cells.length, hlc: encodeHlc({ ms: NOW, counter: i, origin: 'o' }), author,
    tbl: 'meeting_price_refs', rowId: 'price|m1|r1', col, value: JSON.stringify(v)
  }))
}

describe('价格参考 attacks', () => {
  it('an expert cannot write the references of a meeting; the secretariat can', () => {
    const forged = tx('e1', [['meeting_id', 'm1'], ['name', '服务器'], ['unit_price_fen', 1]])
    expect(judgeTransaction(forged, ctx)).toMatchObject({ status: 'rejected' })
    expect(judgeTransaction(tx('secretariat', [['meeting_id', 'm1'], ['unit_price_fen', 6_800_000]]), ctx).status).toBe('accepted')
    // A price that is not an integer number of 分 is refused even from the secretariat.
    expect(judgeTransaction(tx('secretariat', [['unit_price_fen', 12.5]]), ctx).status).toBe('rejected')
  })

  it('an exported library never carries a formula', async () => {
    const b = await testBackend({ seedDemo: false })
    const list = ['名称,规格,单位,参考单价,来源,日期', '=HYPERLINK("http://x"),@SUM(A1),台,100,+cmd,2026-01-01', '-2+3,"a,b",台,5,市场询价,2026-01-01'].join('\n')
    await b.handlers['prices.import']({ fileName: 'x.csv', base64: Buffer.from(list).toString('base64') })
    const csv = (await b.handlers['prices.export']({})).csv
    for (const line of csv.split('\r\n').slice(1)) for (const cell of line.split(',')) expect(cell).not.toMatch(/^"?[=+\-@]/)
    expect(csv).toContain(`'=HYPERLINK(""http://x"")`)
  })

  it('bounds what it reads and reports from a hostile list', () => {
    const rows = [['名称', '参考单价', '日期'], ...Array.from({ length: 150_000 }, () => ['', 'x', 'y'])]
    rows.push(['服务器', '-1', '2026-01-01'])
    const t = performance.now()
    const { refs, problems } = readPriceRows(rows, '市场询价')
    expect(refs).toEqual([])
    expect(problems.length).toBeLessThanOrEqual(200)
    expect(problems.some((p) => /超过 100000 行/.test(p.message))).toBe(true)
    expect(performance.now() - t).toBeLessThan(5000)
  })
})
