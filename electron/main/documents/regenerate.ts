/**
 * The authentic document, made again from nothing but the signed payloads a .docx carries (issue 10): the
 * verifier compares what a reader sees in it with the document handed in, and 恢复签名原文 saves it. Unsigned
 * data of the custom part is used only where the signed content vouches for it: the rubric definition when its
 * SM3 is signed with the sheet, a signature image when its SHA-256 is signed with the expert's sheet. Sheets
 * signed before those digests existed are regenerated with the document's own rubric and images, and the notes
 * say what therefore could not be checked.
 */
import type { SheetPayload, SignedPayload } from '../../../shared/signing/types'
import { rubricDigest } from '../../../shared/signing/envelope'
import { chartRendererOf } from './chartImage'
import type { EmbeddedData } from './embed'
import { sheetOf } from './derive'
import { mergedScoreDifferences } from './figures'
import type { PanelOpinion } from './model'
import { buildExpertOpinionDocx } from './expertOpinion'
import { buildPanelOpinionDocx } from './panelOpinion'
import { buildScoreSummaryDocx } from './scoreSummary'
import { buildBudgetComparisonDocx } from './budgetComparison'
import { buildFollowupOpinionDocx } from './followupOpinion'
import { checkFollowupSignatures } from './followupCheck'
import type { BuildReport } from './pack'

export interface Difference {
  what: string
  expected: string
  found: string
  /** Only the score chart's PNG differs (it is rasterised with the local fonts, so this may be the fonts). */
  chartOnly?: boolean
}

export interface Regeneration {
  /** Builds the authentic document (and reports the figures it shows with their bookmarks). */
  build: (report?: BuildReport) => Promise<Uint8Array>
  /** Differences found while reading the signed data (a removed signer, a changed rubric, a swapped image). */
  differences: Difference[]
  /** What could not be checked (older signatures), in Chinese. */
  notes: string[]
}

const short = (h: string): string => `${h.slice(0, 16)}…`

/** The signature image of one expert the document may show: the picture whose SHA-256 the expert signed. */
function imageFor(
  sheet: SheetPayload,
  data: EmbeddedData,
  pictures: Map<string, Uint8Array>,
  differences: Difference[],
  notes: string[]
): Uint8Array | undefined {
  const signed = sheet.signatureImage
  if (signed === undefined) {
    // Signed before images were signed: the document's own picture, for the eye only.
    notes.push(`${sheet.expert.name}的手写签名图片不在其签名内容中（旧版评审意见表），无法核验，仅供目视`)
    const recorded = data.images.find((i) => i.key === `signatureImage.${sheet.expert.id}` || i.key === `signatureImage.leader.${sheet.expert.id}`)
    return recorded ? pictures.get(recorded.value) : undefined
  }
  if (!signed) return undefined
  const img = pictures.get(signed)
  if (!img) {
    const recorded = data.images.find((i) => i.key.endsWith(`.${sheet.expert.id}`))
    if (recorded) differences.push({ what: `${sheet.expert.name}的手写签名图片`, expected: `签名时的图片（SHA-256 ${short(signed)}）`, found: '文档中的图片已被替换或删除' })
  }
  return img
}

/** The rubric definition the sheets vouch for (the document's own when they carry no digest). */
function checkRubric(data: EmbeddedData, sheets: readonly SheetPayload[], differences: Difference[], notes: string[]): boolean {
  const digests = [...new Set(sheets.map((s) => s.rubric.digest))]
  if (digests.some((d) => d === undefined)) {
    notes.push('评审意见表签名时未包含评分细则摘要（旧版）：文档所列评分维度、细则名称和分值无法核验')
    return true
  }
  const have = rubricDigest(data.rubric)
  if (digests.length === 1 && digests[0] === have) return true
  differences.push({ what: '评分细则（维度、细则名称与分值）', expected: `签名时的评分细则（SM3 ${short(digests[0] ?? '')}）`, found: `文档内嵌的评分细则已被改动（SM3 ${short(have)}）` })
  return false
}

/** What a panel document's opinion names must be exactly the sheets it carries, and the 组长 must sign it. */
function panelChecks(opinion: PanelOpinion, sources: SignedPayload[], leader: SignedPayload, differences: Difference[]): SignedPayload[] {
  const have = new Map(sources.map((p) => [p.digest, p]))
  const used: SignedPayload[] = []
  for (const s of opinion.sources) {
    const p = have.get(s.digest)
    if (p) used.push(p)
    else {
      const m = opinion.members.find((x) => x.expertId === s.signerId)
      differences.push({ what: `${m?.name ?? s.signerId}签名的评审意见表`, expected: `内容摘要 ${short(s.digest)}`, found: '文档中缺少该签名（签名人被移除）' })
    }
  }
  const named = new Set(opinion.sources.map((s) => s.digest))
  for (const p of sources) {
    if (!named.has(p.digest)) differences.push({ what: `${p.signer.name}签名的评审意见表`, expected: '（组长签署的专家组意见未列入）', found: `内容摘要 ${short(p.digest)}` })
  }
  if (!opinion.members.some((m) => m.leader && m.expertId === leader.signer.id)) {
    differences.push({ what: '专家组意见签名人', expected: '专家组组长', found: leader.signer.name })
  }
  for (const [what, expected, found] of mergedScoreDifferences(opinion, used.map(sheetOf))) differences.push({ what, expected, found })
  return used
}

