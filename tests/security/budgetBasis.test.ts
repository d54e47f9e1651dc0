/**
 * The budget basis (issue 14 item 1) under attack: which sheet of the budget workbook every reviewer reviews is the
 * secretariat's choice (`packages.budget_sheets`, services/budgetBasis.ts). An expert's laptop — a modified client
 * writing the cell as its expert (sealed with the expert's own registered key), or a forged unit claiming to be the
 * secretariat — cannot change it: the verdict every replica and the server run rejects it, and the basis stays.
 * A basis that is not a short list of short names (a bad write) is no basis: the derivation fails with a reason.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Change } from '../../shared/sync/change'
import { encodeHlc } from '../../shared/sync/hlc'
import { REPLICATED_TABLES } from '../../shared/sync/tables'
import { judgeTransaction, type Registry } from '../../shared/sync/verdict'
import { generateKeyPair } from '../../shared/signing/sm'
import { parseBudgetBasis } from '../../electron/main/packages/basis'
import { syncM1, writeForgery as writeForgeryOf } from '../kits/sync/folderForgery'
import { tempDir } from '../helpers/tmp'
import { SEC, newReplica, sealedBy, seedMeeting, type Replica } from '../kits/sync/replica'

const ORIGIN = '01900000-0000-7000-8000-00000000e2e2'
const ctx = { nowMs: Date.now(), registry: REPLICATED_TABLES as unknown as Registry, fingerprintsOf: () => [], isReopened: () => false }

function forgedBasis(author: string): Change[] {
  const ms = Date.now()
  const cells: [string, unknown][] = [['budget_sheets', ['概算汇总表']], ['budget_sheet', '概算汇总表']]
  return cells.map(([col, v], i) => ({
    origin: ORIGIN, seq: i + 1, tx: 1, txEnd: cells.length, hlc: encodeHlc({ ms, counter: i + 1, origin: ORIGIN }), author, tbl: 'packages',
    rowId: 'k1', col, value: JSON.stringify(v)
  }))
}

async function secretariat(): Promise<{ sec: Replica; folder: string }> {
  const dir = tempDir('basis-forgery')
  const sec = await newReplica(dir, 'sec')
  seedMeeting(sec, 1, 2, 1)
  sec.write(SEC, (w) =>
    w.write('packages', 'k1', {
      project_id: 'p1', sha256: 'ab'.repeat(32), size: 1, source_name: 'a.pdpkg', format: 'paneldesk.package/1', manifest: {}, imported_at: '2026-12-01T00:00:00.000Z',
      budget_path: 'budget.xlsx', budget_format: 'xlsx', budget_unit: '万元', budget_sheet: '概算明细表', budget_notes: [], computed_total: 1, sheet_total: 1,
      declared_total: 1, data_catalog: null, data_needs: null, deleted: false
    })
  )
  return { sec, folder: fs.mkdtempSync(path.join(dir, 'folder-')) }
}

function unchanged(sec: Replica): void {
  expect(sec.db.sqlite.prepare("SELECT budget_sheet, budget_sheets FROM packages WHERE id = 'k1'").get()).toEqual({ budget_sheet: '概算明细表', budget_sheets: '[]' })
  expect(sec.db.sqlite.prepare("SELECT COUNT(*) AS n FROM change_log WHERE origin = ? AND status = 'applied'").get(ORIGIN)).toEqual({ n: 0 })
}

describe('the budget basis cannot be changed from an expert laptop', () => {
  it('a basis change by an expert is rejected by the verdict every replica and the server run; the secretariat’s is accepted', () => {
    expect(judgeTransaction(forgedBasis('e1'), ctx)).toMatchObject({ status: 'rejected', code: 'not-owner' })
    expect(judgeTransaction(forgedBasis(SEC), ctx).status).toBe('accepted')
  })

  it('a modified client’s unit sealed with the expert’s own key, or a forged secretariat unit, never changes the basis', async () => {
    const { sec, folder } = await secretariat()
    writeForgeryOf(folder, ORIGIN, sealedBy('e1', forgedBasis('e1')))
    const report = syncM1(sec, folder)
    unchanged(sec)
    expect(sec.db.sqlite.prepare('SELECT DISTINCT status FROM change_log WHERE origin = ?').all(ORIGIN)).toEqual([{ status: 'rejected' }])
    expect(report.issues.map((i) => i.message).join('\n')).toMatch(/已拒绝专家专家1/)

    const other = await secretariat()
    writeForgeryOf(other.folder, ORIGIN, sealedBy(SEC, forgedBasis(SEC), generateKeyPair()))
    const held = syncM1(other.sec, other.folder)
    unchanged(other.sec)
    expect(held.issues.map((i) => i.message).join('\n')).toMatch(/不是本机确认的秘书处公钥/)
  })

  it('a stored basis that is not a short list of distinct short names is no basis', () => {
    expect(parseBudgetBasis('[]')).toEqual([])
    expect(parseBudgetBasis('["概算汇总表"]')).toEqual(['概算汇总表'])
    for (const bad of ['{"a":1}', '"概算"', '[1]', '[""]', '["a","a"]', JSON.stringify(Array.from({ length: 21 }, (_, i) => `s${i}`)), JSON.stringify(['x'.repeat(201)]), 'not json']) {
      expect(parseBudgetBasis(bad), bad).toBeNull()
    }
  })
})
