/**
 * 概算审核对比表: budget lines × (送审, each expert's 核定, panel 核定, 审减额, reason), with category
 * subtotals and the overall 审减率. Landscape: nine experts need the width.
 */
import type { FileChild } from 'docx'
import type { Cell } from './tables'
import { FigureBook, body, emptyLine, makeDocument, subtitle, title } from './blocks'
import { cellStyle, table } from './tables'
import { sheetOf } from './derive'
import { categorySubtotals, comparisonExtras } from './figures'
import type { BudgetComparisonDocInput, PanelBudgetLine } from './model'
import { groupedRows, hasGroups, indentOf } from './budgetGroups'
import { MERGE_METHOD_LABELS } from './model'
import { packDocx } from './pack'
import type { BuildReport } from './pack'
import { expertSignLines, preparePanel } from './panelCommon'
import { TEXT } from './style'
import { verificationBlock } from './verificationBlock'
import { TABLE_SIZES, comparisonLayout, sizeFlags } from './comparisonLayout'

export async function buildBudgetComparisonDocx(input: BudgetComparisonDocInput, report?: BuildReport): Promise<Uint8Array> {
  const prepared = preparePanel('budget-comparison', input)
  const book = new FigureBook(prepared.figures)
  const o = input.opinion
  const sheets = input.sources.map(sheetOf)
  const B = TEXT.body
  // 核增 and 价格依据 columns only when some line needs them, so documents made before keep their layout; with
  // them, the smaller type starts at four experts instead of six, so amounts stay on one line.
  const extras = comparisonExtras(o)
  const tiny = sheets.length > 5 || ((extras.increase || extras.cite) && sheets.length > 3)
  // A wide table sizes its amount columns (and, if need be, their type) to the amounts it prints; so does a table
  // with group rows.
  const groups = hasGroups(o) ? groupedRows(o) : null
  const amountCols = 3 + sheets.length + (extras.increase ? 1 : 0)
  const wide = tiny || groups ? comparisonLayout(prepared.figures, amountCols, extras.cite, tiny ? [9, 6.5] : TABLE_SIZES, 0, o.budget.lines.length) : null
  const st = wide ? wide.style : cellStyle('small')
  const children: FileChild[] = [title('概算审核对比表'), subtitle(`（${o.meeting.name}）`)]
  children.push(body(['项目名称：', book.run('project.name', B), '　　单位：万元'], { indent: false }))

  const inc = extras.increase ? 1 : 0
  const cite = extras.cite ? 1 : 0
  const expertCols = sheets.map((s): Cell => ({ children: [book.run(`expert.${s.expert.id}.name`, st)] }))
  const header: Cell[][] = [
    ['序号', '概算项目', '送审', ...expertCols, '专家组核定', '审减额', ...(inc ? ['核增额'] : []), extras.increase ? '审减（核增）理由' : '审减理由', ...(cite ? ['价格依据（来源、日期）'] : [])]
  ]
  const optional = (key: string): Cell => ({ children: book.has(key) ? [book.run(key, st)] : [''] })
  const lineRow = (l: PanelBudgetLine, seq: number, depth: number): Cell[] => [
    String(seq),
    depth > 0 ? `${indentOf(depth)}${l.name}` : l.name,
    { children: [book.run(`line.${l.lineId}.submitted`, st)] },
    ...sheets.map((s): Cell => ({ children: [book.run(`line.${l.lineId}.expert.${s.expert.id}`, st)] })),
    { children: [book.run(`line.${l.lineId}.approved`, st, { bold: true })] },
    { children: [book.run(`line.${l.lineId}.cut`, st)] },
    ...(inc ? [{ children: [book.run(`line.${l.lineId}.increase`, st)] }] : []),
    { children: [book.run(`line.${l.lineId}.reason`, st)] },
    ...(cite ? [optional(`line.${l.lineId}.cite`)] : [])
  ]
  // A subtotal row: `prefix` its label cells, then 送审, the experts' blank columns, 核定, 审减 (, 核增).
  const subtotalRow = (label: Cell, prefix: string, shade: boolean): Cell[] => [
    label,
    { children: [book.run(`${prefix}.submitted`, st, { bold: shade })], shade },
    { children: [''], span: sheets.length, shade },
    { children: [book.run(`${prefix}.approved`, st, { bold: shade })], shade },
    { children: [book.run(`${prefix}.cut`, st, { bold: shade })], shade },
    ...(inc ? [{ children: [book.run(`${prefix}.increase`, st, { bold: shade })], shade }] : []),
    { children: [''], span: 1 + cite, shade }
  ]
  const rows: Cell[][] = []
  // A group's label and 小计 rows stay on the page of the row under them (its first line or nested group).
  const keepWithNext = new Set<number>()
  let seq = 0
  if (groups) {
    // The submitted structure: each group a shaded row carrying its 小计, the lines it holds under it.
    // The label has a row of its own across the table (the 概算项目 column of a wide table is too narrow for
    // "一、工程费用（小计）"), its 小计 the row under it.
    const span = 3 + sheets.length + 3 + inc + cite
    for (const r of groups) {
      if (r.kind === 'line') rows.push(lineRow(r.line, ++seq, r.depth))
      else {
        keepWithNext.add(rows.length).add(rows.length + 1)
        rows.push([{ children: [indentOf(r.depth), book.run(`group.${r.index}.label`, st, { bold: true })], span, shade: true, align: 'left' }])
        rows.push(subtotalRow({ children: [`${indentOf(r.depth)}小计`], span: 2, shade: true, align: 'left' }, `group.${r.index}`, true))
      }
    }
  } else {
    categorySubtotals(o).forEach((cat, ci) => {
      rows.push([{ children: [`${ci + 1}. ${cat.category}`], span: 3 + sheets.length + 3 + inc + cite, shade: true, bold: true, align: 'left' }])
      for (const l of o.budget.lines.filter((x) => x.category === cat.category)) rows.push(lineRow(l, ++seq, 0))
      rows.push(subtotalRow({ children: ['小计'], span: 2, align: 'center' }, `category.${ci + 1}`, false))
    })
  }
  rows.push([
    { children: ['合计'], span: 2, align: 'center', shade: true, bold: true },
    { children: [book.run('budget.submitted', st, { bold: true })], shade: true },
    ...sheets.map((s): Cell => ({ children: [book.run(`expert.${s.expert.id}.approvedTotal`, st)], shade: true })),
    { children: [book.run('budget.approved', st, { bold: true })], shade: true },
    { children: [book.run('budget.cut', st, { bold: true })], shade: true },
    ...(inc ? [{ children: [book.run('budget.increase', st, { bold: true })], shade: true }] : []),
    { children: ['审减率', book.run('budget.rate', st, { bold: true })], shade: true, span: 1 + cite }
  ])
  const amountAlign = 'right' as const
  children.push(
    table({
      landscape: true,
      ...(wide ? sizeFlags(wide.size) : { tiny, mini: false, small: !tiny }),
      // With the extra columns the name and reason give up width, so amounts keep their share of the page.
      widths: wide ? wide.widths : inc || cite ? [5, 15, 11, ...sheets.map(() => 10), 11, 10, ...(inc ? [10] : []), 11, ...(cite ? [12] : [])] : [6, 24, 9, ...sheets.map(() => 9), 10, 9, 16],
      aligns: ['center', 'left', amountAlign, ...sheets.map(() => amountAlign), amountAlign, amountAlign, ...(inc ? [amountAlign] : []), 'left', ...(cite ? ['left' as const] : [])],
      header,
      rows,
      keepWithNext
    })
  )
  children.push(
    body([
      `注：专家组核定金额为各专家核定金额的${MERGE_METHOD_LABELS[o.budgetMergeMethod]}（组长另有说明的除外）；专家未调整的概算行按送审金额计入其核定金额。` +
        (extras.increase ? '核增额为核定高于送审的部分（含专家补列的漏项，其送审为 0），与审减额分列，不相抵。' : '') +
        (extras.cite ? '价格依据为审减理由“单价偏高”所依据的随会参考价的来源和最近日期。' : '')
    ])
  )
  children.push(...expertSignLines(book, sheets, input.signatureImages, true))
  children.push(emptyLine())
  children.push(...(await verificationBlock(book, prepared.signed, prepared.qrDigest, prepared.qrLabel, true)))
  const doc = makeDocument({ title: `概算审核对比表-${o.project.name}`, subject: o.project.name, landscape: true }, children)
  return packDocx(doc, { ...prepared.embed, figures: book.shownLater(), images: book.images }, report)
}
