/**
 * 概算审核: the lines an expert reviews (the leaf items of the imported budget), the compliance findings on
 * them, and the expert's decisions, saved into the expert's current sheet (signed with it on submission).
 */
import { ApiError } from '../../../shared/api/errors'
import type { BudgetReviewLineView, BudgetReviewView, GroupSuggestionView, LineFindingView } from '../../../shared/api/budgetTypes'
import { articleLabel } from '../../../shared/domain/packages/findingsView'
import { feeSuggestionView, feeSuggestions, groupMarker, groupSuggestionView, isGroupSuggestion, spreadGroup } from './budgetSuggestions'
import { computeReviewTotals, linesWithAdded, reviewsFromFinding, validateLineReview, type ReviewLine } from '../../../shared/domain/budgetReview'
import type { Finding, FindingRef } from '../../../shared/domain/compliance/types'
import { naturalId } from '../../../shared/domain/ids'
import { INCREASE_REASON, REVIEW_REASONS, type BudgetLineReview, type ReviewReason } from '../../../shared/domain/sheet'
import type { BudgetLineFact } from '../../../shared/signing/envelope'
import type { Db } from '../db/connection'
import { writeChanges } from '../db/changeWriter'
import { all, prepare } from '../db/query'
import { editableSheet, latestSheet } from './sheets'
import { PRICE_LABEL } from '../../../shared/domain/prices/findings'
import { projectPriceFindings, projectPrices } from './priceReview'
import { ADDED_LINE_PREFIX, citationOf, extraOf, parseExtra } from './budgetReviewExtra'
import { randomUUID } from 'node:crypto'
import { budgetSkeleton, groupPath, type BudgetSkeleton } from '../../../shared/domain/budgetSkeleton'

interface BudgetStructure {
  /** The reviewable lines: leaf items (no subtotals, totals, memo rows or group headings), in budget order. */
  leaves: ReviewLine[]
  /** For any line id (a leaf or a group heading), the reviewable lines it covers. */
  covered(lineId: string): ReviewLine[]
  /** The name of any line (a group heading's too). */
  nameOf(lineId: string): string
  /** The submitted groups and the group of each line (issue 14 item 2). */
  skeleton: BudgetSkeleton
}

function budgetStructure(db: Db, projectId: string): BudgetStructure {
  const rows = all(
    db,
    db.kysely
      .selectFrom('budget_lines')
      .select(['id', 'parent_id', 'numbering', 'name', 'category', 'amount', 'kind'])
      .where('project_id', '=', projectId)
      .where('deleted', '=', 0)
      .orderBy('sort_order')
  )
  const children = new Map<string, string[]>()
  for (const r of rows) if (r.parent_id) children.set(r.parent_id, [...(children.get(r.parent_id) ?? []), r.id])
  const leaves = rows
    .filter((r) => r.kind === 'item' && !children.has(r.id))
    .map((r) => ({ lineId: r.id, numbering: r.numbering ?? '', name: r.name, category: r.category, submitted: r.amount ?? 0 }))
  const byId = new Map(leaves.map((l) => [l.lineId, l]))
  const covered = (lineId: string): ReviewLine[] => {
    const leaf = byId.get(lineId)
    if (leaf) return [leaf]
    return (children.get(lineId) ?? []).flatMap(covered)
  }
  const names = new Map(rows.map((r) => [r.id, r.name]))
  const skeleton = budgetSkeleton(rows.map((r) => ({ id: r.id, parentId: r.parent_id, numbering: r.numbering, name: r.name, kind: r.kind })))
  return { leaves, covered, nameOf: (id) => names.get(id) ?? '', skeleton }
}

