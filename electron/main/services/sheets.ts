/** An expert's score sheet for a project: open (creating the draft), score, write opinions, conclude. */
import type { SaveAck, SheetView } from '../../../shared/api/types'
import { ApiError } from '../../../shared/api/errors'
import { CONCLUSIONS, type Conclusion } from '../../../shared/domain/conclusion'
import { naturalId } from '../../../shared/domain/ids'
import type { RubricDefinition } from '../../../shared/domain/rubric'
import { findItem } from '../../../shared/domain/rubric'
import { computeTotals, suggestConclusionWithReasons, validateItemScore } from '../../../shared/domain/scoring'
import type { CitedText, ItemScore, SheetStatus } from '../../../shared/domain/sheet'
import type { Db } from '../db/connection'
import { writeChanges, type ChangeWriter } from '../db/changeWriter'
import { all, first } from '../db/query'
import type { ScoreSheetsTable } from '../db/schema'
import { commitmentView, declarationOf } from './declarations'
import { getMeetingRow } from './meetings'
import { checkSheetSignature } from './signatureCheck'
import { parseExtra } from './budgetReviewExtra'
import { loadRubric } from './rubrics'

function parseJsonArray<T>(text: string): T[] {
  try {
    const v: unknown = JSON.parse(text)
    return Array.isArray(v) ? (v as T[]) : []
  } catch {
    return []
  }
}

function asConclusion(v: string | null): Conclusion | null {
  return v !== null && (CONCLUSIONS as readonly string[]).includes(v) ? (v as Conclusion) : null
}

function asStatus(v: string): SheetStatus {
  return v === 'submitted' || v === 'reopened' ? v : 'draft'
}

/** The vetoes among a project's current findings (第十二条 不得建设, 第十一条 重新审批…). */
export function projectVetoes(db: Db, projectId: string): { reason: string }[] {
  const rows = all(db, db.kysely.selectFrom('findings').select('veto').where('project_id', '=', projectId).where('deleted', '=', 0).where('veto', 'is not', null))
  return rows.flatMap((r) => {
    try {
      const v = JSON.parse(r.veto ?? 'null') as { reason?: unknown } | null
      return v && typeof v.reason === 'string' ? [{ reason: v.reason }] : []
    } catch {
      return []
    }
  })
}

export function toSheetView(db: Db, sheet: ScoreSheetsTable, rubric: RubricDefinition): SheetView {
  const scores: Record<string, ItemScore> = {}
  for (const s of all(db, db.kysely.selectFrom('scores').selectAll().where('sheet_id', '=', sheet.id))) {
    scores[s.item_id] = { value: s.value, na: s.na === 1 }
  }
  const opinions: Record<string, string> = {}
  for (const o of all(db, db.kysely.selectFrom('opinions').selectAll().where('sheet_id', '=', sheet.id))) {
    opinions[o.dimension_id] = o.text
  }
  const totals = computeTotals(rubric, scores)
  const suggestion = suggestConclusionWithReasons(rubric, totals.total, projectVetoes(db, sheet.project_id))
  return {
    sheetId: sheet.id,
    projectId: sheet.project_id,
    expertId: sheet.expert_id,
    revision: sheet.revision,
    status: asStatus(sheet.status),
    scores,
    opinions,
    mainProblems: parseJsonArray<CitedText>(sheet.main_problems),
    suggestions: parseJsonArray<CitedText>(sheet.suggestions),
    conclusion: asConclusion(sheet.conclusion),
    conclusionReason: sheet.conclusion_reason,
    totals,
    suggestedConclusion: suggestion.conclusion,
    suggestionReasons: suggestion.reasons,
    suggestionVetoes: suggestion.vetoes,
    updatedAt: sheet.updated_at,
    submittedAt: sheet.submitted_at,
    reopenReason: sheet.reopen_reason,
    check: checkSheetSignature(db, sheet)
  }
}

/** Every revision of an expert's sheet for a project, newest first. */
export function sheetRevisionsQuery(db: Db, projectId: string, expertId: string) {
  return db.kysely
    .selectFrom('score_sheets')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('expert_id', '=', expertId)
    .where('deleted', '=', 0)
    .orderBy('revision', 'desc')
}

/** The expert's current revision for a project (the newest), if any. */
export function latestSheet(db: Db, projectId: string, expertId: string): ScoreSheetsTable | undefined {
  return first(db, sheetRevisionsQuery(db, projectId, expertId).limit(1))
}

