/**
 * Issue 14: the 专家个人评审意见表 of an expert who overrode a veto prints the suggestion and the signed reason; the
 * document verifies as 有效 and an edited reason is caught. A sheet whose conclusion follows its suggestion prints
 * neither (earlier documents are unchanged).
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { unzipSync } from 'fflate'
import { buildAll, editFigure, type Built } from '../../../tests/kits/documents/testUtil'
import { signPayload } from '../../../shared/signing/envelope'
import { readDocxView } from './docxRead'
import { sheetOf } from './derive'
import { buildExpertOpinionDocx } from './expertOpinion'
import { verifyDocx } from './verify'

const VETO = '第十二条：未满足数据汇聚共享要求的政务信息系统项目不得建设'
let b: Built
beforeAll(async () => {
  b = await buildAll({ experts: 3 })
})

async function docWith(extra: object): Promise<Uint8Array> {
  const f = b.fixture
  const e = f.experts[0]!
  const sheet = { ...sheetOf(f.sources[0]!), ...extra }
  const payload = signPayload('expert-sheet', sheet, e.privateKey, e.publicKey, f.sources[0]!.signer, f.sources[0]!.signedAt)
  return buildExpertOpinionDocx({ payload, rubric: f.rubric, registeredFingerprint: e.fingerprint })
}

describe('专家个人评审意见表 with an overridden veto', () => {
  it('prints the suggestion with the veto and the reason, verifies, and an edited reason is 已篡改', async () => {
    const bytes = await docWith({ conclusion: 'pass', suggestion: { conclusion: 'reject', reasons: [`否决项：${VETO}`], vetoes: [VETO] }, conclusionReason: '申报单位已补充数据共享接入方案。' })
    const text = readDocxView(unzipSync(bytes)).paragraphs.join('\n')
    expect(text).toContain('评审结论：同意通过')
    expect(text).toContain(`系统建议结论：不予通过（否决项：${VETO}）`)
    expect(text).toContain('本人结论不同于建议结论的理由：申报单位已补充数据共享接入方案。')
    const reg = b.fixture.registeredFingerprints
    const ok = await verifyDocx(bytes, { registeredFingerprints: reg })
    expect(ok.mismatches).toEqual([])
    expect(ok.status).toBe('有效')
    const edited = await editFigure(bytes, 'conclusion.reason.1', '理由已删除')
    expect((await verifyDocx(edited, { registeredFingerprints: reg })).status).toBe('已篡改')
  })

  it('a conclusion that follows its suggestion prints no suggestion line', async () => {
    const sheet = sheetOf(b.fixture.sources[0]!)
    const bytes = await docWith({ suggestion: { conclusion: sheet.conclusion, reasons: ['总分85分'], vetoes: [] }, conclusionReason: '' })
    expect(readDocxView(unzipSync(bytes)).paragraphs.join('\n')).not.toContain('系统建议结论')
  })
})
