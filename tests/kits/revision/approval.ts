/**
 * A signed 专家组评审意见 whose 核定 amounts name the lines of the reviewed package of tests/kits/revision/packages.ts
 * (tests only): the opinion the console composes for the seeded meeting, its budget replaced by the package's lines.
 */
import type { Db } from '../../../electron/main/db/connection'
import { currentOpinion } from '../../../electron/main/services/panelOpinion'
import { signPayload } from '../../../shared/signing/envelope'
import { panelOpinionRowId } from '../../../shared/sync/rowIds'
import type { FixtureExpert } from '../documents/testData'

/** 核定 per line name of the reviewed budget (万元): follows 应用服务器, cuts 办公电脑 to 0, 知识库系统 to 20. */
export const APPROVED: Record<string, number> = { 应用服务器: 36, 存储设备: 30, 办公电脑: 0, 统一受理门户: 40, 工单管理系统: 60, 知识库系统: 20, 接口对接: 10, 等保测评: 8, 预备费: 5 }

export function signApprovalOpinion(db: Db, meetingId: string, projectId: string, leader: FixtureExpert, at = '2026-12-05T09:30:00.000Z'): void {
  const composed = currentOpinion(db, projectId)
  if (!composed) throw new Error('the seeded project cannot be drafted')
  const lines = db.sqlite
    .prepare("SELECT id, name, category, amount FROM budget_lines WHERE project_id = ? AND deleted = 0 AND kind = 'item' ORDER BY sort_order")
    .all(projectId) as { id: string; name: string; category: string; amount: number }[]
  const budgetLines = lines
    .filter((l) => APPROVED[l.name] !== undefined)
    .map((l) => ({ lineId: l.id, name: l.name, category: l.category, submittedAmount: l.amount, approvedAmount: APPROVED[l.name] as number, reason: APPROVED[l.name] === l.amount ? '' : '按专家组意见核减' }))
  const submittedTotal = budgetLines.reduce((s, l) => s + l.submittedAmount, 0)
  const approvedTotal = budgetLines.reduce((s, l) => s + l.approvedAmount, 0)
  const opinion = {
    ...composed,
    // The first as the experts' signed sheets word it (so who raised it is known); the second the panel's own.
    problems: ['概算中列支办公电脑及打印机，属于《办法》第三条规定的不列入范围。', '知识库系统工作量偏高。'],
    suggestions: ['补充密码应用方案及密评费用。'],
    budget: { lines: budgetLines, submittedTotal, approvedTotal, cutTotal: submittedTotal - approvedTotal, cutRate: (submittedTotal - approvedTotal) / submittedTotal },
    conclusion: 'revise' as const,
    signedAt: at
  }
  const signed = signPayload('panel-opinion', opinion, leader.privateKey, leader.publicKey, { id: leader.id, name: leader.name }, at)
  const draft = { process: opinion.process, opinions: opinion.opinions, problems: opinion.problems, suggestions: opinion.suggestions, conclusion: opinion.conclusion }
  db.sqlite
    .prepare(
      "INSERT OR REPLACE INTO panel_opinions (id, meeting_id, project_id, leader_id, draft, budget_overrides, status, signed_payload, signed_at, updated_at, deleted) VALUES (?, ?, ?, ?, ?, '{}', 'signed', ?, ?, ?, 0)"
    )
    .run(panelOpinionRowId(projectId, leader.id), meetingId, projectId, leader.id, JSON.stringify(draft), JSON.stringify(signed), at, at)
}