/**
 * How to regenerate a document from its signed payloads (already verified by the caller), or the reason it
 * cannot be done (in Chinese). `pictures` are the document's pictures by SHA-256.
 */
export function planRegeneration(data: EmbeddedData, pictures: Map<string, Uint8Array>): Regeneration | { problem: string; differences?: Difference[] } {
  const differences: Difference[] = []
  const notes: string[] = []
  const sources = data.payloads.filter((p) => p.role === 'source').map((p) => p.payload)
  const leaders = data.payloads.filter((p) => p.role === 'leader').map((p) => p.payload)
  if (data.kind === 'followup-opinion') return planFollowup(data, leaders, sources)
  if (sources.length === 0) return { problem: '文档中没有专家签名的评审意见表' }
  if (sources.some((p) => p.kind !== 'expert-sheet')) return { problem: '文档中的来源签名不是评审意见表' }
  if (data.kind === 'expert-opinion') {
    if (sources.length !== 1 || leaders.length > 0) return { problem: '专家个人评审意见表应只含一份签名' }
    const payload = sources[0]!
    const sheet = sheetOf(payload)
    if (!checkRubric(data, [sheet], differences, notes)) return { problem: '评分细则与签名内容不一致，无法由签名数据重新生成文档', differences }
    const image = imageFor(sheet, data, pictures, differences, notes)
    return {
      differences,
      notes,
      build: (report) => buildExpertOpinionDocx({ payload, rubric: data.rubric, ...(image ? { signatureImage: image } : {}), ...(data.charter ? { charter: data.charter } : {}) }, report)
    }
  }
  if (leaders.length !== 1) {
    return { problem: leaders.length === 0 ? '专家组文档中没有组长对专家组意见的签名：其内容不在任何签名之内，无法核验' : '文档中有多份专家组意见签名' }
  }
  const leader = leaders[0]!
  if (leader.kind !== 'panel-opinion') return { problem: '组长签名的内容不是专家组意见' }
  let opinion: PanelOpinion
  try {
    opinion = JSON.parse(leader.canonical) as PanelOpinion
  } catch {
    return { problem: '组长签名的专家组意见无法读取' }
  }
  if (opinion.format !== 'paneldesk.panel-opinion/1' || !Array.isArray(opinion.sources) || !Array.isArray(opinion.members)) return { problem: '组长签名的内容不是专家组意见' }
  const used = panelChecks(opinion, sources, leader, differences)
  if (used.length !== opinion.sources.length) return { problem: '组长签署的专家组意见所依据的评审意见表不全，无法重新生成文档', differences }
  const images: Record<string, Uint8Array> = {}
  for (const p of used) {
    const img = imageFor(sheetOf(p), data, pictures, differences, notes)
    if (img) images[sheetOf(p).expert.id] = img
  }
  // The 评分图's PNG is drawn by the renderer the document names (chartImage.ts), so older documents still match.
  const chartRenderer = chartRendererOf(data.images.find((i) => i.key === 'chart.png')?.renderer)
  const input = { opinion, sources: used, rubric: data.rubric, leaderPayload: leader, signatureImages: images, chartRenderer, ...(data.charter ? { charter: data.charter } : {}) }
  const build =
    data.kind === 'panel-opinion'
      ? (report?: BuildReport) => buildPanelOpinionDocx(input, report)
      : data.kind === 'score-summary'
        ? (report?: BuildReport) => buildScoreSummaryDocx(input, report)
        : (report?: BuildReport) => buildBudgetComparisonDocx(input, report)
  return { differences, notes, build }
}

/** 专家组复核意见: the 组长's signature (leader) and one per other named re-reviewer (sources), over one opinion. */
function planFollowup(data: EmbeddedData, leaders: SignedPayload[], cosigners: SignedPayload[]): Regeneration | { problem: string; differences?: Difference[] } {
  if (leaders.length !== 1) return { problem: leaders.length === 0 ? '复核意见中没有组长的签名：其内容不在任何签名之内，无法核验' : '文档中有多份组长的复核意见签名' }
  const check = checkFollowupSignatures(leaders[0]!, cosigners)
  if (!check.ok) return { problem: check.problem, differences: check.differences }
  if (check.differences.length > 0) return { problem: '复核意见的签名不全或不一致，无法重新生成文档', differences: check.differences }
  const input = { leader: leaders[0]!, cosigners, ...(data.charter ? { charter: data.charter } : {}) }
  return { differences: [], notes: [], build: (report?: BuildReport) => buildFollowupOpinionDocx(input, report) }
}
