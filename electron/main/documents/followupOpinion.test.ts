import { describe, expect, it } from 'vitest'
import { makeExperts } from '../../../tests/kits/documents/testData'
import { signFollowup } from '../../../tests/kits/documents/followupData'
import { editFigure } from '../../../tests/kits/documents/testUtil'
import { bodyText, readDocxView, unzipDocx } from './docxRead'
import { readEmbedded } from './embed'
import { buildFollowupOpinionDocx } from './followupOpinion'
import { formatFenAsYuan as formatFenAsYuanForTest } from './followupFigures'
import { restoreDocx, verifyDocx } from './verify'

const experts = makeExperts(3)
const reg = Object.fromEntries(experts.map((e) => [e.id, e.fingerprint]))

describe('专家组复核意见 (the fifth document)', () => {
  it('is built from the signatures, shows the checklist, budget in 元 exact to the 分 and the conclusion, and verifies 有效', async () => {
    const bytes = await buildFollowupOpinionDocx(signFollowup(experts.slice(0, 2)))
    const files = unzipDocx(bytes)
    const text = bodyText(readDocxView(files))
    for (const want of ['专家组复核意见', '整改落实情况', '等保三级测评费用未单列', '已在第五章单列等保测评费', '未落实', '部分落实', '18,600.01', '147,056.01', '仍需修改', '复核专家签字表']) {
      expect(text).toContain(want)
    }
    expect(readEmbedded(files)!.kind).toBe('followup-opinion')
    const r = await verifyDocx(bytes, { registeredFingerprints: reg })
    expect(r.mismatches).toEqual([])
    expect(r.status).toBe('有效')
    expect(r.documentKind).toBe('专家组复核意见')
    expect(r.signatures.map((s) => [s.signerName, s.role])).toEqual([[experts[0]!.name, 'leader'], [experts[1]!.name, 'source']])
  })

  it('a changed verdict is 已篡改, and 恢复签名原文 gives back the signed one', async () => {
    const bytes = await buildFollowupOpinionDocx(signFollowup(experts.slice(0, 2)))
    const edited = await editFigure(bytes, 'item.problem.2.verdict', '已落实')
    const r = await verifyDocx(edited, { registeredFingerprints: reg })
    expect(r.status).toBe('已篡改')
    expect(r.mismatches).toContainEqual({ what: '问题2落实情况', expected: '未落实', found: '已落实' })
    const restored = await restoreDocx(edited)
    expect((await verifyDocx(restored, { registeredFingerprints: reg })).status).toBe('有效')
  })

  it('refuses to build when a named re-reviewer has not signed, or signed something else', async () => {
    const s = signFollowup(experts.slice(0, 3))
    await expect(buildFollowupOpinionDocx({ leader: s.leader, cosigners: s.cosigners.slice(0, 1) })).rejects.toThrow(/签名不全或不一致/)
    const other = signFollowup([experts[0]!, experts[2]!, experts[1]!])
    await expect(buildFollowupOpinionDocx({ leader: s.leader, cosigners: [s.cosigners[0]!, other.cosigners[0]!] })).rejects.toThrow(/签名不全或不一致/)
  })

  it('formats 分 as 元 exactly', () => {
    expect(formatFenAsYuanForTest(1_860_001)).toBe('18,600.01')
    expect(formatFenAsYuanForTest(-5)).toBe('-0.05')
    expect(formatFenAsYuanForTest(900_719_925_474_099)).toBe('9,007,199,254,740.99')
  })
})
