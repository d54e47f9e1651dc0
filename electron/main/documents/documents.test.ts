import { beforeAll, describe, expect, it } from 'vitest'
import { unzipSync } from 'fflate'
import { buildAll, figuresOf, part } from '../../../tests/kits/documents/testUtil'
import type { Built } from '../../../tests/kits/documents/testUtil'
import { readEmbedded } from './embed'
import { readDocxView } from './docxRead'
import { GRID, PAGE_TWIPS, formatAmount, formatDate, formatDateTime, formatPercent, formatScore, mmToTwip } from './style'
import { mergeValues, majorityConclusion, panelOpinionFromSheets } from './model'
import { sheetOf } from './derive'
import { buildExpertOpinionDocx } from './expertOpinion'
import { DocumentInputError } from './errors'
import { signPayload } from '../../../shared/signing/envelope'
import { buildPanelOpinionDocx } from './panelOpinion'

let b: Built
beforeAll(async () => {
  b = await buildAll({ experts: 9 })
})

const count = (s: string, re: RegExp): number => (s.match(re) ?? []).length
/** Asserts a pattern on a (large) XML part without printing the whole part on failure. */
function expectXml(xml: string, re: RegExp): void {
  expect(re.test(xml), `pattern ${re} not found`).toBe(true)
}

describe('style values', () => {
  it('computes twips by rounding, not flooring', () => {
    expect(mmToTwip(37)).toBe(2098)
    expect(mmToTwip(35)).toBe(1984)
    expect(mmToTwip(28)).toBe(1587)
    expect(mmToTwip(26)).toBe(1474)
    expect(PAGE_TWIPS.width).toBe(11906)
    expect(PAGE_TWIPS.height).toBe(16838)
  })
  it('fits 22 lines and 28 characters', async () => {
    const textHeight = PAGE_TWIPS.height - PAGE_TWIPS.top - PAGE_TWIPS.bottom
    const textWidth = PAGE_TWIPS.width - PAGE_TWIPS.left - PAGE_TWIPS.right
    expect(GRID.linePitch).toBe(579)
    expect(Math.floor(textHeight / GRID.linePitch)).toBe(22)
    expect(Math.floor(textWidth / (320 + GRID.charSpacing))).toBe(28)
  })
  it('formats amounts, percentages, scores and dates', () => {
    expect(formatAmount(1234567.891)).toBe('1,234,567.89')
    expect(formatAmount(0)).toBe('0.00')
    expect(formatAmount(-0.001)).toBe('0.00')
    expect(formatAmount(18.6)).toBe('18.60')
    expect(formatPercent(115.4 / 1191.8)).toBe('9.68%')
    expect(formatScore(7.5)).toBe('7.5')
    expect(formatScore(80 / 3)).toBe('26.67')
    expect(formatScore(8)).toBe('8')
    expect(formatDate('2026-11-26')).toBe('2026年11月26日')
    expect(formatDate('2026-11-25T17:30:00.000Z')).toBe('2026年11月26日') // UTC+8
    expect(formatDateTime('2026-11-26T06:05:00.000Z')).toBe('2026年11月26日 14:05')
  })
})

describe('merging', () => {
  it('mean, trimmed mean and median', () => {
    expect(mergeValues([1, 2, 3, 4, 100], 'mean')).toBe(22)
    expect(mergeValues([1, 2, 3, 4, 100], 'trimmed-mean')).toBe(3)
    expect(mergeValues([1, 2, 3, 4], 'trimmed-mean')).toBe(2.5) // fewer than 5: plain mean
    expect(mergeValues([5, 1, 3], 'median')).toBe(3)
    expect(mergeValues([4, 1, 3, 2], 'median')).toBe(2.5)
  })
  it('majority conclusion, ties to the more conservative', () => {
    expect(majorityConclusion(['pass', 'pass', 'revise'])).toBe('pass')
    expect(majorityConclusion(['pass', 'revise', 'reject'])).toBe('reject')
    expect(majorityConclusion(['pass', 'revise'])).toBe('revise')
  })
  it('makes the panel opinion from the sheets: mean scores, median 核定, dissent', () => {
    const { sources, rubric, experts } = b.fixture
    const o = panelOpinionFromSheets(sources, rubric, { leaderId: experts[0]!.id, mergeMethod: 'mean', budgetMergeMethod: 'median' })
    const sheets = sources.map(sheetOf)
    const meanTotal = sheets.reduce((s, x) => s + x.total, 0) / sheets.length
    expect(o.total).toBeCloseTo(meanTotal, 2)
    const line = o.budget.lines.find((l) => l.category === '硬件购置')!
    expect(line.approvedAmount).toBe(0)
    expect(line.reason).toBe('第三条排除')
    const sum = o.budget.lines.reduce((s, l) => s + l.approvedAmount, 0)
    expect(o.budget.approvedTotal).toBeCloseTo(sum, 2)
    expect(o.dissent.map((d) => d.name)).toEqual([experts[8]!.name])
    expect(o.conclusion).toBe('revise')
    expect(o.members.filter((m) => m.leader).map((m) => m.name)).toEqual([experts[0]!.name])
  })
})

