/** 专家组评审意见: the panel's opinion on one project, with the 专家签字表 (组长 marked) and dissent. */
import type { FileChild, Paragraph } from 'docx'
import { PageBreak } from 'docx'
import type { Inline, TextStyle } from './blocks'
import type { Cell } from './tables'
import { sheetOf } from './derive'
import { FigureBook, body, emptyLine, heading1, heading2, makeDocument, numberedFigures, run, title } from './blocks'
import { cellStyle, table } from './tables'
import { portraitBudgetLayout, sizeFlags } from './comparisonLayout'
import type { PanelBudgetLine, PanelOpinion, PanelOpinionDocInput } from './model'
import { groupHeadCells, groupLabelEm, groupRowIndexes, groupedRows, hasGroups, indentOf } from './budgetGroups'
import { packDocx } from './pack'
import type { BuildReport } from './pack'
import { preparePanel } from './panelCommon'
import { SIGNATURE_IMAGE, TEXT } from './style'
import { verificationBlock } from './verificationBlock'

/** The figures in the 投资核定 table's amount columns. */
const INVESTMENT_AMOUNTS = /^(line\.[^.]+|group\.\d+|budget)\.(submitted|approved|cut)$/

export async function buildPanelOpinionDocx(input: PanelOpinionDocInput, report?: BuildReport): Promise<Uint8Array> {
  const prepared = preparePanel('panel-opinion', input)
  const book = new FigureBook(prepared.figures)
  const o = input.opinion
  const B = TEXT.body
  const children: FileChild[] = []
  children.push(title('专家组评审意见'))

  let h = 0
  children.push(heading1(++h, '项目基本情况'))
  children.push(body(['项目名称：', book.run('project.name', B), '。']))
  children.push(body(['建设单位：', book.run('project.owner', B), '。']))
  children.push(body(['编制单位：', book.run('project.author', B), '。']))
  children.push(body(['送审投资：', book.run('project.investment', B), '万元。']))
  children.push(body(['评审时间：', book.run('meeting.date', B), '；评审地点：', book.run('meeting.place', B), '。']))
  const leader = o.members.find((m) => m.leader)
  children.push(body([`评审专家组：由${o.members.length}名专家组成，${leader ? `${leader.name}任组长` : '组长未指定'}（名单见专家签字表）。`]))

  children.push(heading1(++h, '评审过程'))
  children.push(body([book.run('process', B)]))

  children.push(heading1(++h, '评审意见'))
  children.push(
    body([
      '专家组按第八条从技术方案、安全方案、标准规范、数据开发利用情况和投资概算五个方面进行了评审，综合得分',
      book.run('total', B),
      `分（满分${o.totalPoints}分），分数汇总方法为`,
      book.run('mergeMethod', B),
      '。'
    ])
  )
  o.dimensions.forEach((d, i) => {
    children.push(heading2(i + 1, `${d.name}（${d.points}分）`))
    const paras: Paragraph[] = []
    let n = 1
    while (book.has(`opinion.${d.dimensionId}.${n}`)) {
      paras.push(body([book.run(`opinion.${d.dimensionId}.${n}`, B)]))
      n++
    }
    children.push(body(['专家组得分：', book.run(`dim.${d.dimensionId}`, B), '分。']))
    children.push(...(paras.length ? paras : [body(['无。'])]))
  })

  children.push(heading1(++h, '问题与修改建议'))
  children.push(heading2(1, '主要问题'), ...numberedFigures(book, 'problem', o.problems.length))
  children.push(heading2(2, '修改建议'), ...numberedFigures(book, 'suggestion', o.suggestions.length))

  children.push(heading1(++h, '投资核定'))
  children.push(
    body([
      '项目送审投资',
      book.run('project.investment', B),
      '万元',
      // 送审投资 is one figure everywhere; a line sum that differs is its own explained sentence.
      ...(book.has('budget.declaredDiff')
        ? ['。概算明细各行合计', book.run('budget.submitted', B), '万元，较送审投资', book.run('budget.declaredDiff', B), '万元，以下核定以概算明细为准', '']
        : []),
      '，专家组核定投资',
      book.run('budget.approved', B),
      '万元，审减',
      book.run('budget.cut', B),
      '万元，审减率',
      book.run('budget.rate', B),
      '。'
    ])
  )
  // Each expert's own total 核定 (the panel's figure is their median, or what the 组长 decided).
  const sheets = input.sources.map(sheetOf)
  children.push(
    body([
      '各专家核定投资分别为：',
      ...sheets.flatMap((x, i): Inline[] => [
        ...(i > 0 ? ['；'] : []),
        book.run(`expert.${x.expert.id}.name`, B),
        '\u00a0',
        book.run(`expert.${x.expert.id}.approvedTotal`, B),
        '\u00a0万元'
      ]),
      '。各概算项目核定情况如下表（单位：万元）。'
    ])
  )
  // The amount columns are as wide as the longest amount needs on one line (五号, else 小五 or 小六).
  // A group label with its indent and （小计） stays on one line across 序号, 概算项目 and 类别 where the page allows.
  const layout = portraitBudgetLayout(prepared.figures, INVESTMENT_AMOUNTS, 3, hasGroups(o) ? groupLabelEm(groupedRows(o)) : 0, o.budget.lines.length)
  const sm = layout.style
  children.push(
    table({
      widths: layout.widths,
      ...sizeFlags(layout.size),
      aligns: ['center', 'left', 'center', 'right', 'right', 'right', 'left'],
      header: [['序号', '概算项目', '类别', '送审', '核定', '审减额', '审减理由']],
      rows: [
        ...investmentRows(book, o, sm),
        [
          { children: ['合计'], span: 3, align: 'center', shade: true, bold: true },
          { children: [book.run('budget.submitted', sm, { bold: true })], shade: true },
          { children: [book.run('budget.approved', sm, { bold: true })], shade: true },
          { children: [book.run('budget.cut', sm, { bold: true })], shade: true },
          { children: ['审减率', book.run('budget.rate', sm)], shade: true }
        ]
      ],
      ...(hasGroups(o) ? { keepWithNext: groupRowIndexes(groupedRows(o)) } : {})
    })
  )

  // The conclusion, any dissent and the signature block keep together: the signature never stands alone on a page.
  children.push(heading1(++h, '评审结论'))
  children.push(body(['专家组评审结论：', book.run('conclusion', TEXT.heading1), '。'], { keepNext: true }))
  if (o.dissent.length > 0) {
    children.push(heading1(h + 1, '不同意见'))
    for (const d of o.dissent) children.push(body([book.run(`dissent.${d.expertId}`, B), '，与专家组结论不同，予以记录。'], { keepNext: true }))
  }
  children.push(emptyLine(true))
  const leaderImage = leader ? input.signatureImages[leader.expertId] : undefined
  children.push(
    body(
      [
        '专家组组长（签名）：',
        ...(leader && leaderImage
          ? [book.image(`signatureImage.leader.${leader.expertId}`, `组长${leader.name}的手写签名图片`, leaderImage, SIGNATURE_IMAGE.widthMm, SIGNATURE_IMAGE.heightMm)]
          : [run('　　　　　　', B)])
      ],
      { align: 'right', rightIndent: true, auto: true, keepNext: true }
    )
  )
  children.push(body([book.run('opinion.date', B)], { align: 'right', rightIndent: true }))

  // 专家签字表 on its own page.
  children.push(body([new PageBreak()], { indent: false }))
  children.push(title('专家签字表'))
  children.push(body(['项目名称：', book.run('project.name', B)], { indent: false }))
  const st = cellStyle()
  children.push(
    table({
      widths: [7, 12, 30, 14, 13, 8, 22],
      aligns: ['center', 'center', 'left', 'center', 'center', 'center', 'center'],
      header: [['序号', '姓名', '工作单位', '职称', '专业', '职务', '签名']],
      rows: o.members.map((m, i): Cell[] => {
        const img = input.signatureImages[m.expertId]
        return [
          String(i + 1),
          { children: [book.run(`member.${m.expertId}.name`, st)] },
          m.unit,
          m.title,
          m.specialty,
          { children: [book.run(`member.${m.expertId}.role`, st, { bold: m.leader })] },
          {
            children: img
              ? [book.image(`signatureImage.${m.expertId}`, `${m.name}的手写签名图片`, img, SIGNATURE_IMAGE.widthMm, SIGNATURE_IMAGE.heightMm)]
              : ['']
          }
        ]
      })
    })
  )
  children.push(emptyLine())
  children.push(...(await verificationBlock(book, prepared.signed, prepared.qrDigest, prepared.qrLabel)))

  const doc = makeDocument({ title: `专家组评审意见-${o.project.name}`, subject: o.project.name }, children)
  return packDocx(doc, { ...prepared.embed, figures: book.shownLater(), images: book.images }, report)
}

