/**
 * An expert asks the secretariat to make other sheets of a project's budget workbook the basis of review (issue 14
 * item 1). Experts never switch the basis themselves — every reviewer must review, and sign over, the same lines —
 * so the request is a row of its own (`budget_basis_requests`, migration 0037): written by that expert only
 * (shared/sync/ownership.ts), sealed to the secretariat on sync, shown in the secretariat's 概算 tab. It can be made
 * only while the secretariat could still act on it (meeting open, scoring not started, nothing typed on the budget);
 * asking again replaces the expert's request, withdrawing it marks it deleted. Nothing here changes the basis.
 */
import { ApiError } from '../../../shared/api/errors'
import type { BudgetBasisRequestView } from '../../../shared/api/packageTypes'
import { basisRequestRowId } from '../../../shared/sync/rowIds'
import type { BlobStore } from '../blobs/store'
import { writeChanges } from '../db/changeWriter'
import type { Db } from '../db/connection'
import { prepare } from '../db/query'
import { actingExpert, actingExpertOrNull } from './acting'
import { projectPackage, sheetList, stateRefusal, storedBasis } from './budgetBasis'
import { sameSheets } from './budgetBasisRequestList'

/** The acting expert asks for `sheets` as the basis, with a reason; refused when the secretariat could not act on it. */
export async function requestBudgetBasis(db: Db, blobs: BlobStore, projectId: string, sheets: readonly string[], reason: string): Promise<BudgetBasisRequestView> {
  const expertId = actingExpertOrNull(db)
  if (!expertId) throw new ApiError('forbidden', '秘书处可以直接更改评审依据，无需提出请求')
  const at = projectPackage(db, projectId)
  const expert = prepare(db, 'SELECT name FROM experts WHERE id = ? AND meeting_id = ? AND deleted = 0').get(expertId, at.meetingId) as { name: string } | undefined
  if (!expert) throw new ApiError('forbidden', '本机的评审身份不是该会议的专家，不能提出请求')
  const refusal = stateRefusal(db, projectId, at)
  if (refusal) throw new ApiError('forbidden', `${refusal}，无需再提出请求`)
  const text = reason.trim()
  if (!text) throw new ApiError('invalid_input', '请写明为什么应以该工作表为评审依据')
  const { sheets: list } = await sheetList(db, blobs, projectId, at.pkg, storedBasis(at.pkg))
  if (new Set(sheets).size !== sheets.length) throw new ApiError('invalid_input', '同一个工作表不能选两次')
  const missing = sheets.filter((name) => !list.some((s) => s.name === name))
  if (missing.length > 0) throw new ApiError('invalid_input', `概算表中没有工作表“${missing.join('、')}”`)
  if (sameSheets(sheets, list.filter((s) => s.read).map((s) => s.name))) throw new ApiError('invalid_input', '评审依据已是该工作表，无需请求')
  const now = new Date().toISOString()
  writeChanges(db, expertId, (w) =>
    w.write('budget_basis_requests', basisRequestRowId(projectId, expertId), {
      meeting_id: at.meetingId, project_id: projectId, expert_id: expertId, sheets: [...sheets], reason: text, created_at: now, deleted: false
    })
  )
  return { expertId, expertName: expert.name, sheets: [...sheets], reason: text, createdAt: now, mine: true, met: false }
}

/** The acting expert withdraws its request (marked deleted, replicated). */
export function withdrawBudgetBasisRequest(db: Db, projectId: string): void {
  const expertId = actingExpert(db)
  const id = basisRequestRowId(projectId, expertId)
  const row = prepare(db, 'SELECT deleted FROM budget_basis_requests WHERE id = ?').get(id) as { deleted: number } | undefined
  if (!row || row.deleted) throw new ApiError('not_found', '没有可撤回的请求')
  writeChanges(db, expertId, (w) => w.write('budget_basis_requests', id, { deleted: true }))
}