/** The lines a finding covers, and the group it is on (the heading's name, or the names of the lines it lists). */
function coverage(structure: BudgetStructure, f: Finding): { covered: ReviewLine[]; group: string } {
  const refs = f.refs.flatMap((ref) => (ref.kind === 'budgetLine' ? [ref.lineId] : []))
  const seen = new Set<string>()
  const covered = refs.flatMap((id) => structure.covered(id)).filter((l) => !seen.has(l.lineId) && seen.add(l.lineId))
  const names = refs.map((id) => structure.nameOf(id)).filter(Boolean)
  return { covered, group: names.length === 1 ? names[0]! : names.length > 1 ? `${names.slice(0, 3).join('、')}${names.length > 3 ? '等' : ''}` : '多行' }
}

/** The submitted structure of a project's budget (its groups and the group of each line). */
export function projectSkeleton(db: Db, projectId: string): BudgetSkeleton {
  return budgetStructure(db, projectId).skeleton
}

export function reviewLines(db: Db, projectId: string): ReviewLine[] {
  return budgetStructure(db, projectId).leaves
}

function parseJson<T>(text: string | null, fallback: T): T {
  if (!text) return fallback
  try {
    return JSON.parse(text) as T
  } catch {
    return fallback
  }
}

export function projectFindings(db: Db, projectId: string): Finding[] {
  return all(db, db.kysely.selectFrom('findings').selectAll().where('project_id', '=', projectId).where('deleted', '=', 0).orderBy('sort_order')).map(
    (f) => {
      const cut = parseJson<{ amount: number; reason: string } | null>(f.suggested_cut, null)
      return {
        id: f.id,
        article: f.article,
        code: f.code,
        severity: f.severity === 'error' || f.severity === 'info' ? f.severity : 'warning',
        message: f.message,
        refs: parseJson<FindingRef[]>(f.refs, []),
        ...(cut ? { suggestedCut: cut } : {})
      }
    }
  )
}

/** The findings the budget review lists: the package's compliance findings, then the 价格参考 ones (issue 13). */
export function reviewFindings(db: Db, projectId: string): Finding[] {
  return [...projectFindings(db, projectId), ...projectPriceFindings(db, projectId)]
}

export function budgetReviewView(db: Db, projectId: string, expertId: string | null): BudgetReviewView {
  const structure = budgetStructure(db, projectId)
  const sheet = expertId ? latestSheet(db, projectId, expertId) : undefined
  const reviews = sheet ? budgetReviewsOf(db, sheet.id) : {}
  const lines = linesWithAdded(structure.leaves, reviews)
  const byLine = new Map<string, LineFindingView[]>()
  const groupSuggestions: GroupSuggestionView[] = []
  for (const f of reviewFindings(db, projectId)) {
    const label = f.code.startsWith('price.') ? PRICE_LABEL : articleLabel(f.article)
    const view: LineFindingView = {
      id: f.id, article: f.article, severity: f.severity, message: f.message, suggestedCut: f.suggestedCut ?? null,
      ...(f.code.startsWith('price.') ? { label: PRICE_LABEL } : {})
    }
    const { covered, group } = coverage(structure, f)
    const grouped = isGroupSuggestion(f, covered)
    if (grouped) groupSuggestions.push(groupSuggestionView(f, covered, group, label))
    for (const l of covered) byLine.set(l.lineId, [...(byLine.get(l.lineId) ?? []), grouped ? groupMarker(view, group) : view])
  }
  const views: BudgetReviewLineView[] = lines.map((l) => ({ ...l, review: reviews[l.lineId] ?? null, findings: byLine.get(l.lineId) ?? [] }))
  return {
    projectId,
    sheetId: sheet?.id ?? null,
    editable: sheet?.status === 'draft' && !meetingClosed(db, projectId),
    lines: views,
    skeleton: structure.skeleton,
    totals: computeReviewTotals(lines, reviews),
    groupSuggestions,
    feeSuggestions: feeSuggestions(lines, reviews).map((fee) => feeSuggestionView(fee, lines, reviews))
  }
}

/** Whether the project's meeting is closed (then nothing in it is editable). */
function meetingClosed(db: Db, projectId: string): boolean {
  const r = prepare(db, 'SELECT m.status FROM projects p JOIN meetings m ON m.id = p.meeting_id WHERE p.id = ?').get(projectId) as { status: string } | undefined
  return r?.status === 'closed'
}

