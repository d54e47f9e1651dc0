/** 专家个人评审意见表: one expert's signed sheet for one project, as a Word document. */
import type { FileChild, Paragraph, Table } from 'docx'
import { verifySignedPayloadCached as verifySignedPayload } from './verifyCache'
import type { Cell } from './tables'
import { FigureBook, body, emptyLine, heading1, heading2, makeDocument, numberedFigures, run, subtitle, title } from './blocks'
import { cellStyle, table } from './tables'
import { figuresFor, sheetOf } from './derive'
import { changedLines, expertTableRows } from './figures'
import { groupHeadCells, groupLabelEm, groupRowIndexes, indentOf } from './budgetGroups'
import { portraitBudgetLayout, sizeFlags } from './comparisonLayout'
import type { SheetPayload } from '../../../shared/signing/types'
import type { ExpertOpinionDocInput } from './model'
import { packDocx } from './pack'
import type { BuildReport } from './pack'
import { SIGNATURE_IMAGE, TEXT, formatScore } from './style'
import { verificationBlock } from './verificationBlock'
import { DocumentInputError } from './errors'

export { DocumentInputError }

/** Label/value rows of a facts table; values are figure runs or plain text. */
export function factsTable(rows: [string, Cell][]): Table | Paragraph {
  return table({
    widths: [26, 74],
    aligns: ['center', 'left'],
    header: [],
    rows: rows.map(([label, value]) => [{ children: [label], align: 'center', shade: true }, value])
  })
}

function scoreTable(book: FigureBook, input: ExpertOpinionDocInput): Table | Paragraph {
  const st = cellStyle()
  const rows: Cell[][] = []
  for (const d of input.rubric.dimensions) {
    d.items.forEach((item, i) => {
      const cells: Cell[] = []
      if (i === 0) cells.push({ children: [d.name], rowSpan: d.items.length + 1, align: 'center' })
      cells.push(item.name, formatScore(item.points), { children: [book.run(`score.${item.id}`, st)] })
      rows.push(cells)
    })
    rows.push([{ children: ['小计'], align: 'center' }, formatScore(d.points), { children: [book.run(`dim.${d.id}`, st, { bold: true })] }])
  }
  rows.push([{ children: ['合计'], span: 2, align: 'center', bold: true }, formatScore(input.rubric.totalPoints), { children: [book.run('total', st, { bold: true })] }])
  return table({
    widths: [18, 56, 12, 14],
    aligns: ['center', 'left', 'center', 'center'],
    header: [['评审维度', '评分细则', '分值', '得分']],
    rows
  })
}

/** The figures in the changes table's amount columns. */
const TABLE_AMOUNTS = /^(line\.[^.]+|group\.\d+)\.(submitted|approved)$/

/**
 * The lines the expert changed, with 送审 and 核定 sized to the longest amount; for a sheet signed with the
 * submitted structure, under the groups that hold them, each group a shaded row with its 小计 (审减, and 核增
 * apart, in the reason column). Sheets signed before list the changed lines alone, as they always did.
 */
function changesTable(book: FigureBook, sheet: SheetPayload, changed: SheetPayload['budgetReview']): Table | Paragraph {
  const grouped = expertTableRows(sheet)
  const layout = portraitBudgetLayout(book.figures, TABLE_AMOUNTS, 2, grouped ? groupLabelEm(grouped) : 0, changed.length)
  const sm = layout.style
  const lineRow = (l: { lineId: string; name: string; category: string }, seq: number, depth: number): Cell[] => [
    String(seq),
    depth > 0 ? `${indentOf(depth)}${l.name}` : l.name,
    l.category,
    { children: [book.run(`line.${l.lineId}.submitted`, sm)] },
    { children: [book.run(`line.${l.lineId}.approved`, sm)] },
    { children: [book.run(`line.${l.lineId}.reason`, sm)] }
  ]
  let seq = 0
  const rows: Cell[][] = grouped
    ? grouped.map((r): Cell[] => {
        if (r.kind === 'line') return lineRow(r.line, ++seq, r.depth)
        const g = `group.${r.index}`
        return [
          ...groupHeadCells(book, r, sm),
          { children: ['审减', book.run(`${g}.cut`, sm), ...(book.has(`${g}.increase`) ? ['；核增', book.run(`${g}.increase`, sm)] : [])], shade: true }
        ]
      })
    : changed.map((l, i) => lineRow(l, i + 1, 0))
  return table({
    widths: layout.widths,
    ...sizeFlags(layout.size),
    aligns: ['center', 'left', 'center', 'right', 'right', 'left'],
    header: [['序号', '概算项目', '类别', '送审（万元）', '核定（万元）', book.has('budget.increase') ? '审减（核增）理由' : '审减理由']],
    rows,
    ...(grouped ? { keepWithNext: groupRowIndexes(grouped) } : {})
  })
}

