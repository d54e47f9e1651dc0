import { beforeAll, describe, expect, it } from 'vitest'
import { strToU8, unzipSync, zipSync } from 'fflate'
import { buildAll, editFigure, editPart } from '../../../tests/kits/documents/testUtil'
import type { Built } from '../../../tests/kits/documents/testUtil'
import { verifyDocx } from './verify'
import { buildExpertOpinionDocx } from './expertOpinion'
import { buildPanelOpinionDocx } from './panelOpinion'
import { sheetOf } from './derive'
import { drawSignaturePng } from './signatureImage'
import { signPayload } from '../../../shared/signing/envelope'
import { generateKeyPair } from '../../../shared/signing/sm'
import { embeddedXml, readEmbedded } from './embed'

let b: Built
let reg: Record<string, string>
beforeAll(async () => {
  b = await buildAll({ experts: 5 })
  reg = b.fixture.registeredFingerprints
})

describe('fresh documents verify', () => {
  it.each(['expert', 'panel', 'summary', 'budget'] as const)('%s: 有效 against the registered fingerprints', async (k) => {
    const r = await verifyDocx(b[k], { registeredFingerprints: reg })
    expect(r.mismatches).toEqual([])
    expect(r.status).toBe('有效')
    expect(r.signatures.every((s) => s.status === 'valid')).toBe(true)
    expect(r.notes).toEqual([])
  })
  it('without registered fingerprints or a charter: 身份未确认 (签名完整，但无法确认签名人身份), never 有效', async () => {
    const r = await verifyDocx(b.expert)
    expect(r.status).toBe('身份未确认')
    expect(r.reason).toContain('签名完整，但无法确认签名人身份')
    expect(r.signatures.every((s) => s.status === 'valid' && s.identity === 'unconfirmed')).toBe(true)
  })
  it('panel documents made from the sheets without a 组长 signature are 无法验证 (the merge is under no signature)', async () => {
    const u = await buildAll({ experts: 3, signLeader: false })
    for (const k of ['panel', 'summary', 'budget'] as const) expect((await verifyDocx(u[k], { registeredFingerprints: u.fixture.registeredFingerprints })).status).toBe('无法验证')
  })
})

