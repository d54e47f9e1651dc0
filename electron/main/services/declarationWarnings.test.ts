/**
 * The unit-match warnings an expert saw when declaring (issue 11, item 8): kept in the declaration row, signed
 * with the sheet, and shown in the secretariat's 分配 matrix — recomputed ones only for old declarations.
 */
import { describe, expect, it } from 'vitest'
import { testBackend } from '../../../tests/helpers/backend'
import { scoreEverything } from '../../../tests/helpers/review'
import type { Backend } from '../backend'
import type { SignedPayload } from '../../../shared/signing/types'
import { verifySignedPayload } from '../../../shared/signing/envelope'

async function demo(b: Backend) {
  const [m] = await b.handlers['meetings.list']({})
  const meeting = await b.handlers['meetings.get']({ meetingId: m!.id })
  const wu = meeting.experts.find((e) => e.name === '吴海峰')!
  return { meeting, wu, conflicted: meeting.projects[0]!.id, clear: meeting.projects[1]!.id }
}

function cellOf(matrix: Awaited<ReturnType<Backend['handlers']['assignments.matrix']>>, projectId: string, expertId: string) {
  return matrix.rows.find((r) => r.projectId === projectId)!.cells.find((c) => c.expertId === expertId)!
}

describe('warnings shown at declaration', () => {
  it('keeps what the expert saw, and the matrix shows it even after the registered units change', async () => {
    const b = await testBackend()
    const { meeting, wu, conflicted } = await demo(b)
    await b.handlers['session.actAs']({ expertId: wu.id })
    const view = await b.handlers['review.conflicts']({ projectId: conflicted })
    const shown = view.conflicts.map((c) => c.description)
    expect(shown).toHaveLength(1)
    expect(shown[0]).toContain('与您的曾任职单位')
    await b.handlers['review.declare']({ projectId: conflicted, kind: 'none', reason: '离职已满五年', shownConflicts: shown })

    const row = b.db().sqlite.prepare('SELECT shown_conflicts FROM declarations WHERE project_id = ? AND expert_id = ?').get(conflicted, wu.id) as { shown_conflicts: string }
    expect(JSON.parse(row.shown_conflicts)).toEqual(shown)
    // Replicated like the rest of the declaration: the field is in the operation log.
    expect(b.db().sqlite.prepare("SELECT value FROM change_log WHERE tbl = 'declarations' AND col = 'shown_conflicts'").get()).toEqual({ value: JSON.stringify(shown) })

    let cell = cellOf(await b.handlers['assignments.matrix']({ meetingId: meeting.id }), conflicted, wu.id)
    expect(cell.declaration?.shownConflicts).toEqual([shown[0]!.replace('您的', '吴海峰的')])
    expect(cell.conflicts).toEqual(cell.declaration?.shownConflicts)

    // The secretariat clears the expert's past units: the recomputed warning goes, what the expert saw stays.
    const e = (await b.handlers['console.get']({ meetingId: meeting.id })).experts.find((x) => x.id === wu.id)!
    await b.handlers['console.updateExpert']({ expertId: wu.id, expert: { name: e.name, unit: e.unit, title: e.title, specialty: e.specialty, phone: e.phone, pastUnits: [] } })
    cell = cellOf(await b.handlers['assignments.matrix']({ meetingId: meeting.id }), conflicted, wu.id)
    expect(cell.conflicts).toEqual([])
    expect(cell.declaration?.shownConflicts).toEqual([shown[0]!.replace('您的', '吴海峰的')])
  })

  it('marks a declaration made before the warnings were kept: the matrix has only recomputed ones', async () => {
    const b = await testBackend()
    const { meeting, wu, conflicted } = await demo(b)
    await b.handlers['session.actAs']({ expertId: wu.id })
    await b.handlers['review.declare']({ projectId: conflicted, kind: 'recuse', reason: '曾在编制单位任职' })
    // As a row written before migration 0028 reads.
    b.db().sqlite.prepare('UPDATE declarations SET shown_conflicts = NULL').run()
    const cell = cellOf(await b.handlers['assignments.matrix']({ meetingId: meeting.id }), conflicted, wu.id)
    expect(cell.declaration).toMatchObject({ kind: 'recuse', shownConflicts: null })
    expect(cell.conflicts).toHaveLength(1)
    expect((await b.handlers['review.conflicts']({ projectId: conflicted })).declaration).not.toHaveProperty('shownConflicts')
  })

  it('signs the warnings shown (none, for a project without a match) with the sheet', async () => {
    const b = await testBackend()
    const { meeting, clear } = await demo(b)
    await b.handlers['review.acceptCommitment']({ meetingId: meeting.id })
    await b.handlers['review.declare']({ projectId: clear, kind: 'none', reason: '', shownConflicts: [] })
    await b.handlers['identity.createKey']({ pin: '246810', pinConfirm: '246810' })
    const s = await b.handlers['sheets.open']({ projectId: clear })
    await scoreEverything(b, clear, s.sheetId, 1, 'revise')
    await b.handlers['sheets.submit']({ sheetId: s.sheetId, pin: '246810' })
    const row = b.db().sqlite.prepare('SELECT signed_payload FROM score_sheets WHERE id = ?').get(s.sheetId) as { signed_payload: string }
    const payload = JSON.parse(row.signed_payload) as SignedPayload
    expect(verifySignedPayload(payload)).toEqual({ status: 'valid' })
    expect(JSON.parse(payload.canonical).declaration).toMatchObject({ kind: 'none', shownConflicts: [] })
  })
})
