/**
 * 概算审核对比表: budget lines × (送审, each expert's 核定, panel 核定, 审减额, reason), with category
 * subtotals and the overall 审减率. Landscape: nine experts need the width.
 */
import type { FileChild } from 'docx'
import type { Cell } from './tables'
import { FigureBook, body, emptyLine, makeDocument, subtitle, title } from './blocks'
import { cellStyle, table } from './tables'
import { sheetOf } from './derive'
import { categorySubtotals } from './figures'
import type { BudgetComparisonDocInput } from './model'
import { MERGE_METHOD_LABELS } from './model'
import { packDocx } from './pack'
import type { BuildReport } from './pack'
import { expertSignLines, preparePanel } from './panelCommon'
import { TEXT } from './style'
import { verificationBlock } from './verificationBlock'

export async function buildBudgetComparisonDocx(input: BudgetComparisonDocInput, report?: BuildReport): Promise<Uint8Array> {
  const prepared = preparePanel('budget-comparison', input)
  const book = new FigureBook(prepared.figures)
  const o = input.opinion
  const sheets = input.sources.map(sheetOf)
  const B = TEXT.body
  const tiny = sheets.length > 5
  const st = cellStyle(tiny ? 'tiny' : 'small')
  const children: FileChild[] = [title('概算审核对比表'), subtitle(`（${o.meeting.name}）`)]
  children.push(body(['项目名称：', book.run('project.name', B), '　　单位：万元'], { indent: false }))

  const expertCols = sheets.map((s): Cell => ({ children: [book.run(`expert.${s.expert.id}.name`, st)] }))
  const header: Cell[][] = [['序号', '概算项目', '送审', ...expertCols, '专家组核定', '审减额', '审减理由']]
  const rows: Cell[][] = []
  const cats = categorySubtotals(o)
  let seq = 0
  cats.forEach((cat, ci) => {
    rows.push([{ children: [`${ci + 1}. ${cat.category}`], span: 3 + sheets.length + 3, shade: true, bold: true, align: 'left' }])
    for (const l of o.budget.lines.filter((x) => x.category === cat.category)) {
      rows.push([
        String(++seq),
        l.name,
        { children: [book.run(`line.${l.lineId}.submitted`, st)] },
        ...sheets.map((s): Cell => ({ children: [book.run(`line.${l.lineId}.expert.${s.expert.id}`, st)] })),
        { children: [book.run(`line.${l.lineId}.approved`, st, { bold: true })] },
        { children: [book.run(`line.${l.lineId}.cut`, st)] },
        { children: [book.run(`line.${l.lineId}.reason`, st)] }
      ])
    }
    rows.push([
      { children: ['小计'], span: 2, align: 'center' },
      { children: [book.run(`category.${ci + 1}.submitted`, st)] },
      { children: [''], span: sheets.length },
      { children: [book.run(`category.${ci + 1}.approved`, st)] },
      { children: [book.run(`category.${ci + 1}.cut`, st)] },
      ''
    ])
  })
  rows.push([
    { children: ['合计'], span: 2, align: 'center', shade: true, bold: true },
    { children: [book.run('budget.submitted', st, { bold: true })], shade: true },
    ...sheets.map((s): Cell => ({ children: [book.run(`expert.${s.expert.id}.approvedTotal`, st)], shade: true })),
    { children: [book.run('budget.approved', st, { bold: true })], shade: true },
    { children: [book.run('budget.cut', st, { bold: true })], shade: true },
    { children: ['审减率', book.run('budget.rate', st, { bold: true })], shade: true }
  ])
  const amountAlign = 'right' as const
  children.push(
    table({
      landscape: true,
      tiny,
      small: !tiny,
      widths: [6, 24, 9, ...sheets.map(() => 9), 10, 9, 16],
      aligns: ['center', 'left', amountAlign, ...sheets.map(() => amountAlign), amountAlign, amountAlign, 'left'],
      header,
      rows
    })
  )
  children.push(
    body([
      `注：专家组核定金额为各专家核定金额的${MERGE_METHOD_LABELS[o.budgetMergeMethod]}（组长另有说明的除外）；专家未调整的概算行按送审金额计入其核定金额。`
    ])
  )
  children.push(...expertSignLines(book, sheets, input.signatureImages, true))
  children.push(emptyLine())
  children.push(...(await verificationBlock(book, prepared.signed, prepared.qrDigest, prepared.qrLabel, true)))
  const doc = makeDocument({ title: `概算审核对比表-${o.project.name}`, subject: o.project.name, landscape: true }, children)
  return packDocx(doc, { ...prepared.embed, figures: book.shown(), images: book.images }, report)
}
