/** The comparison of two versions as plain Chinese text (`paneldesk package diff` without --json). */
import { fenAsWanText } from './similarity'
import { APPROVAL_LABELS, type BudgetLineDiff, type PackageDiff } from './types'

const CHANGE_LABELS = { name: '名称', quantity: '数量', unitPrice: '单价', amount: '金额', unit: '单位', spec: '规格' } as const
const wan = (fen: number | null) => (fen === null ? '—' : `${fenAsWanText(fen)} 万元`)
const signed = (fen: number) => `${fen > 0 ? '+' : ''}${fenAsWanText(fen)} 万元`
const pages = (p: [number, number] | null) => (p ? (p[0] === p[1] ? `第${p[0]}页` : `第${p[0]}–${p[1]}页`) : '')

function budgetLine(l: BudgetLineDiff): string {
  const n = l.new ?? l.old
  if (!n) return ''
  const label = `${n.numbering ? `${n.numbering} ` : ''}${n.name}`
  const parts: string[] = []
  if (l.status === 'added') parts.push(`新增 ${wan(l.new?.amountFen ?? null)}`)
  else if (l.status === 'removed') parts.push(`删除（原 ${wan(l.old?.amountFen ?? null)}）`)
  else {
    if (l.renamed) parts.push(`原名“${l.old?.name}”`)
    if (l.moved) parts.push(`由“${l.moved.from.join(' / ') || '顶层'}”移至“${l.moved.to.join(' / ') || '顶层'}”`)
    const changed = l.changes.filter((c) => c !== 'name').map((c) => CHANGE_LABELS[c])
    if (changed.length) parts.push(`${changed.join('、')}变化`)
    if (l.changes.includes('quantity')) parts.push(`数量 ${l.old?.quantity ?? '—'} → ${l.new?.quantity ?? '—'}`)
    if (l.changes.includes('unitPrice')) parts.push(`单价 ${wan(l.old?.unitPriceFen ?? null)} → ${wan(l.new?.unitPriceFen ?? null)}`)
    if (l.changes.includes('amount')) parts.push(`金额 ${wan(l.old?.amountFen ?? null)} → ${wan(l.new?.amountFen ?? null)}（${signed(l.deltaFen)}）`)
  }
  if (l.approval) {
    const a = l.approval
    parts.push(`【${APPROVAL_LABELS[a.status]}${a.approvedFen !== null ? `，核定 ${wan(a.approvedFen)}` : ''}${a.status === 'not-as-approved' && a.differenceFen !== null ? `，差 ${signed(a.differenceFen)}` : ''}】`)
  }
  return `  ${label}：${parts.join('；')}`
}

export function formatPackageDiff(d: PackageDiff): string {
  const out: string[] = []
  out.push(`送审稿：${d.old.name}（SHA-256 ${d.old.sha256.slice(0, 12)}…，送审投资 ${wan(d.old.declaredFen)}）`)
  out.push(`修改稿：${d.new.name}（SHA-256 ${d.new.sha256.slice(0, 12)}…，送审投资 ${wan(d.new.declaredFen)}）`)
  if (d.revisesOld === true) out.push('修改稿声明修改的正是该送审稿。')
  else if (d.revisesOld === false) out.push(`注意：修改稿声明修改的是另一个申报包（SHA-256 ${d.new.revises?.slice(0, 12)}…）。`)
  else out.push('修改稿未声明它修改的是哪个申报包。')
  out.push('', '一、文档')
  for (const doc of d.documents) {
    out.push(`${doc.title}：${{ same: '无变化', changed: '有修改', added: '新增', removed: '已删除' }[doc.status]}`)
    for (const c of doc.chapters) {
      if (c.status === 'same') continue
      const where = [pages(c.oldPages) && `原${pages(c.oldPages)}`, pages(c.newPages) && `现${pages(c.newPages)}`].filter(Boolean).join('，')
      out.push(`  ${c.title}（${{ changed: '修改', added: '新增', removed: '删除' }[c.status]}，+${c.added} −${c.removed} 行${where ? `，${where}` : ''}）${c.rewritten ? '：改动过多，按整体重写统计' : ''}`)
      for (const l of c.lines) out.push(`    ${l.op === 'add' ? '+' : '−'} ${l.page !== null ? `[第${l.page}页] ` : ''}${l.text}`)
      if (c.truncated) out.push('    ……（其余改动未列出）')
    }
  }
  const b = d.budget
  out.push('', '二、投资概算')
  out.push(`  逐项合计：${wan(b.old.computedFen)} → ${wan(b.new.computedFen)}（${signed(b.deltaFen)}，${(b.deltaRate * 100).toFixed(2)}%）`)
  out.push(`  新增 ${b.counts.added} 行，删除 ${b.counts.removed} 行，修改 ${b.counts.changed} 行（其中移动 ${b.counts.moved} 行、改名 ${b.counts.renamed} 行），未变 ${b.counts.same} 行`)
  if (!b.renameMatching) out.push('  未匹配的行过多，未按名称相似度识别改名的行（改名的行显示为删除和新增）。')
  for (const l of b.lines) if (l.status !== 'same' || (l.approval && l.approval.status !== 'as-approved')) out.push(budgetLine(l))
  if (b.approval) {
    const c = b.approval.counts
    out.push(`  对照核定：核定合计 ${wan(b.approval.approvedTotalFen)}，修改稿 ${wan(b.approval.newTotalFen)}；按核定调整 ${c['as-approved']} 行，未按核定调整 ${c['not-as-approved']} 行，新增 ${c.new} 行，删除核定保留的行 ${c.removed} 行`)
  }
  out.push('', '三、数据目录与数据需求清单')
  if (d.dataLists.length === 0) out.push('  两版均无。')
  for (const l of d.dataLists) {
    out.push(`  ${l.label}：${l.oldCount} 行 → ${l.newCount} 行${l.rows.length === 0 ? '，无变化' : ''}`)
    for (const r of l.rows) {
      if (r.status === 'changed') out.push(`    修改 ${r.name}：${r.fields.map((f) => `${f.label}“${f.old}”→“${f.new}”`).join('；')}`)
      else out.push(`    ${r.status === 'added' ? '新增' : '删除'} ${r.name}`)
    }
    if (l.truncated) out.push('    ……（其余改动未列出）')
  }
  out.push('', '四、合规提示')
  out.push(`  新出现 ${d.findings.appeared.length} 条，已消除 ${d.findings.disappeared.length} 条，仍存在 ${d.findings.kept} 条`)
  for (const f of d.findings.appeared) out.push(`    + ${f.message}`)
  for (const f of d.findings.disappeared) out.push(`    − ${f.message}`)
  return out.join('\n')
}
