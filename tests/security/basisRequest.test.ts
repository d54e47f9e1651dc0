/**
 * An expert's request for another budget basis (issue 14 item 1, budget_basis_requests, migration 0037) under attack:
 * the row is its expert's alone. Another expert cannot write, replace or withdraw it, nor can the secretariat put
 * words in an expert's mouth; a row whose columns name another expert or project than its id is rejected; and a
 * request never touches the basis itself (the packages row stays the secretariat's). Checked on the verdict every
 * replica and the sync server run, and through a sync folder into the secretariat's replica.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Change } from '../../shared/sync/change'
import { encodeHlc } from '../../shared/sync/hlc'
import { basisRequestRowId } from '../../shared/sync/rowIds'
import { REPLICATED_TABLES } from '../../shared/sync/tables'
import { judgeTransaction, type Registry } from '../../shared/sync/verdict'
import { SECRETARIAT_AUTHOR } from '../../shared/sync/ownership'
import { syncM1, writeForgery } from '../kits/sync/folderForgery'
import { newReplica, sealedBy, seedMeeting } from '../kits/sync/replica'
import { tempDir } from '../helpers/tmp'

const ORIGIN = '01900000-0000-7000-8000-00000000e3e3'
const ctx = { nowMs: Date.now(), registry: REPLICATED_TABLES as unknown as Registry, fingerprintsOf: () => [], isReopened: () => false }

function tx(author: string, rowId: string, cells: Record<string, unknown>, tbl = 'budget_basis_requests'): Change[] {
  const ms = Date.now()
  const entries = Object.entries(cells)
  return entries.map(([col, v], i) => ({
    origin: ORIGIN, seq: i + 1, tx: 1, txEnd: entries.length, hlc: encodeHlc({ ms, counter: i + 1, origin: ORIGIN }), author, tbl, rowId, col, value: JSON.stringify(v)
  }))
}

const request = (expertId: string, projectId = 'p1') => ({
  meeting_id: 'm1', project_id: projectId, expert_id: expertId, sheets: ['概算汇总表'], reason: '明细表与汇总表不符', created_at: '2026-12-07T00:00:00.000Z', deleted: false
})

describe('an expert’s request for another budget basis', () => {
  it('is accepted from its own expert only', () => {
    const mine = basisRequestRowId('p1', 'e1')
    expect(judgeTransaction(tx('e1', mine, request('e1')), ctx).status).toBe('accepted')
    expect(judgeTransaction(tx('e1', mine, { deleted: true }), ctx).status).toBe('accepted')
    // Another expert writing, replacing or withdrawing e1's request; the secretariat writing it for e1.
    expect(judgeTransaction(tx('e2', mine, request('e1')), ctx)).toMatchObject({ status: 'rejected', code: 'not-owner' })
    expect(judgeTransaction(tx('e2', mine, { deleted: true }), ctx)).toMatchObject({ status: 'rejected', code: 'not-owner' })
    expect(judgeTransaction(tx(SECRETARIAT_AUTHOR, mine, request('e1')), ctx).status).toBe('rejected')
  })

  it('is rejected when its columns name another expert or project than its id', () => {
    expect(judgeTransaction(tx('e1', basisRequestRowId('p1', 'e1'), request('e2')), ctx).status).toBe('rejected')
    expect(judgeTransaction(tx('e1', basisRequestRowId('p1', 'e1'), request('e1', 'p2')), ctx).status).toBe('rejected')
    expect(judgeTransaction(tx('e1', 'not-a-request-id', request('e1')), ctx).status).toBe('rejected')
  })

  it('never changes the basis: the expert who may write a request may not write the packages row', () => {
    expect(judgeTransaction(tx('e1', 'k1', { budget_sheets: ['概算汇总表'] }, 'packages'), ctx)).toMatchObject({ status: 'rejected', code: 'not-owner' })
  })

  it('through a sync folder: the expert’s own sealed request reaches the secretariat; another expert’s forgery of it does not', async () => {
    const dir = tempDir('basis-request')
    const sec = await newReplica(dir, 'sec')
    seedMeeting(sec, 1, 2, 1)
    const folder = fs.mkdtempSync(path.join(dir, 'folder-'))
    const row = () => sec.db.sqlite.prepare('SELECT expert_id, sheets, reason, deleted FROM budget_basis_requests').all()
    writeForgery(folder, ORIGIN, sealedBy('e2', tx('e2', basisRequestRowId('p1', 'e1'), request('e1'))))
    syncM1(sec, folder)
    expect(row()).toEqual([])
    expect(sec.db.sqlite.prepare('SELECT DISTINCT status FROM change_log WHERE origin = ?').all(ORIGIN)).toEqual([{ status: 'rejected' }])

    const own = await newReplica(dir, 'sec2')
    seedMeeting(own, 1, 2, 1)
    const folder2 = fs.mkdtempSync(path.join(dir, 'folder-'))
    writeForgery(folder2, ORIGIN, sealedBy('e1', tx('e1', basisRequestRowId('p1', 'e1'), request('e1'))))
    syncM1(own, folder2)
    expect(own.db.sqlite.prepare('SELECT expert_id, sheets, reason, deleted FROM budget_basis_requests').all()).toEqual([
      { expert_id: 'e1', sheets: '["概算汇总表"]', reason: '明细表与汇总表不符', deleted: 0 }
    ])
  })
})