export async function buildExpertOpinionDocx(input: ExpertOpinionDocInput, report?: BuildReport): Promise<Uint8Array> {
  const p = input.payload
  if (p.kind !== 'expert-sheet') throw new DocumentInputError('专家个人评审意见表只能由专家评审意见表的签名数据生成')
  const check = verifySignedPayload(p, input.registeredFingerprint !== undefined ? { registeredFingerprint: input.registeredFingerprint } : undefined)
  if (check.status !== 'valid') throw new DocumentInputError(`签名数据未通过验证：${check.reason}`)
  const sheet = sheetOf(p)
  if (sheet.rubric.id !== input.rubric.id || sheet.rubric.version !== input.rubric.version) {
    throw new DocumentInputError('所给评分细则与评审意见表使用的细则不一致')
  }
  const book = new FigureBook(figuresFor('expert-opinion', [p], undefined, input.rubric, undefined))
  const st = cellStyle()
  const B = TEXT.body
  const children: FileChild[] = []
  children.push(title('专家个人评审意见表'))
  children.push(subtitle(`（${sheet.meeting.name}）`), emptyLine())

  let h = 0
  children.push(heading1(++h, '项目基本情况'))
  children.push(
    factsTable([
      ['项目名称', { children: [book.run('project.name', st)] }],
      ['建设单位', sheet.project.ownerUnit],
      ['编制单位', sheet.project.authorUnit],
      ['送审投资（万元）', { children: [book.run('project.investment', st)] }],
      ['评审会议', sheet.meeting.name],
      ['评审地点', sheet.meeting.place]
    ])
  )
  children.push(heading1(++h, '评审专家'))
  children.push(
    factsTable([
      ['姓　　名', { children: [book.run('expert.name', st)] }],
      ['工作单位', { children: [book.run('expert.unit', st)] }],
      ['职　　称', sheet.expert.title],
      ['专　　业', sheet.expert.specialty]
    ])
  )
  children.push(heading1(++h, '评分'))
  children.push(scoreTable(book, input))

  children.push(heading1(++h, '评审意见'))
  input.rubric.dimensions.forEach((d, i) => {
    children.push(heading2(i + 1, d.name))
    let n = 1
    while (book.has(`opinion.${d.id}.${n}`)) {
      children.push(body([book.run(`opinion.${d.id}.${n}`, B)]))
      n++
    }
    if (n === 1) children.push(body(['无。']))
  })
  children.push(heading1(++h, '主要问题'))
  children.push(...numberedFigures(book, 'problem', sheet.mainProblems.length))
  children.push(heading1(++h, '修改建议'))
  children.push(...numberedFigures(book, 'suggestion', sheet.suggestions.length))

  children.push(heading1(++h, '投资概算审核'))
  children.push(
    body([
      '送审概算合计',
      book.run('budget.submitted', B),
      '万元',
      ...(book.has('budget.declaredDiff') ? ['（较申报的送审投资', book.run('budget.declaredDiff', B), '万元，本人核定以概算明细为准）'] : []),
      '，本人核定',
      book.run('budget.approved', B),
      '万元，审减',
      book.run('budget.cut', B),
      '万元，审减率',
      book.run('budget.rate', B),
      ...(book.has('budget.increase') ? ['；核增', book.run('budget.increase', B), '万元（与审减分列）'] : []),
      '。'
    ])
  )
  const changed = changedLines(sheet)
  if (changed.length > 0) children.push(changesTable(book, sheet, changed))
  else children.push(body(['各概算行均按送审金额核定。']))
  children.push(heading1(++h, '回避声明'))
  children.push(body([book.run('declaration', B)]))
  children.push(heading1(h + 1, '评审结论'))
  // The conclusion and the signature block keep together (GB/T 9704: 落款 never alone on a page).
  children.push(body(['评审结论：', book.run('conclusion', TEXT.heading1)], { keepNext: true }))
  if (book.has('conclusion.suggested')) {
    children.push(body(['系统建议结论：', book.run('conclusion.suggested', B)], { keepNext: true }))
    for (let n = 1; book.has(`conclusion.reason.${n}`); n++) {
      children.push(body([...(n === 1 ? ['本人结论不同于建议结论的理由：'] : []), book.run(`conclusion.reason.${n}`, B)], { keepNext: true }))
    }
  }
  children.push(emptyLine(true))

  const sigChildren = input.signatureImage
    ? [book.image(`signatureImage.${sheet.expert.id}`, `${sheet.expert.name}的手写签名图片`, input.signatureImage, SIGNATURE_IMAGE.widthMm, SIGNATURE_IMAGE.heightMm)]
    : [run('　　　　　　', B)]
  children.push(body(['评审专家（签名）：', ...sigChildren, '　', book.run('expert.name', B)], { align: 'right', rightIndent: true, auto: true, keepNext: true }))
  children.push(body([book.run('date', B)], { align: 'right', rightIndent: true }))
  children.push(emptyLine())
  children.push(...(await verificationBlock(book, [p], p.digest, '本意见表内容摘要')))

  const doc = makeDocument({ title: `专家个人评审意见表-${sheet.project.name}-${sheet.expert.name}`, subject: sheet.project.name }, children)
  return packDocx(
    doc,
    { kind: 'expert-opinion', payloads: [{ role: 'source', payload: p }], rubric: input.rubric, figures: book.shownLater(), images: book.images, ...(input.charter ? { charter: input.charter } : {}) },
    report
  )
}