describe('专家个人评审意见表', () => {
  it('has the GB/T 9704 page: A4, margins 37/35/28/26 mm in twips, line grid, page numbers odd right/even left', () => {
    const doc = part(b.expert, 'word/document.xml')
    expectXml(doc, /<w:pgSz w:w="11906" w:h="16838"/)
    expectXml(doc, /<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/)
    expectXml(doc, /<w:docGrid w:type="lines" w:linePitch="579"\/>/)
    expect(part(b.expert, 'word/settings.xml').includes('<w:evenAndOddHeaders/>')).toBe(true)
    const files = unzipSync(b.expert)
    const footers = Object.keys(files).filter((f) => /^word\/footer\d+\.xml$/.test(f)).map((f) => part(b.expert, f))
    expect(footers).toHaveLength(2)
    for (const f of footers) {
      expect(f).toContain('w:eastAsia="宋体"')
      expect(f).toContain('<w:sz w:val="28"/>')
      expectXml(f, /— <\/w:t>[\s\S]*PAGE[\s\S]*<w:t xml:space="preserve"> —/)
    }
    expect(footers.some((f) => f.includes('<w:jc w:val="right"/>'))).toBe(true)
    expect(footers.some((f) => f.includes('<w:jc w:val="left"/>'))).toBe(true)
  })

  it('sets East Asian fonts with fallbacks: body 3号 仿宋_GB2312, title 2号 小标宋, 一、黑体, （一）楷体', () => {
    const styles = part(b.expert, 'word/styles.xml')
    expectXml(styles, /<w:rPrDefault><w:rPr><w:rFonts [^>]*w:eastAsia="仿宋_GB2312"/)
    expectXml(styles, /<w:rPrDefault>[\s\S]*<w:spacing w:val="-5"\/>[\s\S]*<w:sz w:val="32"\/>/)
    const doc = part(b.expert, 'word/document.xml')
    expectXml(doc, /w:eastAsia="方正小标宋简体"[^>]*\/>(?:<w:b[^>]*\/>)*<w:sz w:val="44"\/>[\s\S]{0,200}专家个人评审意见表/)
    expectXml(doc, /w:eastAsia="黑体"[^>]*\/>(?:<w:b[^>]*\/>)*<w:sz w:val="32"\/>[\s\S]{0,120}一、项目基本情况/)
    expectXml(doc, /w:eastAsia="楷体_GB2312"[^>]*\/>(?:<w:b[^>]*\/>)*<w:sz w:val="32"\/>[\s\S]{0,120}（一）技术方案/)
    const fonts = part(b.expert, 'word/fontTable.xml')
    expect(fonts).toContain('<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/><w:charset w:val="86"/>')
    expect(fonts).toContain('<w:font w:name="仿宋"><w:altName w:val="FangSong"/>')
    expect(fonts).toContain('<w:font w:name="楷体_GB2312"><w:altName w:val="楷体"/>')
    expect(fonts).toContain('<w:font w:name="方正小标宋简体"><w:altName w:val="华文中宋"/>')
  })

  it('shows the sheet: facts, every score, totals, opinions, problems, budget, declaration, conclusion, date', async () => {
    const view = readDocxView(b.expert)
    const text = view.paragraphs.join('\n')
    const sheet = sheetOf(b.fixture.sources[0]!)
    expect(text).toContain('三明市城市运行“一网统管”平台（一期）项目')
    expect(text).toContain(sheet.expert.name)
    for (const d of b.fixture.rubric.dimensions) for (const i of d.items) expect(text).toContain(i.name)
    expect(text).toContain(formatScore(sheet.total))
    expect(text).toContain(sheet.opinions.tech!.split('\n')[0]!)
    expect(text).toContain(sheet.mainProblems[0]!.text)
    expect(text).toContain('修改完善后通过')
    expect(text).toContain('不存在需要回避的情形')
    expect(text).toContain('2026年11月26日')
    expect(text).toContain('送审概算合计1,191.80万元')
    expect(text).toContain('办公电脑及打印机')
    expect(text).toContain('不依赖CA数字证书')
    // Scores shown in the table are the signed ones.
    const data = { figures: await figuresOf(b.expert) }
    for (const [itemId, s] of Object.entries(sheet.scores)) {
      const f = data.figures.find((x) => x.key === `score.${itemId}`)!
      expect(view.bookmarks.get(f.anchors[0]!)).toBe(formatScore(s.value!))
    }
  })

  it('tables repeat their header row and never split a row', async () => {
    const doc = part(b.expert, 'word/document.xml')
    const rows = count(doc, /<w:tr>|<w:tr /g)
    expect(rows).toBeGreaterThan(20)
    expect(count(doc, /<w:cantSplit\/>/g)).toBe(rows)
    expect(count(doc, /<w:tblHeader\/>/g)).toBeGreaterThanOrEqual(3)
  })

  it('places the signature image at about 30×12 mm and a QR code', async () => {
    const doc = part(b.expert, 'word/document.xml')
    const sig = /<wp:extent cx="(\d+)" cy="(\d+)"\/>[\s\S]{0,400}name="_PDIMG1"/.exec(doc)
    expect(sig).not.toBeNull()
    expect(Number(sig![1]) / 36000).toBeCloseTo(30, 0)
    expect(Number(sig![2]) / 36000).toBeCloseTo(12, 0)
    expect(doc.includes('name="PD-QR"')).toBe(true)
    expect(Object.keys(unzipSync(b.expert)).filter((f) => f.startsWith('word/media/'))).toHaveLength(2)
  })

  it('embeds the signed payload as a custom XML part with its properties, relationship and content type', async () => {
    const files = unzipSync(b.expert)
    expect(files['customXml/item1.xml']).toBeDefined()
    expect(part(b.expert, 'customXml/itemProps1.xml')).toContain('urn:paneldesk:document:1')
    expect(part(b.expert, 'customXml/_rels/item1.xml.rels')).toContain('itemProps1.xml')
    expect(part(b.expert, 'word/_rels/document.xml.rels')).toContain('Target="../customXml/item1.xml"')
    expect(part(b.expert, '[Content_Types].xml')).toContain('PartName="/customXml/itemProps1.xml"')
    const data = readEmbedded(files)!
    const p = b.fixture.sources[0]!
    expect(data.kind).toBe('expert-opinion')
    expect(data.payloads).toHaveLength(1)
    expect(data.payloads[0]!.payload).toEqual(p)
    // The figures are not listed in the part (the verifier derives them by regenerating the document).
    expect(data.figures).toEqual([])
    expect(part(b.expert, 'customXml/item1.xml')).not.toContain('<pd:figure ')
    expect((await figuresOf(b.expert)).find((f) => f.key === 'total')!.value).toBe(formatScore(sheetOf(p).total))
    expect(data.images[0]!.key).toBe(`signatureImage.${p.signer.id}`)
  })

  it('refuses a payload signed by a key other than the registered one', async () => {
    const f = b.fixture
    await expect(
      buildExpertOpinionDocx({ payload: f.sources[0]!, rubric: f.rubric, registeredFingerprint: f.experts[1]!.fingerprint })
    ).rejects.toBeInstanceOf(DocumentInputError)
  })
})

