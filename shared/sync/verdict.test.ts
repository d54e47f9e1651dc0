import { describe, expect, it } from 'vitest'
import { naturalId } from '../domain/ids'
import { signPayload } from '../signing/envelope'
import { generateKeyPair, publicKeyFingerprint } from '../signing/sm'
import type { Change } from './change'
import { encodeHlc } from './hlc'
import { beats, winner } from './merge'
import { parseSheetChildId, parseSheetId, sheetRowId, splitNaturalId } from './rowIds'
import { REPLICATED_TABLES } from './tables'
import { judgeTransaction, type Registry } from './verdict'

const NOW = Date.UTC(2026, 10, 20)
let seq = 0
function tx(author: string, cells: [string, string, string, unknown][], ms = NOW): Change[] {
  const first = seq + 1
  const out = cells.map(([tbl, rowId, col, v]) => {
    seq++
    return { origin: 'o', seq, tx: first, txEnd: first + cells.length - 1, hlc: encodeHlc({ ms, counter: seq, origin: 'o' }), author, tbl, rowId, col, value: JSON.stringify(v) }
  })
  return out
}
const key = generateKeyPair()
const ctx = (fps: string[] = [publicKeyFingerprint(key.publicKey)], reopened: string[] = [sheetRowId('p|1', 'e1', 1)]) => ({
  nowMs: NOW,
  registry: REPLICATED_TABLES as unknown as Registry,
  fingerprintsOf: (e: string) => (e === 'e1' ? fps : []),
  isReopened: (id: string) => reopened.includes(id)
})
const sheet = sheetRowId('p|1', 'e1', 2)

function signed(content: object) {
  return signPayload('expert-sheet', content, key.privateKey, key.publicKey, { id: 'e1', name: '张三' }, new Date(NOW))
}
const content = {
  format: 'paneldesk.sheet/1',
  sheetId: sheet,
  revision: 2,
  meeting: { id: 'm', name: '', date: '', place: '' },
  project: { id: 'p|1', name: '', ownerUnit: '', authorUnit: '', declaredInvestment: 0, packageDigest: '' },
  expert: { id: 'e1', name: '张三', unit: '', title: '', specialty: '' },
  rubric: { id: 'r', version: 1, name: '' },
  scores: { i1: { value: 3, na: false } },
  dimensionTotals: { d1: 3 },
  total: 3,
  opinions: {},
  mainProblems: [],
  suggestions: [],
  conclusion: 'pass',
  budgetReview: [],
  declaration: { kind: 'none', reason: '', declaredAt: '' },
  submittedAt: ''
}

describe('row ids carry their owner', () => {
  it('parses sheet and child ids, escapes included, and refuses look-alikes', () => {
    expect(splitNaturalId(naturalId('a|b', 'c\\d'))).toEqual(['a|b', 'c\\d'])
    expect(parseSheetId(sheet)).toEqual({ sheetId: sheet, projectId: 'p|1', expertId: 'e1', revision: 2 })
    expect(parseSheetChildId(naturalId(sheet, 'item'))?.expertId).toBe('e1')
    expect(parseSheetId('sheet|p|e1|0')).toBeNull()
    expect(parseSheetId('sheet|p|e1|2|x')).toBeNull()
  })
})

