/** 评分汇总表: experts × dimensions and totals for one project, naming the merge method. */
import type { FileChild } from 'docx'
import type { Cell } from './tables'
import { FigureBook, body, emptyLine, makeDocument, subtitle, title } from './blocks'
import { cellStyle, table } from './tables'
import { sheetOf } from './derive'
import type { ScoreSummaryDocInput } from './model'
import { packDocx } from './pack'
import type { BuildReport } from './pack'
import { expertSignLines, preparePanel } from './panelCommon'
import { scoreChartImages } from './chartImage'
import { CHART_IMAGE, TEXT, formatDate, formatScore } from './style'
import { verificationBlock } from './verificationBlock'

/** Dimensions that still fit a portrait 评分汇总表. */
export const WIDE_TABLE_DIMENSIONS = 5

export async function buildScoreSummaryDocx(input: ScoreSummaryDocInput, report?: BuildReport): Promise<Uint8Array> {
  const prepared = preparePanel('score-summary', input)
  const book = new FigureBook(prepared.figures)
  const o = input.opinion
  const sheets = input.sources.map(sheetOf)
  const B = TEXT.body
  const st = cellStyle('small')
  const children: FileChild[] = [title('评分汇总表'), subtitle(`（${o.meeting.name}）`), emptyLine()]
  children.push(body(['项目名称：', book.run('project.name', B)], { indent: false }))
  children.push(body([`评审日期：${formatDate(o.meeting.date)}\u3000\u3000评分细则：${o.rubric.name}`], { indent: false }))

  const dims = o.dimensions
  // More than five dimensions do not fit the portrait width at 小四: the page turns (and everything with it).
  const landscape = dims.length > WIDE_TABLE_DIMENSIONS
  const header: Cell[][] = [['序号', '专家', ...dims.map((d) => `${d.name}\n（${formatScore(d.points)}分）`), `总分\n（${formatScore(o.totalPoints)}分）`, '评审结论']]
  const rows: Cell[][] = sheets.map((s, i) => [
    String(i + 1),
    { children: [book.run(`expert.${s.expert.id}.name`, st)] },
    ...dims.map((d): Cell => ({ children: [book.run(`expert.${s.expert.id}.dim.${d.dimensionId}`, st)] })),
    { children: [book.run(`expert.${s.expert.id}.total`, st, { bold: true })] },
    { children: [book.run(`expert.${s.expert.id}.conclusion`, st)] }
  ])
  rows.push([
    { children: ['专家组'], span: 2, align: 'center', shade: true, bold: true },
    ...dims.map((d): Cell => ({ children: [book.run(`dim.${d.dimensionId}`, st, { bold: true })], shade: true })),
    { children: [book.run('total', st, { bold: true })], shade: true },
    { children: [book.run('conclusion', st, { bold: true })], shade: true }
  ])
  children.push(
    table({
      widths: [6, 10, ...dims.map(() => 11), 10, 19],
      small: true,
      landscape,
      aligns: ['center', 'center', ...dims.map(() => 'center' as const), 'center', 'center'],
      header,
      rows
    })
  )
  children.push(body(['注：专家组得分的汇总方法为', book.run('mergeMethod', B), `；共${sheets.length}名专家独立评分，各专家评分以其签名的评审意见表为准。`]))
  // The chart (issue 7): SVG with a PNG fallback (the same SVG rasterised), across the text block; its two hashes
  // are verified like the signature images.
  const chart = await scoreChartImages(o, sheets, input.chartRenderer)
  const widthMm = CHART_IMAGE.widthMm
  children.push(body([book.svgImage('chart', '评分图', chart.svg, chart.png, widthMm, Math.round(widthMm * CHART_IMAGE.aspect * 10) / 10, chart.renderer)], { indent: false, align: 'center', auto: true, keepNext: true }))
  children.push(
    body(
      [
        '图：各维度评分。圆点为各专家评分，折线为专家组得分，横轴为评分维度（括号内为满分）。'
      ],
      { indent: false }
    )
  )
  children.push(...expertSignLines(book, sheets, input.signatureImages, landscape))
  children.push(emptyLine())
  children.push(...(await verificationBlock(book, prepared.signed, prepared.qrDigest, prepared.qrLabel, landscape)))
  const doc = makeDocument({ title: `评分汇总表-${o.project.name}`, subject: o.project.name, landscape }, children)
  return packDocx(doc, { ...prepared.embed, figures: book.shownLater(), images: book.images }, report)
}
