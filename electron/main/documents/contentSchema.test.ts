/** The schemas of signed contents (shared/signing/contentSchema.ts) accept what the app signs and refuse the rest. */
import { describe, expect, it } from 'vitest'
import { parsePanelOpinionCanonical, parseSheetContent } from '../../../shared/signing/contentSchema'
import { makeFixture } from '../../../tests/kits/documents/testData'

describe('signed content schemas', () => {
  const f = makeFixture({ experts: 3, budgetLines: 5 })

  it('accept every sheet and the panel opinion the app builds and signs', () => {
    for (const p of f.sources) expect(parseSheetContent(p)).toMatchObject({ ok: true })
    expect(parsePanelOpinionCanonical(f.panelInput.leaderPayload!.canonical)).toMatchObject({ ok: true })
  })

  it('accept a sheet signed with the rule set it was scored under, and an older sheet without it; refuse a malformed one', () => {
    const sheet = JSON.parse(f.sources[0]!.canonical) as Record<string, unknown>
    expect(sheet.ruleSet).toBeUndefined()
    const withRules = (ruleSet: unknown) => parseSheetContent({ ...f.sources[0]!, canonical: JSON.stringify({ ...sheet, ruleSet }) })
    expect(withRules({ version: '2027.01-修订', digest: 'a'.repeat(64) })).toMatchObject({ ok: true })
    expect(withRules({ version: '', digest: 'a'.repeat(64) })).toMatchObject({ ok: false, reason: expect.stringContaining('ruleSet.version') as string })
    expect(withRules({ version: 'x', digest: 'not hex' })).toMatchObject({ ok: false, reason: expect.stringContaining('ruleSet.digest') as string })
  })

  it('refuse a missing or mistyped field with its path, a non-sheet envelope, and text that is not JSON', () => {
    const sheet = JSON.parse(f.sources[0]!.canonical) as Record<string, unknown>
    const bad = (change: Record<string, unknown>) => parseSheetContent({ ...f.sources[0]!, canonical: JSON.stringify({ ...sheet, ...change }) })
    expect(bad({ rubric: undefined })).toEqual({ ok: false, reason: '签名内容无效：字段 rubric 缺少该字段' })
    expect(bad({ budgetReview: [{ lineId: 'x' }] })).toMatchObject({ ok: false, reason: expect.stringContaining('budgetReview.0.') as string })
    expect(bad({ total: '100' })).toEqual({ ok: false, reason: '签名内容无效：字段 total 格式不符' })
    expect(parseSheetContent({ ...f.sources[0]!, kind: 'panel-opinion' })).toMatchObject({ ok: false })
    expect(parseSheetContent({ ...f.sources[0]!, canonical: '{' })).toEqual({ ok: false, reason: '签名内容不是有效的 JSON' })
    const opinion = JSON.parse(f.panelInput.leaderPayload!.canonical) as Record<string, unknown>
    expect(parsePanelOpinionCanonical(JSON.stringify({ ...opinion, sources: null }))).toEqual({ ok: false, reason: '签名内容无效：字段 sources 格式不符' })
  })
})
