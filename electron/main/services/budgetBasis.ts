/**
 * Which sheet(s) of a budget workbook are the basis of review (issue 14 item 1). Every reviewer must review the same
 * budget, so the basis is a project-level choice, stored in the replicated packages row (`budget_sheets`, migration
 * 0032) and written only by the secretariat: every device then derives the same budget lines and findings from it
 * (packageDerive.ts compares the basis the rows were derived with).
 *
 *  - `budgetSheets`: the workbook's sheets (role, read or not, line count, 合计) and whether the basis may change here.
 *  - `previewBudgetSheet` (budgetSheetPreview.ts): any sheet's parsed lines and checks, read-only — anyone may compare.
 *  - `setBudgetBasis`: the secretariat, on its unlocked laptop, before scoring starts and while the meeting is open,
 *    with nothing typed on the budget yet (budget review decisions, 组长 budget overrides): otherwise refused with
 *    the reason. The packages row's budget columns and the derived rows change in one transaction.
 */
import { ApiError } from '../../../shared/api/errors'
import type { BudgetBasisResult, BudgetLineView, BudgetSheetOption, BudgetSheetsView } from '../../../shared/api/packageTypes'
import type { BlobStore } from '../blobs/store'
import { writeChanges } from '../db/changeWriter'
import type { Db } from '../db/connection'
import type { PackagesTable } from '../db/schemaPackages'
import { prepare } from '../db/query'
import { basisText, isPackageError, parseBudgetBasis, readBudgetFile, readPackage, type PackageBudget, type ParsedPackage } from '../packages'
import { actingExpertOrNull } from './acting'
import { basisRequests } from './budgetBasisRequestList'
import { SECRETARIAT } from './authors'
import { currentPackageRow, lineKind, MISSING_FILES_MESSAGE, recordDerivation, storedPackageFiles, writeDerivedRows } from './packageDerive'
import { projectRules, projectRulesDigest, rulesReadOptions } from './ruleSets'
import { scoringLockReason } from './scoringLock'
import { secretariatViewRefusal } from './secretariatView'

const EXPERT_REFUSAL = '只有秘书处可以更改概算的评审依据工作表（在秘书处的电脑上）'

export const BASIS_LOCKED_BY_SHEET = '已有专家开始评分（已有评分表），概算的评审依据工作表已锁定，不能再更改'

export interface ProjectPackage {
  meetingId: string
  meetingStatus: string
  pkg: PackagesTable
}

export function projectPackage(db: Db, projectId: string): ProjectPackage {
  const p = prepare(db, 'SELECT p.meeting_id, m.status FROM projects p JOIN meetings m ON m.id = p.meeting_id WHERE p.id = ? AND p.deleted = 0').get(projectId) as
    | { meeting_id: string; status: string }
    | undefined
  if (!p) throw new ApiError('not_found', '找不到该项目，可能已被移除')
  const pkg = currentPackageRow(db, projectId)
  if (!pkg) throw new ApiError('not_found', '该项目还没有导入申报材料')
  return { meetingId: p.meeting_id, meetingStatus: p.status, pkg }
}

export function storedBasis(pkg: PackagesTable): string[] {
  const basis = parseBudgetBasis(pkg.budget_sheets)
  if (!basis) throw new ApiError('conflict', '评审依据工作表的记录无效，请秘书处重新选择')
  return basis
}

function packageFiles(db: Db, blobs: BlobStore, pkg: PackagesTable): Map<string, Uint8Array> {
  const files = storedPackageFiles(db, blobs, pkg.id)
  if (!files) throw new ApiError('conflict', `${MISSING_FILES_MESSAGE}，请同步后再试`)
  return files
}