function projectRow(db: Db, projectId: string) {
  const p = first(db, db.kysely.selectFrom('projects').selectAll().where('id', '=', projectId).where('deleted', '=', 0))
  if (!p) throw new ApiError('not_found', '找不到该项目，可能已被移除')
  return p
}

export function isAssigned(db: Db, projectId: string, expertId: string): boolean {
  return !!first(
    db,
    db.kysely
      .selectFrom('assignments')
      .select('id')
      .where('project_id', '=', projectId)
      .where('expert_id', '=', expertId)
      .where('deleted', '=', 0)
  )
}

export function findSheetView(db: Db, projectId: string, expertId: string): SheetView | null {
  const sheet = latestSheet(db, projectId, expertId)
  if (!sheet) return null
  return toSheetView(db, sheet, loadRubric(db, getMeetingRow(db, sheet.meeting_id).rubric_id))
}

/** Why this expert may not score this project yet (null when they may). */
export function scoringBlocker(db: Db, meetingId: string, projectId: string, expertId: string): string | null {
  if (!commitmentView(db, meetingId, expertId).acceptedAt) return '请先阅读并签署本次会议的评审承诺书'
  const d = declarationOf(db, projectId, expertId)
  if (!d) return '请先作出回避声明（无利害关系或申请回避）'
  if (d.kind === 'recuse') return '您已申请回避该项目，不能评分'
  return null
}

/**
 * Opens the expert's current sheet for a project, creating the first draft when there is none, or the next
 * revision (a copy of the reopened one) after the secretariat reopened a submitted sheet.
 */
export function openSheet(db: Db, projectId: string, expertId: string): SheetView {
  const project = projectRow(db, projectId)
  if (!isAssigned(db, projectId, expertId)) throw new ApiError('forbidden', '您未被分配评审该项目')
  const meeting = getMeetingRow(db, project.meeting_id)
  const blocker = scoringBlocker(db, meeting.id, projectId, expertId)
  if (blocker) throw new ApiError('forbidden', blocker)
  const rubric = loadRubric(db, meeting.rubric_id)
  let sheet = latestSheet(db, projectId, expertId)
  if (!sheet || sheet.status === 'reopened') {
    const previous = sheet
    const revision = previous ? previous.revision + 1 : 1
    const id = naturalId('sheet', projectId, expertId, revision)
    const now = new Date().toISOString()
    writeChanges(db, expertId, (w) => {
      w.write('score_sheets', id, {
        meeting_id: meeting.id,
        project_id: projectId,
        expert_id: expertId,
        revision,
        status: 'draft',
        conclusion: previous ? asConclusion(previous.conclusion) : null,
        conclusion_reason: previous ? previous.conclusion_reason : '',
        main_problems: previous ? parseJsonArray(previous.main_problems) : [],
        suggestions: previous ? parseJsonArray(previous.suggestions) : [],
        updated_at: now,
        deleted: false,
        signed_payload: null,
        submitted_at: null,
        reopen_reason: '',
        reopened_at: null
      })
      if (previous) copyContent(db, w, previous.id, id)
    })
    sheet = latestSheet(db, projectId, expertId)
    if (!sheet) throw new Error('sheet was not created')
  }
  return toSheetView(db, sheet, rubric)
}

/** Copies scores, opinions and budget reviews into a new revision, so the expert continues where they were. */
function copyContent(db: Db, w: ChangeWriter, fromId: string, toId: string): void {
  for (const sc of all(db, db.kysely.selectFrom('scores').selectAll().where('sheet_id', '=', fromId))) {
    w.write('scores', naturalId(toId, sc.item_id), { sheet_id: toId, item_id: sc.item_id, value: sc.value, na: sc.na === 1 })
  }
  for (const o of all(db, db.kysely.selectFrom('opinions').selectAll().where('sheet_id', '=', fromId))) {
    w.write('opinions', naturalId(toId, o.dimension_id), { sheet_id: toId, dimension_id: o.dimension_id, text: o.text })
  }
  for (const b of all(db, db.kysely.selectFrom('budget_reviews').selectAll().where('sheet_id', '=', fromId))) {
    w.write('budget_reviews', naturalId(toId, b.line_id), {
      sheet_id: toId,
      line_id: b.line_id,
      approved_amount: b.approved_amount,
      reason: b.reason,
      note: b.note,
      extra: parseExtra(b.extra)
    })
  }
}