describe('tampering is detected and explained', () => {
  it('a changed score in the expert sheet', async () => {
    const sheet = sheetOf(b.fixture.sources[0]!)
    const r = await verifyDocx(await editFigure(b.expert, 'score.tech.arch', '10'), { registeredFingerprints: reg })
    expect(r.status).toBe('已篡改')
    expect(r.mismatches).toContainEqual({ what: '「总体架构与技术路线（依托政务云、复用共性平台）」得分', expected: String(sheet.scores['tech.arch']!.value), found: '10' })
    expect(r.reason).toContain('得分')
  })
  it('a changed total and a changed amount in the panel opinion', async () => {
    let bytes = await editFigure(b.panel, 'total', '95', true)
    bytes = await editFigure(bytes, 'budget.approved', '1,191.80', true)
    const r = await verifyDocx(bytes, { registeredFingerprints: reg })
    expect(r.status).toBe('已篡改')
    expect(r.mismatches.map((m) => m.what)).toEqual(expect.arrayContaining(['专家组总分', '核定投资合计（万元）']))
    expect(r.mismatches.find((m) => m.what === '专家组总分')!.found).toBe('95')
  })
  it('a changed line in the budget comparison table', async () => {
    const r = await verifyDocx(await editFigure(b.budget, 'line.L0006.approved', '18.60'), { registeredFingerprints: reg })
    expect(r.status).toBe('已篡改')
    expect(r.mismatches[0]).toMatchObject({ what: '概算行「办公电脑及打印机」专家组核定金额', expected: '0.00', found: '18.60' })
  })
  it('a changed opinion', async () => {
    const r = await verifyDocx(await editFigure(b.panel, 'opinion.security.1', '安全方案完整，无需修改。'), { registeredFingerprints: reg })
    expect(r.status).toBe('已篡改')
    expect(r.mismatches[0]!.what).toBe('「安全方案」专家组意见第1段')
    expect(r.mismatches[0]!.found).toBe('安全方案完整，无需修改。')
  })
  it('a changed conclusion', async () => {
    const r = await verifyDocx(await editFigure(b.expert, 'conclusion', '同意通过'))
    expect(r.status).toBe('已篡改')
    expect(r.mismatches[0]).toMatchObject({ what: '评审结论', expected: '修改完善后通过', found: '同意通过' })
  })
  it('text added outside the figures (a new sentence in the body)', async () => {
    const bytes = editPart(b.expert, 'word/document.xml', (x) => x.replace('评审结论：</w:t>', '评审结论（经补充）：</w:t>'))
    const r = await verifyDocx(bytes)
    expect(r.status).toBe('已篡改')
    expect(r.mismatches[0]).toMatchObject({ expected: expect.stringContaining('评审结论：'), found: expect.stringContaining('评审结论（经补充）：') })
  })
  it('a removed bookmark changes nothing a reader sees (有效); deleting the figure text does', async () => {
    const bytes = editPart(b.summary, 'word/document.xml', (x) => x.replace(/<w:bookmarkStart w:name="_PD3" w:id="\d+"\/>/, ''))
    expect((await verifyDocx(bytes, { registeredFingerprints: reg })).status).toBe('有效')
    const gone = await editFigure(b.summary, 'total', '')
    expect((await verifyDocx(gone, { registeredFingerprints: reg })).status).toBe('已篡改')
  })
  it('a swapped signature image', async () => {
    const files = unzipSync(b.panel)
    const data = readEmbedded(files)!
    const media = Object.keys(files).filter((f) => f.startsWith('word/media/'))
    // Replace the bytes of every picture except the QR code: the verifier must name the signature.
    const sigs = new Set<string>()
    const doc = new TextDecoder().decode(files['word/document.xml'])
    const rels = new TextDecoder().decode(files['word/_rels/document.xml.rels'])
    for (const img of data.images.slice(0, 1)) {
      const rid = new RegExp(`name="${img.anchor}"[\\s\\S]*?r:embed="([^"]+)"`).exec(doc)![1]!
      const target = new RegExp(`Id="${rid}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="${rid}"`).exec(rels)!
      sigs.add(`word/${target[1] ?? target[2]}`)
    }
    expect(media.length).toBeGreaterThan(1)
    for (const m of sigs) files[m] = new Uint8Array(drawSignaturePng(999))
    const r = await verifyDocx(zipSync(files), { registeredFingerprints: reg })
    expect(r.status).toBe('已篡改')
    expect(r.mismatches[0]!.what).toContain('手写签名图片')
    expect(r.mismatches[0]!.found).toContain('图片已被替换')
  })
  it('a removed signer (a sheet taken out of the embedded data)', async () => {
    const bytes = editPart(b.panel, 'customXml/item1.xml', (x) => x.replace(/<pd:signed role="source"[\s\S]*?<\/pd:signed>/, ''))
    const r = await verifyDocx(bytes, { registeredFingerprints: reg })
    expect(r.status).toBe('已篡改')
    expect(r.mismatches[0]!.what).toBe(`${b.fixture.experts[0]!.name}签名的评审意见表`)
    expect(r.mismatches[0]!.found).toBe('文档中缺少该签名（签名人被移除）')
  })
  it('a panel document without a 组长 signature is never 有效 (its content is under no signature)', async () => {
    const u = await buildAll({ experts: 3, signLeader: false })
    const r = await verifyDocx(u.summary)
    expect(r.status).toBe('无法验证')
    expect(r.reason).toContain('没有组长对专家组意见的签名')
  })
  it('edited signed content in the embedded data (signature no longer matches)', async () => {
    const bytes = editPart(b.expert, 'customXml/item1.xml', (x) => x.replace(/((?:&quot;|")total(?:&quot;|"):)([0-9.]+)/, '$199'))
    const r = await verifyDocx(bytes)
    expect(r.status).toBe('已篡改')
    expect(r.signatures[0]!.status).toBe('tampered')
  })
  it('a re-signed payload with an unregistered key', async () => {
    const f = b.fixture
    const sheet = sheetOf(f.sources[0]!)
    const forged = { ...sheet, total: 99, conclusion: 'pass' as const }
    const k = generateKeyPair()
    const payload = signPayload('expert-sheet', forged, k.privateKey, k.publicKey, f.sources[0]!.signer, sheet.submittedAt)
    const bytes = await buildExpertOpinionDocx({ payload, rubric: f.rubric })
    // Internally consistent, but without the registry (or a charter) its signer is not confirmed: never 有效.
    expect((await verifyDocx(bytes)).status).toBe('身份未确认')
    const r = await verifyDocx(bytes, { registeredFingerprints: reg })
    expect(r.status).toBe('已篡改')
    expect(r.reason).toContain('与会议登记的公钥指纹不符')
  })
  it('a validly signed sheet whose content is malformed (no rubric) is 无法验证 with the reason, never a crash', async () => {
    const f = b.fixture
    const e = f.experts[0]!
    const files = unzipSync(b.expert)
    const data = readEmbedded(files)!
    const { rubric: _dropped, ...noRubric } = sheetOf(f.sources[0]!)
    const payload = signPayload('expert-sheet', noRubric, e.privateKey, e.publicKey, f.sources[0]!.signer, '2026-11-26T09:00:00Z')
    files['customXml/item1.xml'] = strToU8(embeddedXml({ ...data, payloads: data.payloads.map((x) => ({ ...x, payload })) }))
    const r = await verifyDocx(zipSync(files), { registeredFingerprints: reg })
    expect(r.status).toBe('无法验证')
    expect(r.reason).toContain('签名内容无效：字段 rubric 缺少该字段')
  })
  it('a signer who never registered a key', async () => {
    const r = await verifyDocx(b.expert, { registeredFingerprints: {} })
    expect(r.status).toBe('身份未确认')
    expect(r.reason).toContain('签名完整，但无法确认签名人身份')
  })
  it('a 组长 signature by someone who is not the 组长', async () => {
    const f = b.fixture
    const other = f.experts[1]!
    const leaderPayload = signPayload('panel-opinion', f.panelInput.opinion, other.privateKey, other.publicKey, { id: other.id, name: other.name }, '2026-11-26T09:00:00Z')
    const bytes = await buildPanelOpinionDocx({ ...f.panelInput, leaderPayload })
    const r = await verifyDocx(bytes, { registeredFingerprints: reg })
    expect(r.status).toBe('已篡改')
    expect(r.mismatches.some((m) => m.what === '专家组意见签名人')).toBe(true)
  })
  it('files that are not PanelDesk documents are 无法验证', async () => {
    expect((await verifyDocx(strToU8('not a zip'))).status).toBe('无法验证')
    const files = unzipSync(b.expert)
    for (const k of Object.keys(files)) if (k.startsWith('customXml/')) delete files[k]
    const r = await verifyDocx(zipSync(files))
    expect(r.status).toBe('无法验证')
    expect(r.reason).toContain('没有评审台的内嵌签名数据')
  })
})
