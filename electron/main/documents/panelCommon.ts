/** What the three panel-level builders share: checking their input and collecting the signed payloads. */
import type { FileChild } from 'docx'
import type { SheetPayload, SignedPayload } from '../../../shared/signing/types'
import type { FigureBook } from './blocks'
import type { Cell } from './tables'
import { body, run } from './blocks'
import { cellStyle, table } from './tables'
import { SIGNATURE_IMAGE, TEXT } from './style'
import { verifySignedPayloadCached as verifySignedPayload } from './verifyCache'
import type { FigureMap } from './figures'
import { combinedDigest } from './figures'
import type { DocumentKind } from './figures'
import { canonicalOpinion, figuresFor, sheetOf } from './derive'
import type { EmbeddedData, EmbeddedPayload } from './embed'
import type { PanelDocBase } from './model'
import { DocumentInputError } from './errors'

export interface PreparedPanel {
  figures: FigureMap
  payloads: EmbeddedPayload[]
  signed: SignedPayload[]
  qrDigest: string
  qrLabel: string
  embed: Omit<EmbeddedData, 'bodyTextDigest' | 'generator' | 'figures' | 'images'>
}

/**
 * Checks a panel-level input: every source is a valid expert sheet of the project, and a 组长 signature (if
 * any) covers exactly the opinion shown. Throws DocumentInputError otherwise.
 */
export function preparePanel(kind: DocumentKind, input: PanelDocBase): PreparedPanel {
  if (input.sources.length === 0) throw new DocumentInputError('没有专家签名的评审意见表')
  for (const p of input.sources) {
    if (p.kind !== 'expert-sheet') throw new DocumentInputError('专家组文档的来源必须是专家评审意见表')
    const r = verifySignedPayload(p)
    if (r.status !== 'valid') throw new DocumentInputError(`${p.signer.name}的评审意见表签名未通过验证：${r.reason}`)
    if (sheetOf(p).project.id !== input.opinion.project.id) throw new DocumentInputError(`${p.signer.name}的评审意见表不属于该项目`)
  }
  const leader = input.leaderPayload
  if (leader) {
    if (leader.kind !== 'panel-opinion') throw new DocumentInputError('组长签名的内容不是专家组意见')
    const r = verifySignedPayload(leader)
    if (r.status !== 'valid') throw new DocumentInputError(`组长签名未通过验证：${r.reason}`)
    if (leader.canonical !== canonicalOpinion(input.opinion)) throw new DocumentInputError('组长签名的专家组意见与要生成的意见不一致')
  } else if (!input.derivation) {
    throw new DocumentInputError('专家组意见既无组长签名，也未说明由哪些评审意见表如何汇总')
  }
  const signed = leader ? [...input.sources, leader] : [...input.sources]
  const payloads: EmbeddedPayload[] = [
    ...input.sources.map((payload) => ({ role: 'source' as const, payload })),
    ...(leader ? [{ role: 'leader' as const, payload: leader }] : [])
  ]
  return {
    figures: figuresFor(kind, input.sources, leader, input.rubric, input.opinion),
    payloads,
    signed,
    qrDigest: leader ? leader.digest : combinedDigest(input.sources),
    qrLabel: leader ? '专家组意见内容摘要' : '各专家意见表的汇总摘要',
    embed: { kind, payloads, rubric: input.rubric, opinion: input.opinion, derivation: input.derivation, ...(input.charter ? { charter: input.charter } : {}) }
  }
}

/**
 * 专家签字 lines under a panel table (评分汇总表, 概算审核对比表): each expert's name, unit and signature image
 * (or a blank to sign by hand), kept together on one page with its heading.
 */
export function expertSignLines(book: FigureBook, sheets: readonly SheetPayload[], images: Record<string, Uint8Array> | undefined, landscape = false): FileChild[] {
  const st = cellStyle('small')
  return [
    body([run('专家签字', TEXT.heading1)], { indent: false, keepNext: true }),
    table({
      widths: [8, 16, 46, 30],
      small: true,
      landscape,
      keepTogether: true,
      aligns: ['center', 'center', 'left', 'center'],
      header: [['序号', '姓名', '工作单位', '签名']],
      rows: sheets.map((s, i): Cell[] => {
        const img = images?.[s.expert.id]
        return [
          String(i + 1),
          { children: [book.run(`expert.${s.expert.id}.name`, st)] },
          s.expert.unit,
          { children: img ? [book.image(`signatureImage.${s.expert.id}`, `${s.expert.name}的手写签名图片`, img, SIGNATURE_IMAGE.widthMm, SIGNATURE_IMAGE.heightMm)] : [''] }
        ]
      })
    })
  ]
}