/**
 * The rows of the 投资核定 table: the lines in signed order, or, when the signed lines carry the submitted
 * structure, each group as a shaded row with its 小计 (amounts in regular weight, so they fit the narrow columns) (审减; 核增 apart, in the reason column) above its lines.
 */
function investmentRows(book: FigureBook, o: PanelOpinion, sm: TextStyle): Cell[][] {
  const lineRow = (l: PanelBudgetLine, seq: number, depth: number): Cell[] => [
    String(seq),
    depth > 0 ? `${indentOf(depth)}${l.name}` : l.name,
    l.category,
    { children: [book.run(`line.${l.lineId}.submitted`, sm)] },
    { children: [book.run(`line.${l.lineId}.approved`, sm)] },
    { children: [book.run(`line.${l.lineId}.cut`, sm)] },
    { children: [book.run(`line.${l.lineId}.reason`, sm)] }
  ]
  if (!hasGroups(o)) return o.budget.lines.map((l, i) => lineRow(l, i + 1, 0))
  let seq = 0
  return groupedRows(o).map((r): Cell[] => {
    if (r.kind === 'line') return lineRow(r.line, ++seq, r.depth)
    const g = `group.${r.index}`
    return [
      ...groupHeadCells(book, r, sm),
      { children: [book.run(`${g}.cut`, sm)], shade: true },
      { children: book.has(`${g}.increase`) ? ['核增', book.run(`${g}.increase`, sm)] : [''], shade: true }
    ]
  })
}