function lineOf(db: Db, projectId: string, sheetId: string, lineId: string): ReviewLine {
  const line = linesWithAdded(reviewLines(db, projectId), budgetReviewsOf(db, sheetId)).find((l) => l.lineId === lineId)
  if (!line) throw new ApiError('not_found', '找不到该概算行（或该行是小计、合计行，不能单独审核）')
  return line
}

function writeReview(w: Parameters<Parameters<typeof writeChanges>[2]>[0], sheetId: string, r: BudgetLineReview): void {
  w.write('budget_reviews', naturalId(sheetId, r.lineId), {
    sheet_id: sheetId,
    line_id: r.lineId,
    approved_amount: r.approvedAmount,
    reason: r.approvedAmount === null ? null : r.reason,
    note: r.note,
    extra: extraOf(r)
  })
}

/** Writes decisions into the sheet in one transaction and answers with the whole review. */
function saveDecisions(db: Db, expertId: string, sheetId: string, projectId: string, decisions: readonly BudgetLineReview[]): BudgetReviewView {
  writeChanges(db, expertId, (w) => {
    for (const r of decisions) writeReview(w, sheetId, r)
    w.write('score_sheets', sheetId, { updated_at: new Date().toISOString() })
  })
  return budgetReviewView(db, projectId, expertId)
}

/** A 单价偏高 cut carries the reference it rests on (issue 13 item 4); any other decision carries none. */
function withCitation(db: Db, projectId: string, r: BudgetLineReview): BudgetLineReview {
  const { priceRef: _old, ...rest } = r
  if (r.reason !== '单价偏高' || r.approvedAmount === null) return rest
  const cite = citationOf(projectPrices(db, projectId).lines.find((v) => v.lineId === r.lineId))
  return cite ? { ...rest, priceRef: cite } : rest
}

export function setLineReview(
  db: Db,
  expertId: string,
  sheetId: string,
  input: { lineId: string; approvedAmount: number | null; reason: ReviewReason | null; note: string }
): BudgetReviewView {
  const { sheet } = editableSheet(db, sheetId, expertId)
  const line = lineOf(db, sheet.project_id, sheetId, input.lineId)
  const base: BudgetLineReview = { lineId: line.lineId, approvedAmount: input.approvedAmount, reason: input.reason, note: input.note.trim() }
  const review = withCitation(db, sheet.project_id, line.added ? { ...base, added: { name: line.name, category: line.category } } : base)
  const v = validateLineReview(line, review)
  if (!v.ok) throw new ApiError('invalid_input', v.message)
  return saveDecisions(db, expertId, sheetId, sheet.project_id, [review])
}

/**
 * Accepts the 审减 suggested by findings, one or many at once, in one transaction. A group's suggestion is spread
 * in proportion over its lines, or over `lineIds` only when the expert chose lines (one finding at a time).
 */
export function acceptFindings(db: Db, expertId: string, sheetId: string, findingIds: string[], lineIds?: string[]): BudgetReviewView {
  const { sheet } = editableSheet(db, sheetId, expertId)
  const structure = budgetStructure(db, sheet.project_id)
  if (lineIds && findingIds.length !== 1) throw new ApiError('invalid_input', '指定分摊的概算行时只能采纳一条审减建议')
  const wanted = new Set(findingIds)
  const decisions: BudgetLineReview[] = []
  for (const f of reviewFindings(db, sheet.project_id)) {
    if (!wanted.has(f.id)) continue
    const { covered } = coverage(structure, f)
    decisions.push(...(lineIds ? spreadGroup(f, covered, lineIds) : reviewsFromFinding(f, covered)).map((r) => withCitation(db, sheet.project_id, r)))
  }
  if (decisions.length === 0) throw new ApiError('invalid_input', '所选合规提示没有可采纳的审减建议')
  return saveDecisions(db, expertId, sheetId, sheet.project_id, decisions)
}