export async function readBudget(db: Db, blobs: BlobStore, projectId: string, pkg: PackagesTable, sheets: readonly string[]): Promise<PackageBudget> {
  const bytes = packageFiles(db, blobs, pkg).get(pkg.budget_path)
  if (!bytes) throw new ApiError('conflict', `${MISSING_FILES_MESSAGE}，请同步后再试`)
  try {
    const rules = rulesReadOptions(projectRules(db, projectId))
    return await readBudgetFile(pkg.budget_path, bytes, pkg.declared_total, { ...rules, ...(sheets.length ? { budgetSheets: sheets } : {}) })
  } catch (err) {
    if (isPackageError(err)) throw new ApiError('invalid_input', err.message)
    throw err
  }
}

/** What was typed on the project's budget that a new basis would orphan, in words, or null. */
function typedOnBudget(db: Db, projectId: string): string | null {
  const reviews = prepare(
    db,
    'SELECT COUNT(*) AS n FROM budget_reviews r JOIN score_sheets s ON s.id = r.sheet_id WHERE s.project_id = ? AND s.deleted = 0'
  ).get(projectId) as { n: number }
  if (reviews.n > 0) return `本项目已有 ${reviews.n} 条概算审核意见，更改评审依据会使其对应的概算行改变或消失，未更改`
  const overrides = prepare(
    db,
    "SELECT COUNT(*) AS n FROM panel_opinions WHERE project_id = ? AND deleted = 0 AND budget_overrides NOT IN ('{}', '[]', '', 'null')"
  ).get(projectId) as { n: number }
  if (overrides.n > 0) return '组长已对本项目的概算作出调整，更改评审依据会使其对应的概算行改变或消失，未更改'
  return null
}

/** Why the basis cannot change now whoever asks (closed, scoring started, typed on): null when it still can. */
export function stateRefusal(db: Db, projectId: string, at: ProjectPackage): string | null {
  if (at.meetingStatus === 'closed') return '会议已经关闭，概算的评审依据工作表不能再更改'
  const lock = scoringLockReason(db, at.meetingId, '概算的评审依据工作表', BASIS_LOCKED_BY_SHEET)
  if (lock) return lock
  return typedOnBudget(db, projectId)
}

/** Why the basis cannot change here and now (null when it can). */
export function basisChangeRefusal(db: Db, projectId: string, at: ProjectPackage): string | null {
  if (actingExpertOrNull(db)) return EXPERT_REFUSAL
  const view = secretariatViewRefusal(db)
  if (view) return view
  return stateRefusal(db, projectId, at)
}

/**
 * The sheet list of a package's budget under a basis and rule set: the same bytes always give the same list, so it is
 * kept for the last few (a 5,000-line workbook costs ~150 ms of CPU to read; the 概算 tab asks on every visit).
 */
const sheetLists = new Map<string, { format: BudgetSheetsView['format']; sheets: BudgetSheetOption[] }>()
const SHEET_LISTS_KEPT = 16

export async function sheetList(db: Db, blobs: BlobStore, projectId: string, pkg: PackagesTable, basis: readonly string[]) {
  const key = `${pkg.sha256}|${pkg.budget_path}|${pkg.budget_sheets}|${projectRulesDigest(db, projectId)}`
  const kept = sheetLists.get(key)
  if (kept) return kept
  const budget = await readBudget(db, blobs, projectId, pkg, basis)
  const list = { format: budget.format, sheets: budget.sheets.map((s) => ({ name: s.name, role: s.role, read: s.read, lineCount: s.lineCount, total: s.total, hidden: s.hidden, reason: s.reason })) }
  sheetLists.set(key, list)
  for (const old of sheetLists.keys()) if (sheetLists.size > SHEET_LISTS_KEPT) sheetLists.delete(old)
  return list
}

export async function budgetSheets(db: Db, blobs: BlobStore, projectId: string): Promise<BudgetSheetsView> {
  const at = projectPackage(db, projectId)
  const basis = storedBasis(at.pkg)
  const { format, sheets } = await sheetList(db, blobs, projectId, at.pkg, basis)
  const reason = sheets.length < 2 ? '概算表只有一个工作表，没有可选的评审依据' : basisChangeRefusal(db, projectId, at)
  // An expert cannot change the basis, but may ask the secretariat to while it still could.
  const askSecretariat = reason === EXPERT_REFUSAL && stateRefusal(db, projectId, at) === null
  const list = sheets.map((s) => ({ ...s }))
  return { projectId, path: at.pkg.budget_path, format, basis, sheets: list, change: { allowed: reason === null, reason, askSecretariat }, requests: basisRequests(db, projectId, list) }
}

