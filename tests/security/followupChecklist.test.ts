/**
 * Attacks on the 整改落实 checklist (issue 12): an expert's device that writes a verdict row itself (to mark its own
 * point 已落实) is rejected on every replica; a hostile 修改说明 in a 修改稿 (a file that is not what its name says,
 * a table far past the bound, a section of endless numbered lines) neither crashes nor hangs, and says why; a
 * sheet edited after signing cannot credit an expert with a point.
 */
import { describe, expect, it } from 'vitest'
import type { ParsedPackage } from '../../electron/main/packages/readPackage'
import { MAX_RESPONSE_ROWS, readResponseNotes } from '../../electron/main/packages/responseNotes'
import { MAX_RESPONSE_ITEMS } from '../../shared/domain/revision/checklist'
import type { Change } from '../../shared/sync/change'
import { encodeHlc } from '../../shared/sync/hlc'
import { REPLICATED_TABLES } from '../../shared/sync/tables'
import { testBackend } from '../helpers/backend'
import { tempDir } from '../helpers/tmp'
import { seedSignedMeeting } from '../kits/documents/testDb'
import { signApprovalOpinion } from '../kits/revision/approval'
import { importRevisionPair } from '../kits/revision/importPair'
import { writeRevisionPair } from '../kits/revision/packages'
import { judgeTransaction, type Registry } from '../../shared/sync/verdict'

const NOW = Date.UTC(2026, 11, 6)
function tx(author: string, cells: [string, string, string, unknown][]): Change[] {
  return cells.map(([tbl, rowId, col, v], i) => ({
    origin: 'o', seq: i + 1, tx: 1, txEnd: cells.length, hlc: encodeHlc({ ms: NOW, counter: i + 1, origin: 'o' }), author, tbl, rowId, col, value: JSON.stringify(v)
  }))
}
const ctx = { nowMs: NOW, registry: REPLICATED_TABLES as unknown as Registry, fingerprintsOf: () => [], isReopened: () => false }

const pkg = (files: { path: string; bytes: Uint8Array }[], pages: string[] = []) =>
  ({ files: files.map((f) => ({ ...f, size: f.bytes.length, sha256: '' })), documents: [{ path: 'docs/main.pdf', title: '可研暨初设方案', role: 'main', format: 'pdf', pageCount: pages.length, pages }] }) as unknown as ParsedPackage

describe('整改落实 checklist under attack', () => {
  it('an expert who writes a checklist row (a verdict on their own point) is rejected; the secretariat’s is accepted', () => {
    const cells: [string, string, string, unknown][] = [
      ['followup_items', 'v1:problem:1', 'version_id', 'v1'],
      ['followup_items', 'v1:problem:1', 'verdict', 'done'],
      ['followup_items', 'v1:problem:1', 'reviewer_id', 'e1']
    ]
    expect(judgeTransaction(tx('e1', cells), ctx)).toMatchObject({ status: 'rejected' })
    expect(judgeTransaction(tx('secretariat', cells), ctx)).toMatchObject({ status: 'accepted' })
  })

  it('a 修改说明 table that is not a spreadsheet, or far past the row bound, is reported in Chinese, not read', async () => {
    const fake = await readResponseNotes(pkg([{ path: '修改说明.xlsx', bytes: new TextEncoder().encode('<html>not a workbook</html>') }]))
    expect(fake.source.kind).toBe('none')
    expect(fake.source.note).toMatch(/^修改说明表无法读取：/)
    const huge = ['序号,专家意见,修改情况', ...Array.from({ length: 60_000 }, (_, i) => `${i + 1},意见${i},已修改`)].join('\n')
    const started = Date.now()
    const big = await readResponseNotes(pkg([{ path: 'docs/修改说明.csv', bytes: new TextEncoder().encode(huge) }]))
    expect(big.source.note).toMatch(/无法读取|超过/)
    expect(big.items.length).toBeLessThanOrEqual(MAX_RESPONSE_ROWS)
    expect(Date.now() - started).toBeLessThan(10_000)
  })

  it('a 修改说明 section of endless numbered lines stays within the item bound; a main document without the heading gives no answers', async () => {
    const endless = `修改说明\n${Array.from({ length: 50_000 }, (_, i) => `${(i % 900) + 1}、答复：${'长'.repeat(50)}`).join('\n')}`
    const notes = await readResponseNotes(pkg([], [endless]))
    expect(notes.source.kind).toBe('section')
    expect(notes.items.length).toBeLessThanOrEqual(MAX_RESPONSE_ITEMS)
    const none = await readResponseNotes(pkg([], ['第一章 概述\n1、建设目标：很多编号的行。']))
    expect(none).toEqual({ source: { kind: 'none', path: '', note: expect.stringMatching(/没有找到修改说明/) }, items: [] })
  })
})

describe('who raised a point cannot be forged', () => {
  it('a stored sheet edited after signing (to credit another expert with a point) is not read', async () => {
    const b = await testBackend({ seedDemo: false })
    const seeded = seedSignedMeeting(b.db(), { projects: 1, experts: 3, leaderSigns: false })
    const projectId = seeded.projectIds[0] as string
    const pair = await writeRevisionPair(tempDir('fl-attack'))
    const versionId = await importRevisionPair(b, seeded.meetingId, projectId, pair)
    signApprovalOpinion(b.db(), seeded.meetingId, projectId, seeded.experts[0]!)
    const s = b.db().sqlite
    // Expert 3 did not raise 问题2; the stored sheet is edited to say so, keeping its digest field.
    const row = s.prepare("SELECT id, signed_payload FROM score_sheets WHERE expert_id = ?").get(seeded.experts[2]!.id) as { id: string; signed_payload: string }
    const payload = JSON.parse(row.signed_payload) as { canonical: string }
    const content = JSON.parse(payload.canonical) as { mainProblems: { id: string; text: string }[] }
    content.mainProblems.push({ id: 'forged', text: '知识库系统工作量偏高。' })
    payload.canonical = JSON.stringify(content)
    s.prepare('UPDATE score_sheets SET signed_payload = ? WHERE id = ?').run(JSON.stringify(payload), row.id)
    const view = await b.handlers['versions.checklist']({ versionId })
    expect(view.rows[1]!.authors).toEqual([])
    expect(view.rows[0]!.authors).toEqual([seeded.experts[0]!.name, seeded.experts[1]!.name])
  })
})
