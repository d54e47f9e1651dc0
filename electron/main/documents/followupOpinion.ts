/**
 * 专家组复核意见 (issue 12, item 4): the fifth document. The 整改落实 checklist (point, raised by, the 建设单位's
 * answer, verdict, note), the budget after re-review (核定 vs 修改稿 in 元, exact to the 分), and the conclusion, signed
 * by the 组长 and every named re-reviewer. Made from the signed contents alone (followupFigures.ts), so the verifier
 * regenerates it exactly like the other four.
 */
import type { FileChild } from 'docx'
import { PageBreak } from 'docx'
import type { RubricDefinition } from '../../../shared/domain/rubric'
import type { SignedPayload } from '../../../shared/signing/types'
import { FigureBook, body, emptyLine, heading1, makeDocument, title } from './blocks'
import type { SignedCharter } from './charter'
import { DocumentInputError } from './errors'
import { checkFollowupSignatures } from './followupCheck'
import { POINT_LABEL, followupFigures } from './followupFigures'
import { packDocx, type BuildReport } from './pack'
import type { Cell } from './tables'
import { cellStyle, table } from './tables'
import { TEXT } from './style'
import { verificationBlock } from './verificationBlock'
import { verifySignedPayloadCached as verifySignedPayload } from './verifyCache'

export interface FollowupDocInput {
  /** The 组长's signature over the 复核意见. */
  leader: SignedPayload
  /** One signature per other named re-reviewer, over the same 复核意见. */
  cosigners: SignedPayload[]
  charter?: SignedCharter
}

/** No rubric is shown: the embedded part carries an empty one. */
const NO_RUBRIC = { id: '', version: 0, name: '', dimensions: [] } as unknown as RubricDefinition

