/**
 * Issue 14, item 5: a veto makes the suggestion 不予通过; the expert may still decide otherwise, with a reason that is
 * mandatory, kept as typed, and signed with the sheet together with the suggestion and its vetoes.
 */
import { describe, expect, it } from 'vitest'
import { testBackend } from '../../../tests/helpers/backend'
import { readyToScore, rejection, scoreEverything } from '../../../tests/helpers/review'
import type { SignedPayload, SheetPayload } from '../../../shared/signing/types'
import { parseSheetCanonical } from '../../../shared/signing/contentSchema'
import { dispatch } from '../../../shared/api/dispatch'

const PIN = '246810'
const VETO = '第十二条：未满足数据汇聚共享要求的政务信息系统项目不得建设'

/** The demo meeting's second project, ready to score, with a signing key. */
async function readyExpert() {
  const b = await testBackend()
  const [m0] = await b.handlers['meetings.list']({})
  const m = await b.handlers['meetings.get']({ meetingId: m0!.id })
  const p = m.projects[1]!.id
  await readyToScore(b, m.id, p)
  await b.handlers['identity.createKey']({ pin: PIN, pinConfirm: PIN })
  return { b, p }
}

describe('overriding a veto', () => {
  it('needs a reason before submission; the reason, the suggestion and the vetoes are signed', async () => {
    const { b, p } = await readyExpert()
    const findings = b.db().sqlite.prepare('SELECT id FROM findings WHERE project_id = ? AND deleted = 0').all(p) as { id: string }[]
    b.db().sqlite.prepare('UPDATE findings SET veto = ? WHERE id = ?').run(JSON.stringify({ reason: VETO }), findings[0]!.id)
    const s = await b.handlers['sheets.open']({ projectId: p })
    await scoreEverything(b, p, s.sheetId, 0, 'pass')

    const view = await b.handlers['sheets.open']({ projectId: p })
    expect(view).toMatchObject({ suggestedConclusion: 'reject', suggestionVetoes: [VETO], conclusion: 'pass', conclusionReason: '' })
    expect((await b.handlers['sheets.check']({ sheetId: s.sheetId })).problems).toEqual([{ kind: 'conclusion', message: '评审结论与否决项的建议（不予通过）不同，须说明理由' }])
    const refused = await rejection(() => b.handlers['sheets.submit']({ sheetId: s.sheetId, pin: PIN }))
    expect(refused).toMatchObject({ code: 'invalid_input', message: '还不能提交：评审结论与否决项的建议（不予通过）不同，须说明理由' })

    // Whitespace is not a reason; what was typed is kept as typed.
    await b.handlers['sheets.setConclusionReason']({ sheetId: s.sheetId, text: '   ' })
    expect((await b.handlers['sheets.check']({ sheetId: s.sheetId })).problems).toHaveLength(1)
    const reason = '  申报单位在答辩中提交了接入市公共数据汇聚共享平台的方案（补充材料二），数据共享要求已满足。'
    await b.handlers['sheets.setConclusionReason']({ sheetId: s.sheetId, text: reason })
    expect((await b.handlers['sheets.open']({ projectId: p })).conclusionReason).toBe(reason)
    expect((await b.handlers['sheets.check']({ sheetId: s.sheetId })).problems).toEqual([])

    const signed = await b.handlers['sheets.submit']({ sheetId: s.sheetId, pin: PIN })
    expect(signed.check).toMatchObject({ status: 'valid' })
    const row = b.db().sqlite.prepare('SELECT signed_payload FROM score_sheets WHERE id = ?').get(s.sheetId) as { signed_payload: string }
    const payload = JSON.parse(row.signed_payload) as SignedPayload
    const content = JSON.parse(payload.canonical) as SheetPayload
    expect(content.conclusion).toBe('pass')
    expect(content.suggestion).toEqual({ conclusion: 'reject', reasons: [`否决项：${VETO}`], vetoes: [VETO] })
    expect(content.conclusionReason).toBe(reason.trim())
    expect(parseSheetCanonical(payload.canonical).ok).toBe(true)
    // Locked with the sheet.
    expect((await rejection(() => b.handlers['sheets.setConclusionReason']({ sheetId: s.sheetId, text: 'x' }))).code).toBe('conflict')
  })

  it('keeps the reason in the next revision after a reopen, and a reason over 5,000 characters is refused at the field', async () => {
    const { b, p } = await readyExpert()
    const s = await b.handlers['sheets.open']({ projectId: p })
    await scoreEverything(b, p, s.sheetId, 0, 'revise')
    await b.handlers['sheets.setConclusionReason']({ sheetId: s.sheetId, text: '总分虽高，但软件工作量须重新测算。' })
    await b.handlers['sheets.submit']({ sheetId: s.sheetId, pin: PIN })
    await b.handlers['sheets.reopen']({ sheetId: s.sheetId, reason: '补充意见' })
    const s2 = await b.handlers['sheets.open']({ projectId: p })
    expect(s2).toMatchObject({ revision: 2, conclusion: 'revise', conclusionReason: '总分虽高，但软件工作量须重新测算。' })
    const long = await dispatch(b.handlers, 'sheets.setConclusionReason', { sheetId: s2.sheetId, text: 'x'.repeat(5_001) }, () => {})
    expect(long).toMatchObject({ ok: false, error: { code: 'invalid_input', message: '输入无效：text 理由最多 5000 字' } })
  })
})