/** Accepts a recomputed rate-based fee (the fee lines cut to the rate of their approved base). */
export function acceptFee(db: Db, expertId: string, sheetId: string, feeId: string): BudgetReviewView {
  const { sheet } = editableSheet(db, sheetId, expertId)
  const reviews = budgetReviewsOf(db, sheetId)
  const fee = feeSuggestions(linesWithAdded(reviewLines(db, sheet.project_id), reviews), reviews).find((x) => x.id === feeId)
  if (!fee) throw new ApiError('conflict', '该费用已按审减后的计费基数计算，无需重算')
  return saveDecisions(db, expertId, sheetId, sheet.project_id, fee.decisions)
}

function asReason(v: string | null): ReviewReason | null {
  return v !== null && (REVIEW_REASONS as readonly string[]).includes(v) ? (v as ReviewReason) : null
}

/** The expert's decisions on the lines of one sheet revision (an added line the expert removed is gone). */
export function budgetReviewsOf(db: Db, sheetId: string): Record<string, BudgetLineReview> {
  const out: Record<string, BudgetLineReview> = {}
  for (const r of all(db, db.kysely.selectFrom('budget_reviews').selectAll().where('sheet_id', '=', sheetId))) {
    const extra = parseExtra(r.extra)
    if (r.line_id.startsWith(ADDED_LINE_PREFIX) && !extra?.added) continue
    out[r.line_id] = { lineId: r.line_id, approvedAmount: r.approved_amount, reason: asReason(r.reason), note: r.note, ...(extra ?? {}) }
  }
  return out
}

/**
 * 核增 of a cost the budget left out (issue 14 item 6): a new line with 送审 0, the expert's amount, the reason
 * 核增 and a mandatory note. It lives in the expert's sheet only and is signed with it.
 */
export function addLine(db: Db, expertId: string, sheetId: string, input: { name: string; category: string; amount: number; note: string }): BudgetReviewView {
  const { sheet } = editableSheet(db, sheetId, expertId)
  const name = input.name.trim()
  const category = input.category.trim()
  if (!name) throw new ApiError('invalid_input', '请填写漏项的名称')
  if (!category) throw new ApiError('invalid_input', '请选择漏项的费用类别')
  const lineId = `${ADDED_LINE_PREFIX}${randomUUID()}`
  const line: ReviewLine = { lineId, numbering: '', name, category, submitted: 0, added: true }
  const review: BudgetLineReview = { lineId, approvedAmount: input.amount, reason: INCREASE_REASON, note: input.note.trim(), added: { name, category } }
  const v = validateLineReview(line, review)
  if (!v.ok) throw new ApiError('invalid_input', v.message)
  return saveDecisions(db, expertId, sheetId, sheet.project_id, [review])
}

/** Removes a line the expert added (its row stays, emptied, so the removal replicates). */
export function removeAddedLine(db: Db, expertId: string, sheetId: string, lineId: string): BudgetReviewView {
  const { sheet } = editableSheet(db, sheetId, expertId)
  if (!budgetReviewsOf(db, sheetId)[lineId]?.added) throw new ApiError('not_found', '找不到该核增漏项，可能已被删除')
  return saveDecisions(db, expertId, sheetId, sheet.project_id, [{ lineId, approvedAmount: null, reason: null, note: '' }])
}

/** The lines as an expert signs them in the SheetPayload. */
export function budgetLineFacts(db: Db, projectId: string): BudgetLineFact[] {
  const { leaves, skeleton } = budgetStructure(db, projectId)
  // The group path is signed only when the budget has groups, so a flat budget signs as it did before.
  const grouped = skeleton.groups.length > 0
  return leaves.map((l) => ({
    lineId: l.lineId,
    name: l.name,
    category: l.category,
    submittedAmount: l.submitted,
    ...(grouped ? { group: groupPath(skeleton, l.lineId) } : {})
  }))
}
