/**
 * Experts' requests for another budget basis (budgetBasisRequests.ts) as the 概算 tab lists them: the secretariat
 * sees every request of the project, an expert only its own (other experts' rows are sealed to the secretariat
 * anyway; on a shared laptop the filter keeps them apart). At most 100 (one per expert of the meeting).
 */
import type { BudgetBasisRequestView, BudgetSheetOption } from '../../../shared/api/packageTypes'
import type { Db } from '../db/connection'
import { prepare } from '../db/query'
import { actingExpertOrNull } from './acting'

interface RequestRow {
  id: string
  expert_id: string
  name: string | null
  sheets: string
  reason: string
  created_at: string
}

function parseSheets(text: string): string[] {
  try {
    const v: unknown = JSON.parse(text)
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, 20) : []
  } catch {
    return []
  }
}

export const sameSheets = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x))

/** The requests of a project as the viewer may see them: the secretariat all, an expert only its own. */
export function basisRequests(db: Db, projectId: string, sheets: readonly BudgetSheetOption[]): BudgetBasisRequestView[] {
  const acting = actingExpertOrNull(db)
  const rows = prepare(
    db,
    `SELECT r.id, r.expert_id, e.name, r.sheets, r.reason, r.created_at FROM budget_basis_requests r LEFT JOIN experts e ON e.id = r.expert_id
      WHERE r.project_id = ? AND r.deleted = 0 AND (? IS NULL OR r.expert_id = ?) ORDER BY r.created_at, r.id LIMIT 100`
  ).all(projectId, acting, acting) as RequestRow[]
  const read = sheets.filter((s) => s.read).map((s) => s.name)
  return rows.map((r) => {
    const wanted = parseSheets(r.sheets)
    return { expertId: r.expert_id, expertName: r.name ?? '（未知专家）', sheets: wanted, reason: r.reason, createdAt: r.created_at, mine: r.expert_id === acting, met: sameSheets(wanted, read) }
  })
}