export async function buildFollowupOpinionDocx(input: FollowupDocInput, report?: BuildReport): Promise<Uint8Array> {
  for (const p of [input.leader, ...input.cosigners]) {
    const r = verifySignedPayload(p)
    if (r.status !== 'valid') throw new DocumentInputError(`${p.signer.name}的复核意见签名未通过验证：${r.reason}`)
  }
  const check = checkFollowupSignatures(input.leader, input.cosigners)
  if (!check.ok) throw new DocumentInputError(check.problem)
  if (check.differences.length > 0) throw new DocumentInputError(`复核意见的签名不全或不一致：${check.differences[0]!.what}`)
  const o = check.opinion
  // The signatures in the order of the reviewers list (组长 first).
  const order = new Map(o.reviewers.map((r, i) => [r.expertId, i]))
  const signed = [input.leader, ...[...input.cosigners].sort((a, b) => (order.get(a.signer.id) ?? 0) - (order.get(b.signer.id) ?? 0))]
  const book = new FigureBook(followupFigures(o, signed))
  const B = TEXT.body
  const children: FileChild[] = [title('专家组复核意见')]
  let h = 0
  children.push(heading1(++h, '项目基本情况'))
  children.push(body(['项目名称：', book.run('project.name', B), '。']))
  children.push(body(['建设单位：', book.run('project.owner', B), '。']))
  children.push(body(['复核材料：修改稿', book.run('version.number', B), '（材料包摘要 ', book.run('version.digest', B), '）及其修改说明。']))
  children.push(
    body(['复核依据：专家组组长', book.run('panel.leader', B), '于', book.run('panel.date', B), '签署的专家组评审意见（内容摘要 ', book.run('panel.digest', B), '）。'])
  )
  const leader = o.reviewers.find((r) => r.leader)!
  const others = o.reviewers.filter((r) => !r.leader)
  children.push(heading1(++h, '复核过程'))
  children.push(
    body([
      `${o.meeting.organiser ? `受${o.meeting.organiser}委托，` : ''}复核专家组（组长`,
      book.run(`reviewer.${leader.expertId}.name`, B),
      ...(others.length ? ['，复核专家', ...others.flatMap((r, i) => [...(i ? ['、'] : []), book.run(`reviewer.${r.expertId}.name`, B)])] : []),
      '）对照专家组评审意见提出的主要问题和修改建议，逐条核对了建设单位提交的修改稿及修改说明，并对照专家组核定投资复核了修改后的投资概算。'
    ])
  )
  children.push(heading1(++h, '整改落实情况'))
  children.push(
    body(['专家组评审意见共提出问题和建议', book.run('items.count', B), '条，其中已落实', book.run('items.done', B), '条，部分落实', book.run('items.partial', B), '条，未落实', book.run('items.open', B), '条。逐条情况如下表。'])
  )
  const sm = cellStyle('small')
  children.push(
    table({
      widths: [8, 24, 15, 25, 10, 18],
      small: true,
      aligns: ['center', 'left', 'center', 'left', 'center', 'left'],
      header: [['序号', '评审意见', '提出人', '建设单位答复', '落实情况', '备注']],
      rows: o.items.map((it): Cell[] => {
        const k = `item.${it.kind}.${it.number}`
        return [
          `${POINT_LABEL[it.kind]}${it.number}`,
          { children: [book.run(`${k}.point`, sm)] },
          { children: [book.run(`${k}.raisedBy`, sm)] },
          { children: [book.run(`${k}.answer`, sm)] },
          { children: [book.run(`${k}.verdict`, sm)] },
          { children: [book.run(`${k}.note`, sm)] }
        ]
      })
    })
  )
  children.push(heading1(++h, '投资复核'))
  children.push(
    body([
      '专家组核定投资',
      book.run('budget.approved', B),
      '元，修改稿相应金额',
      book.run('budget.revised', B),
      '元，差额',
      book.run('budget.diff', B),
      '元；未按核定调整的概算项目',
      book.run('budget.notAsApproved', B),
      '项。各概算项目对照核定情况如下表（单位：元，精确到分）。'
    ])
  )
  children.push(
    table({
      widths: [7, 33, 16, 16, 14, 14],
      small: true,
      aligns: ['center', 'left', 'right', 'right', 'right', 'center'],
      header: [['序号', '概算项目', '核定', '修改稿', '差额', '对照核定']],
      rows: o.budget.lines.map((l, i): Cell[] => {
        const k = `bline.${i + 1}`
        return [
          String(i + 1),
          l.name,
          { children: [book.run(`${k}.approved`, sm)] },
          { children: [book.run(`${k}.revised`, sm)] },
          { children: [book.run(`${k}.diff`, sm)] },
          { children: [book.run(`${k}.status`, sm)] }
        ]
      })
    })
  )
  children.push(heading1(h + 1, '复核结论'))
  if (book.has('remarks')) children.push(body([book.run('remarks', B)], { keepNext: true }))
  children.push(body(['复核结论：', book.run('conclusion', TEXT.heading1), '。'], { keepNext: true }))
  children.push(emptyLine(true))
  children.push(body(['复核专家组组长（签名）：　　　　　　'], { align: 'right', rightIndent: true, keepNext: true }))
  children.push(body([book.run('date', B)], { align: 'right', rightIndent: true }))

  children.push(body([new PageBreak()], { indent: false }))
  children.push(title('复核专家签字表'))
  children.push(body(['项目名称：', book.run('project.name', B)], { indent: false }))
  const st = cellStyle()
  children.push(
    table({
      widths: [8, 14, 34, 16, 12, 16],
      aligns: ['center', 'center', 'left', 'center', 'center', 'center'],
      header: [['序号', '姓名', '工作单位', '职称', '职务', '签名']],
      rows: o.reviewers.map((r, i): Cell[] => [String(i + 1), { children: [book.run(`reviewer.${r.expertId}.name`, st)] }, r.unit, r.title, r.leader ? '组长' : '复核专家', ''])
    })
  )
  children.push(emptyLine())
  children.push(...(await verificationBlock(book, signed, input.leader.digest, '复核意见内容摘要')))
  const doc = makeDocument({ title: `专家组复核意见-${o.project.name}`, subject: o.project.name }, children)
  return packDocx(doc, {
    kind: 'followup-opinion',
    payloads: [{ role: 'leader', payload: input.leader }, ...input.cosigners.map((payload) => ({ role: 'source' as const, payload }))],
    rubric: NO_RUBRIC,
    figures: book.shownLater(),
    images: book.images,
    ...(input.charter ? { charter: input.charter } : {})
  }, report)
}