describe('专家组评审意见', () => {
  it('has the sections, the line table with totals, the conclusion and the dissent', () => {
    const text = readDocxView(b.panel).paragraphs.join('\n')
    const o = b.fixture.panelInput.opinion
    for (const h of ['一、项目基本情况', '二、评审过程', '三、评审意见', '四、问题与修改建议', '五、投资核定', '六、评审结论', '七、不同意见', '专家签字表', '验证信息']) {
      expect(text).toContain(h)
    }
    expect(text).toContain(`项目送审投资${formatAmount(o.budget.submittedTotal)}万元，专家组核定投资${formatAmount(o.budget.approvedTotal)}万元`)
    expect(o.budget.submittedTotal).toBeCloseTo(1191.8, 2)
    expect(text).toContain(formatPercent(o.budget.cutRate))
    expect(text).toContain(`${b.fixture.experts[8]!.name}专家的评审结论为“同意通过”`)
    expect(text).toContain('专家组评审结论：修改完善后通过')
    expect(text).toContain('算术平均')
  })
  it('lists every member in the 专家签字表 with the 组长 marked and a signature image each', async () => {
    const view = readDocxView(b.panel)
    const data = { ...readEmbedded(view.files)!, figures: await figuresOf(b.panel) }
    const roles = data.figures.filter((f) => /^member\..*\.role$/.test(f.key)).map((f) => f.value)
    expect(roles.filter((r) => r === '组长')).toHaveLength(1)
    expect(roles).toHaveLength(9)
    expect(data.images).toHaveLength(10) // 9 members + the 组长's line under the opinion
    expect(data.payloads.map((p) => p.role)).toEqual([...Array(9).fill('source'), 'leader'])
    for (const img of data.images) expect(view.drawings.get(img.anchor)).toBeInstanceOf(Uint8Array)
  })
  it('refuses a 组长 signature that does not cover the opinion shown', async () => {
    const input = b.fixture.panelInput
    const leader = b.fixture.leader
    const other = signPayload('panel-opinion', { ...input.opinion, conclusion: 'pass' }, leader.privateKey, leader.publicKey, { id: leader.id, name: leader.name }, '2026-11-26T08:30:00Z')
    await expect(buildPanelOpinionDocx({ ...input, leaderPayload: other })).rejects.toThrow('组长签名的专家组意见与要生成的意见不一致')
  })
})