export function lineViews(budget: PackageBudget): BudgetLineView[] {
  const parents = new Set(budget.parsed.lines.map((l) => l.parentId).filter((p): p is string => p !== null))
  return budget.parsed.lines.map((l) => ({
    id: l.id,
    parentId: l.parentId,
    level: l.level,
    numbering: l.numbering,
    name: l.name,
    spec: l.spec,
    unit: l.unit,
    quantity: l.quantity,
    unitPrice: l.unitPrice,
    amount: l.amount,
    remark: l.remark,
    kind: lineKind(l),
    category: l.category,
    sourceRow: l.sourceRow,
    hasChildren: parents.has(l.id)
  }))
}

/**
 * Makes `sheets` the project's basis of review ([] = the reader's own choice): the whole package is read again with
 * it, then the packages row's budget columns (replicated) and the derived budget lines and findings are written in
 * one transaction, the refusals checked again inside it.
 */
export async function setBudgetBasis(db: Db, blobs: BlobStore, projectId: string, sheets: readonly string[]): Promise<BudgetBasisResult> {
  const at = projectPackage(db, projectId)
  const refusal = basisChangeRefusal(db, projectId, at)
  if (refusal) throw new ApiError('forbidden', refusal)
  const text = basisText(sheets)
  if (new Set(sheets).size !== sheets.length) throw new ApiError('invalid_input', '同一个工作表不能选两次')
  if (text === at.pkg.budget_sheets) throw new ApiError('invalid_input', '评审依据没有变化，未更改')
  const files = packageFiles(db, blobs, at.pkg)
  let parsed: ParsedPackage
  try {
    const rules = rulesReadOptions(projectRules(db, projectId))
    parsed = await readPackage({ kind: 'files', label: at.pkg.source_name || '申报包', files }, { ...rules, ...(sheets.length ? { budgetSheets: sheets } : {}) })
  } catch (err) {
    if (isPackageError(err)) throw new ApiError('invalid_input', `${err.message}评审依据未更改。`)
    throw err
  }
  const previousLineCount = (prepare(db, 'SELECT COUNT(*) AS n FROM budget_lines WHERE project_id = ? AND deleted = 0').get(projectId) as { n: number }).n
  const budget = parsed.budget.parsed
  db.sqlite.transaction(() => {
    const now = projectPackage(db, projectId)
    if (now.pkg.id !== at.pkg.id || now.pkg.budget_sheets !== at.pkg.budget_sheets) throw new ApiError('conflict', '申报材料或评审依据刚被更改，请刷新后再试')
    const again = basisChangeRefusal(db, projectId, now)
    if (again) throw new ApiError('forbidden', again)
    writeChanges(db, SECRETARIAT, (w) =>
      w.write('packages', at.pkg.id, {
        budget_sheets: [...sheets],
        budget_sheet: budget.sheetName,
        budget_unit: parsed.budget.sourceUnit,
        budget_notes: budget.notes,
        computed_total: budget.computedTotal,
        sheet_total: budget.sheetTotal
      })
    )
    writeDerivedRows(db, projectId, at.pkg.id, parsed)
    const rulesDigest = parsed.findings.find((f) => f.ruleSet)?.ruleSet?.digest ?? projectRulesDigest(db, projectId)
    recordDerivation(db, projectId, { packageId: at.pkg.id, sha256: at.pkg.sha256, status: 'derived', rulesDigest, budgetSheets: text })
  }).immediate()
  return {
    basis: [...sheets],
    sheetName: budget.sheetName,
    previousSheetName: at.pkg.budget_sheet,
    lineCount: budget.lines.length,
    previousLineCount,
    findingCount: parsed.findings.length
  }
}