describe('verdict', () => {
  it('holds a revision the secretariat did not open by reopening the one before (the early-peek attack)', () => {
    // Revision 2 written straight away (no reopen of revision 1): held, whatever part of the sheet it writes.
    const draft = tx('e1', [['scores', naturalId(sheet, 'i1'), 'value', 5]])
    expect(judgeTransaction(draft, ctx(undefined, []))).toMatchObject({ status: 'held', code: 'no-reopen' })
    const submitted = tx('e1', [['score_sheets', sheet, 'status', 'submitted'], ['score_sheets', sheet, 'signed_payload', signed(content)]])
    expect(judgeTransaction(submitted, ctx(undefined, []))).toMatchObject({ status: 'held', code: 'no-reopen' })
    // Once the reopen of revision 1 is known, the same transactions are accepted; revision 1 never needs one.
    expect(judgeTransaction(draft, ctx()).status).toBe('accepted')
    expect(judgeTransaction(submitted, ctx()).status).toBe('accepted')
    expect(judgeTransaction(tx('e1', [['scores', naturalId(sheetRowId('p|1', 'e1', 1), 'i1'), 'value', 5]]), ctx(undefined, [])).status).toBe('accepted')
    // The secretariat's reopen of revision 2 itself is not held by the chain.
    expect(judgeTransaction(tx('secretariat', [['score_sheets', sheet, 'status', 'reopened']]), ctx(undefined, [])).status).toBe('accepted')
  })

  it('lets the owner write and rejects everyone else, whole transactions at a time', () => {
    expect(judgeTransaction(tx('e1', [['scores', naturalId(sheet, 'i1'), 'value', 5]]), ctx()).status).toBe('accepted')
    const bad = judgeTransaction(tx('e1', [['scores', naturalId(sheet, 'i1'), 'value', 5], ['projects', 'p', 'name', 'x']]), ctx())
    expect(bad).toMatchObject({ status: 'rejected', code: 'not-owner' })
    expect(judgeTransaction(tx('e2', [['scores', naturalId(sheet, 'i1'), 'value', 5]]), ctx())).toMatchObject({ status: 'rejected', code: 'not-owner' })
    expect(judgeTransaction(tx('e1', [['scores', naturalId(sheet, 'i1'), 'sheet_id', 'other']]), ctx())).toMatchObject({ code: 'bad-value' })
    expect(judgeTransaction(tx('secretariat', [['score_sheets', sheet, 'status', 'reopened']]), ctx()).status).toBe('accepted')
    expect(judgeTransaction(tx('secretariat', [['score_sheets', sheet, 'conclusion', 'pass']]), ctx())).toMatchObject({ code: 'not-owner' })
    expect(judgeTransaction(tx('e1', [['score_sheets', sheet, 'status', 'reopened']]), ctx())).toMatchObject({ code: 'not-owner' })
    expect(judgeTransaction(tx('e1', [['declarations', naturalId('declaration', 'p', 'e1'), 'kind', 'maybe']]), ctx())).toMatchObject({ code: 'bad-value' })
  })

  it('verifies a submission, holds one signed with an unregistered key, and rejects a tampered one', () => {
    const ok = tx('e1', [['score_sheets', sheet, 'status', 'submitted'], ['score_sheets', sheet, 'signed_payload', signed(content)]])
    expect(judgeTransaction(ok, ctx()).status).toBe('accepted')
    expect(judgeTransaction(ok, ctx([])).status).toBe('held')
    const p = signed(content)
    p.canonical = p.canonical.replace('张三', '李四')
    expect(judgeTransaction(tx('e1', [['score_sheets', sheet, 'status', 'submitted'], ['score_sheets', sheet, 'signed_payload', p]]), ctx())).toMatchObject({ status: 'rejected', code: 'bad-signature' })
    const otherSheet = signed({ ...content, revision: 1 })
    expect(judgeTransaction(tx('e1', [['score_sheets', sheet, 'status', 'submitted'], ['score_sheets', sheet, 'signed_payload', otherSheet]]), ctx())).toMatchObject({ code: 'bad-signature' })
    expect(judgeTransaction(tx('e1', [['score_sheets', sheet, 'status', 'submitted']]), ctx())).toMatchObject({ code: 'bad-signature' })
  })

  it('rejects a validly signed sheet whose content is not a sheet the app can read', () => {
    const { rubric: _r, ...noRubric } = content
    const submitWith = (c: object) => tx('e1', [['score_sheets', sheet, 'status', 'submitted'], ['score_sheets', sheet, 'signed_payload', signed(c)]])
    expect(judgeTransaction(submitWith(noRubric), ctx())).toMatchObject({ status: 'rejected', code: 'bad-content', reason: '签名内容无效：字段 rubric 缺少该字段' })
    expect(judgeTransaction(submitWith({ ...content, scores: { i1: { value: '3', na: false } } }), ctx())).toMatchObject({ code: 'bad-content' })
    expect(judgeTransaction(submitWith({ ...content, conclusion: 'maybe' }), ctx())).toMatchObject({ code: 'bad-content' })
  })

  it('defers unknown columns and holds changes stamped more than 24 h ahead', () => {
    expect(judgeTransaction(tx('secretariat', [['projects', 'p', 'colour', 'red']]), ctx()).status).toBe('deferred')
    expect(judgeTransaction(tx('secretariat', [['projects', 'p', 'name', 'x']], NOW + 25 * 3600_000), ctx())).toMatchObject({ status: 'held', code: 'future' })
    // A non-owner's change stays rejected however far ahead it is stamped (the final verdict comes first).
    expect(judgeTransaction(tx('e2', [['projects', 'p', 'name', 'x']], NOW + 25 * 3600_000), ctx())).toMatchObject({ status: 'rejected', code: 'not-owner' })
    expect(judgeTransaction(tx('secretariat', [['projects', 'p', 'name', 'x']], NOW + 23 * 3600_000), ctx()).status).toBe('accepted')
  })
})

describe('merge rules', () => {
  it('moves a sheet status forward only, and keeps the first signed payload', () => {
    expect(beats('status-max', { value: '"draft"', hlc: 'b' }, { value: '"submitted"', hlc: 'a' })).toBe(false)
    expect(beats('status-max', { value: '"reopened"', hlc: 'a' }, { value: '"submitted"', hlc: 'b' })).toBe(true)
    expect(winner('first-write', [{ value: 'null', hlc: 'a' }, { value: '{"x":2}', hlc: 'c' }, { value: '{"x":1}', hlc: 'b' }, { value: 'null', hlc: 'd' }])).toEqual({ value: '{"x":1}', hlc: 'b' })
    expect(winner('lww', [{ value: '1', hlc: 'a' }, { value: '2', hlc: 'b' }])?.value).toBe('2')
  })
})

describe('derived package tables', () => {
  it('skips an older peer’s changes to derived tables: the rest of its transaction is judged alone, nothing deferred', () => {
    const mixed = tx('secretariat', [
      ['packages', 'k1', 'sha256', 'ab'],
      ['budget_lines', 'p|r1', 'name', '服务器'],
      ['findings', 'p|finding|x', 'severity', 'fatal']
    ])
    expect(judgeTransaction(mixed, ctx())).toEqual({ status: 'accepted' })
    expect(judgeTransaction(tx('secretariat', [['document_pages', 'd|1', 'text', '……']]), ctx())).toEqual({ status: 'accepted' })
    // …while the replicated part is still judged: an expert may not write the secretariat's package.
    expect(judgeTransaction(tx('e1', [['packages', 'k1', 'sha256', 'ab'], ['budget_lines', 'p|r1', 'name', 'x']]), ctx())).toMatchObject({ status: 'rejected', code: 'not-owner' })
    expect(judgeTransaction(tx('secretariat', [['surveys', 's1', 'name', 'x']]), ctx())).toMatchObject({ status: 'deferred' })
  })
})
