/** The figures the 专家组复核意见 shows, derived from the 组长's signed content (builder and verifier alike). */
import type { SignedPayload } from '../../../shared/signing/types'
import { APPROVAL_LABELS } from '../../../shared/domain/revision/types'
import { FOLLOWUP_CONCLUSION_LABELS, type FollowupOpinion } from '../../../shared/signing/followupContent'
import { VERDICT_LABELS } from '../../../shared/api/followupTypes'
import { formatDigestShort } from '../../../shared/signing/sm'
import type { FigureMap } from './figures'
import { signatureFigures } from './figures'
import { formatDate } from './style'

/** An amount in 分 as 元 with exactly two decimals and thousands separators ("1,234,567.89"), computed in integers. */
export function formatFenAsYuan(fen: number): string {
  const abs = Math.abs(fen)
  const yuan = Math.floor(abs / 100)
  const cents = String(abs % 100).padStart(2, '0')
  return `${fen < 0 ? '-' : ''}${yuan.toLocaleString('en-US')}.${cents}`
}

export const POINT_LABEL = { problem: '问题', suggestion: '建议' } as const

export function followupFigures(o: FollowupOpinion, signed: readonly SignedPayload[]): FigureMap {
  const map: FigureMap = new Map()
  const add = (key: string, what: string, value: string): void => {
    if (map.has(key)) throw new Error(`重复的数字键 ${key}`)
    map.set(key, { key, what, value })
  }
  add('project.name', '项目名称', o.project.name)
  add('project.owner', '建设单位', o.project.ownerUnit)
  add('version.number', '修改稿版本', `第${o.version.number}版`)
  add('version.digest', '修改稿材料包摘要', formatDigestShort(o.version.packageDigest))
  add('panel.leader', '原专家组评审意见签署人', o.panelOpinion.leaderName)
  add('panel.date', '原专家组评审意见签署日期', formatDate(o.panelOpinion.signedAt))
  add('panel.digest', '原专家组评审意见内容摘要', formatDigestShort(o.panelOpinion.digest))
  const counts = { done: 0, partial: 0, open: 0 }
  for (const it of o.items) counts[it.verdict] += 1
  add('items.count', '意见条数', String(o.items.length))
  add('items.done', '已落实条数', String(counts.done))
  add('items.partial', '部分落实条数', String(counts.partial))
  add('items.open', '未落实条数', String(counts.open))
  for (const it of o.items) {
    const k = `item.${it.kind}.${it.number}`
    const label = `${POINT_LABEL[it.kind]}${it.number}`
    add(`${k}.point`, `${label}内容`, it.point)
    add(`${k}.raisedBy`, `${label}提出人`, it.raisedBy.length ? it.raisedBy.join('、') : '专家组')
    add(`${k}.answer`, `${label}建设单位答复`, it.answer || '（未答复）')
    add(`${k}.verdict`, `${label}落实情况`, VERDICT_LABELS[it.verdict])
    add(`${k}.note`, `${label}备注`, it.note)
  }
  const b = o.budget
  add('budget.approved', '核定投资合计（元）', formatFenAsYuan(b.approvedTotalFen))
  add('budget.revised', '修改稿相应金额合计（元）', formatFenAsYuan(b.revisedTotalFen))
  add('budget.diff', '修改稿与核定之差（元）', formatFenAsYuan(b.differenceFen))
  add('budget.notAsApproved', '未按核定调整项数', String(b.notAsApproved))
  b.lines.forEach((l, i) => {
    const k = `bline.${i + 1}`
    add(`${k}.approved`, `概算项目「${l.name}」核定（元）`, l.approvedFen === null ? '—' : formatFenAsYuan(l.approvedFen))
    add(`${k}.revised`, `概算项目「${l.name}」修改稿（元）`, l.revisedFen === null ? '—' : formatFenAsYuan(l.revisedFen))
    add(`${k}.diff`, `概算项目「${l.name}」差额（元）`, l.differenceFen === null ? '—' : formatFenAsYuan(l.differenceFen))
    add(`${k}.status`, `概算项目「${l.name}」对照核定`, APPROVAL_LABELS[l.status])
  })
  add('conclusion', '复核结论', FOLLOWUP_CONCLUSION_LABELS[o.conclusion])
  if (o.remarks.trim()) add('remarks', '复核意见', o.remarks.trim())
  for (const r of o.reviewers) add(`reviewer.${r.expertId}.name`, `复核专家${r.name}`, r.name)
  // Dated by the last signature (each signing time is inside its signed content).
  const last = signed.map((p) => (JSON.parse(p.canonical) as { signedAt?: string }).signedAt ?? p.signedAt).sort().at(-1) ?? o.signedAt
  add('date', '落款日期', formatDate(last))
  return signatureFigures(map, signed)
}