describe('评分汇总表 and 概算审核对比表', () => {
  it('summary: experts × dimensions, merged row, merge method named', async () => {
    const view = readDocxView(b.summary)
    const text = view.paragraphs.join('\n')
    expect(text).toContain('评分汇总表')
    expect(text).toContain('专家组得分的汇总方法为算术平均')
    const data = { figures: await figuresOf(b.summary) }
    const sheets = b.fixture.sources.map(sheetOf)
    for (const s of sheets) {
      const f = data.figures.find((x) => x.key === `expert.${s.expert.id}.total`)!
      expect(view.bookmarks.get(f.anchors[0]!)).toBe(formatScore(s.total))
    }
    const mean = sheets.reduce((a, s) => a + (s.dimensionTotals.tech ?? 0), 0) / sheets.length
    const tech = data.figures.find((x) => x.key === 'dim.tech')!
    expect(view.bookmarks.get(tech.anchors[0]!)).toBe(formatScore(mean))
  })
  it('budget: landscape, each expert a column, category subtotals adding up, overall 审减率', async () => {
    const doc = part(b.budget, 'word/document.xml')
    expectXml(doc, /<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"\/>/)
    const view = readDocxView(b.budget)
    const data = { figures: await figuresOf(b.budget) }
    const shown = (key: string): string => view.bookmarks.get(data.figures.find((x) => x.key === key)!.anchors[0]!)!
    const num = (s: string): number => Number(s.replace(/,/g, ''))
    const o = b.fixture.panelInput.opinion
    const cats = data.figures.filter((f) => /^category\.\d+\.submitted$/.test(f.key))
    expect(cats.length).toBeGreaterThan(5)
    const sumCats = cats.reduce((s, f) => s + num(shown(f.key)), 0)
    expect(sumCats).toBeCloseTo(num(shown('budget.submitted')), 2)
    const appr = data.figures.filter((f) => /^category\.\d+\.approved$/.test(f.key)).reduce((s, f) => s + num(shown(f.key)), 0)
    expect(appr).toBeCloseTo(num(shown('budget.approved')), 2)
    expect(shown('budget.rate')).toBe(formatPercent(o.budget.cutRate))
    for (const e of b.fixture.experts) expect(shown(`expert.${e.id}.name`)).toBe(e.name)
    expect(shown(`line.L0006.expert.${b.fixture.experts[0]!.id}`)).toBe('0.00')
  })
})