interface EditableSheet {
  sheet: ScoreSheetsTable
  rubric: RubricDefinition
}

export function editableSheet(db: Db, sheetId: string, expertId: string): EditableSheet {
  const sheet = first(db, db.kysely.selectFrom('score_sheets').selectAll().where('id', '=', sheetId).where('deleted', '=', 0))
  if (!sheet) throw new ApiError('not_found', '找不到该评分表')
  if (sheet.expert_id !== expertId) throw new ApiError('forbidden', '只能修改本人的评分表')
  if (sheet.status !== 'draft') throw new ApiError('conflict', '评分表已提交并签名，不能再修改；如需修改请联系秘书处退回')
  const blocker = scoringBlocker(db, sheet.meeting_id, sheet.project_id, expertId)
  if (blocker) throw new ApiError('forbidden', blocker)
  const rubric = loadRubric(db, getMeetingRow(db, sheet.meeting_id).rubric_id)
  return { sheet, rubric }
}

function reload(db: Db, sheetId: string, rubric: RubricDefinition): SheetView {
  const sheet = first(db, db.kysely.selectFrom('score_sheets').selectAll().where('id', '=', sheetId))
  if (!sheet) throw new Error('sheet vanished')
  return toSheetView(db, sheet, rubric)
}

export function setScore(db: Db, expertId: string, sheetId: string, itemId: string, score: ItemScore): SheetView {
  const { rubric } = editableSheet(db, sheetId, expertId)
  const found = findItem(rubric, itemId)
  if (!found) throw new ApiError('invalid_input', '评分细则中没有该项')
  const check = validateItemScore(found.item, score)
  if (!check.ok) throw new ApiError('invalid_input', check.message)
  writeChanges(db, expertId, (w) => {
    w.write('scores', naturalId(sheetId, itemId), { sheet_id: sheetId, item_id: itemId, value: score.na ? null : score.value, na: score.na })
    w.write('score_sheets', sheetId, { updated_at: new Date().toISOString() })
  })
  return reload(db, sheetId, rubric)
}

export function setOpinion(db: Db, expertId: string, sheetId: string, dimensionId: string, text: string): SaveAck {
  const { rubric } = editableSheet(db, sheetId, expertId)
  if (!rubric.dimensions.some((d) => d.id === dimensionId)) throw new ApiError('invalid_input', '评分细则中没有该维度')
  const savedAt = new Date().toISOString()
  writeChanges(db, expertId, (w) => {
    w.write('opinions', naturalId(sheetId, dimensionId), { sheet_id: sheetId, dimension_id: dimensionId, text })
    w.write('score_sheets', sheetId, { updated_at: savedAt })
  })
  return { savedAt }
}

export function setConclusion(db: Db, expertId: string, sheetId: string, conclusion: Conclusion | null): SheetView {
  const { rubric } = editableSheet(db, sheetId, expertId)
  writeChanges(db, expertId, (w) => w.write('score_sheets', sheetId, { conclusion, updated_at: new Date().toISOString() }))
  return reload(db, sheetId, rubric)
}

/** The expert's reason for a conclusion that departs from a veto (kept as typed; checked at submission). */
export function setConclusionReason(db: Db, expertId: string, sheetId: string, text: string): SaveAck {
  editableSheet(db, sheetId, expertId)
  const savedAt = new Date().toISOString()
  writeChanges(db, expertId, (w) => w.write('score_sheets', sheetId, { conclusion_reason: text, updated_at: savedAt }))
  return { savedAt }
}

export type SheetListKind = 'mainProblems' | 'suggestions'

/** Replaces the 主要问题 or 修改建议 list (each item optionally citing a document page or a budget line). */
export function setList(db: Db, expertId: string, sheetId: string, kind: SheetListKind, items: CitedText[]): SheetView {
  const { rubric } = editableSheet(db, sheetId, expertId)
  const clean = items.map((i) => ({ ...i, text: i.text.trim() })).filter((i) => i.text)
  writeChanges(db, expertId, (w) =>
    w.write('score_sheets', sheetId, {
      [kind === 'mainProblems' ? 'main_problems' : 'suggestions']: clean,
      updated_at: new Date().toISOString()
    })
  )
  return reload(db, sheetId, rubric)
}
