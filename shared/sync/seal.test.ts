import { describe, expect, it } from 'vitest'
import { generateKeyPair } from '../signing/sm'
import type { Change } from './change'
import { checkUnit, makeCert, makeSeal } from './seal'
import { cutPieces, isPlainScope, isPlainUnit, scopeKey, unitsToSeal } from './units'

const master = generateKeyPair()
const sync = generateKeyPair()
const cert = makeCert('e1', master, sync.publicKey, '2026-12-01T00:00:00.000Z')

function tx(seq: number, n: number, author = 'e1', rowId = 'sheet|p1|e1|1'): Change[] {
  return Array.from({ length: n }, (_, i) => ({ origin: 'o1', seq: seq + i, tx: seq, txEnd: seq + n - 1, hlc: `0000000000${seq + i}-0000-o1`.slice(-21), author, tbl: 'score_sheets', rowId, col: `c${i}`, value: `"值${i}"` }))
}

describe('sealed units', () => {
  it('verifies a unit and refuses any change to it, its range, its author or its certificate', () => {
    const unit = [...tx(1, 2), ...tx(3, 1)]
    const seal = JSON.stringify(makeSeal(unit, cert, sync.privateKey))
    const ok = checkUnit(unit, seal)
    expect(ok.ok).toBe(true)
    expect(checkUnit(unit.map((c, i) => (i === 1 ? { ...c, value: '"改"' } : c)), seal)).toMatchObject({ ok: false, reason: expect.stringContaining('摘要不符') })
    expect(checkUnit(unit.slice(0, 2), seal)).toMatchObject({ ok: false })
    expect(checkUnit(unit.map((c) => ({ ...c, author: 'e2' })), seal)).toMatchObject({ ok: false })
    const forgedCert = JSON.parse(seal) as { cert: { author: string } }
    forgedCert.cert.author = 'e2'
    expect(checkUnit(unit, JSON.stringify(forgedCert)).ok).toBe(false)
    expect(checkUnit(unit, '{"v":1}').ok).toBe(false)
  })

  it('cuts a log into units by author and scope, and takes only whole units', () => {
    const txs = [tx(1, 1), tx(2, 1), tx(3, 1, 'e1', 'sheet|p2|e1|1'), tx(4, 1, 'secretariat', 'p1')]
    expect(unitsToSeal(txs).map((u) => u.length)).toEqual([2, 1, 1])
    expect(scopeKey(tx(1, 1))).toBe('E:e1:p1')
    // isPlainUnit is isPlainScope(scopeKey(…)) without the scope, whatever the mix of rows.
    const sec = tx(5, 2, 'secretariat', 'p1').map((c) => ({ ...c, tbl: 'projects' }))
    const unknown = tx(7, 1).map((c) => ({ ...c, tbl: 'no_such_table' }))
    for (const unit of [sec, tx(1, 2), unknown, [...sec, ...tx(1, 1)], [...tx(1, 1), ...sec], [...sec, ...unknown], []]) {
      expect(isPlainUnit(unit)).toBe(unit.length > 0 && isPlainScope(scopeKey(unit)))
    }
    expect(isPlainUnit(sec)).toBe(true)
    const sealedLast = txs.map((t, i) => (i === 1 ? t.map((c, j) => (j === t.length - 1 ? { ...c, seal: 'x' } : c)) : t))
    const { pieces, rest } = cutPieces(sealedLast)
    expect(pieces.map((p) => (p.kind === 'unit' ? p.changes.length : -1))).toEqual([2])
    expect(rest.length).toBe(2)
  })
})
