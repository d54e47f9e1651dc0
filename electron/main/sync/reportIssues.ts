/** Turns what the engine found into sentences for the sync report, with people's names instead of ids. */
import type { SyncIssue, SyncReport } from '../../../shared/sync/report'
import { formatMinutes } from '../../../shared/sync/report'
import { CLOCK_WARN_MS } from '../../../shared/sync/verdict'
import type { Db } from '../db/connection'
import { prepare } from '../db/query'
import type { ApplyResult } from './apply'

const TABLE_LABELS: Record<string, string> = {
  meetings: '会议', rubrics: '评分细则', projects: '项目', experts: '专家', assignments: '分配',
  score_sheets: '评分表', scores: '评分', opinions: '评审意见', budget_reviews: '概算审核', declarations: '回避声明',
  commitments: '承诺书', expert_signatures: '签名图片', document_notes: '批注',
  panel_opinions: '专家组意见', deviation_notes: '偏离说明', budget_basis_requests: '评审依据更改请求', project_versions: '修改稿版本', followup_items: '整改落实表', followup_opinions: '专家组复核意见',
  meeting_price_refs: '价格参考', meeting_rule_sets: '审查规则集'
}

export function authorName(db: Db, author: string): string {
  if (author === 'secretariat') return '秘书处'
  const row = prepare(db, 'SELECT name FROM experts WHERE id = ?').get(author) as { name: string } | undefined
  return row ? `专家${row.name}` : `未知作者（${author.slice(0, 12)}）`
}

export function issuesOf(db: Db, r: ApplyResult): SyncIssue[] {
  return r.issues.map((i): SyncIssue => {
    const what = TABLE_LABELS[i.tbl] ?? i.tbl
    const who = i.author ? authorName(db, i.author) : ''
    switch (i.status) {
      case 'rejected':
        return { level: 'error', code: i.code, message: `已拒绝${who}对「${what}」的修改：${i.reason}` }
      case 'held':
        return i.tbl === 'score_sheets' && i.col === 'signed_payload'
          ? { level: 'warning', code: i.code, message: `${who}提交的评分表暂未采用：${i.reason}` }
          : { level: 'warning', code: i.code, message: `暂未采用${who}的修改（「${what}」等）：${i.reason}` }
      case 'deferred':
        return { level: 'info', code: i.code, message: `收到较新版本的数据（${i.tbl}.${i.col}），升级本软件后自动应用` }
      default:
        return { level: 'warning', code: i.code, message: i.reason }
    }
  })
}

/** Adds the engine's result to a report. */
export function addResult(db: Db, report: SyncReport, r: ApplyResult): void {
  report.received += r.received
  report.applied += r.applied
  report.rejected += r.issues.filter((i) => i.status === 'rejected').length
  for (const issue of issuesOf(db, r)) if (!report.issues.some((x) => x.message === issue.message)) report.issues.push(issue)
}

export function clockIssue(offsetMs: number, peer: string): SyncIssue | null {
  if (Math.abs(offsetMs) <= CLOCK_WARN_MS) return null
  return {
    level: 'warning',
    code: 'clock',
    message: offsetMs > 0 ? `本机时钟比${peer}快约 ${formatMinutes(offsetMs)}，请校准本机时间` : `本机时钟比${peer}慢约 ${formatMinutes(offsetMs)}，请校准本机时间`
  }
}
