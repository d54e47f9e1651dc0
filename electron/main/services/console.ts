/**
 * The secretariat's console, before the meeting (issue 7): meeting settings (merge rules and thresholds),
 * projects (reorder, remove before the meeting opens), experts (add, edit, remove, roster import, 组长,
 * fingerprint registration at check-in), the meeting's phase (preparing → open → closed).
 * Every write is the secretariat's, through the one write path; a closed meeting refuses them (meetingGuard).
 */
import { ApiError } from '../../../shared/api/errors'
import type { ConsoleExpert, ConsoleMeeting, ConsoleProject, ConsoleSettings, MeetingPhase, RosterImportResult } from '../../../shared/api/secretariatTypes'
import { naturalId, uuidv7 } from '../../../shared/domain/ids'
import { completeSettings, isMergeMethod, type MeetingSettings } from '../../../shared/domain/merge'
import { parseRoster } from '../../../shared/domain/roster'
import type { Db } from '../db/connection'
import { reconsiderPending } from '../sync/apply'
import { writeChanges } from '../db/changeWriter'
import { all, first } from '../db/query'
import type { ExpertsTable, MeetingsTable } from '../db/schema'
import { PackageError } from '../packages/errors'
import { readSheetFile } from '../packages/sheets'
import { SECRETARIAT } from './authors'
import { getMeetingRow } from './meetings'
import { loadRubric } from './rubrics'
import { markScoringStarted } from './ruleSets'
import { scoringLockReason, scoringStarted } from './scoringLock'
import { FINGERPRINT_UNKNOWN_MESSAGE, knownFingerprints, matchesKnownKey, parseFingerprintText } from './expertKeys'

export function phaseOf(m: Pick<MeetingsTable, 'status'>): MeetingPhase {
  if (m.status === 'closed') return 'closed'
  if (m.status === 'preparing') return 'preparing'
  return 'open'
}

export function meetingSettings(db: Db, m: MeetingsTable): MeetingSettings {
  let stored: unknown
  try {
    stored = JSON.parse(m.settings || '{}')
  } catch {
    stored = {}
  }
  return completeSettings(stored, loadRubric(db, m.rubric_id), m.merge_method)
}

function parsePastUnits(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json)
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []
  } catch {
    return []
  }
}

export function toConsoleExpert(e: ExpertsTable): ConsoleExpert {
  const fp = e.key_fingerprint.trim()
  return {
    id: e.id,
    name: e.name,
    unit: e.unit,
    title: e.title,
    specialty: e.specialty,
    phone: e.phone,
    pastUnits: parsePastUnits(e.past_units),
    isLeader: e.is_leader === 1,
    fingerprint: fp,
    // Whole (32 or 64 hex), grouped by 4: the first 8 groups are what the expert's screen reads out.
    fingerprintGrouped: fp ? fp.toUpperCase().replace(/(.{4})(?=.)/g, '$1 ') : ''
  }
}

export function meetingExperts(db: Db, meetingId: string): ExpertsTable[] {
  return all(db, db.kysely.selectFrom('experts').selectAll().where('meeting_id', '=', meetingId).where('deleted', '=', 0).orderBy('is_leader', 'desc').orderBy('id'))
}

export function meetingProjects(db: Db, meetingId: string) {
  return all(db, db.kysely.selectFrom('projects').selectAll().where('meeting_id', '=', meetingId).where('deleted', '=', 0).orderBy('sort_order').orderBy('id'))
}

function sheetCountByProject(db: Db, meetingId: string): Map<string, number> {
  const rows = all(
    db,
    db.kysely
      .selectFrom('score_sheets')
      .select(['project_id'])
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('meeting_id', '=', meetingId)
      .where('deleted', '=', 0)
      .groupBy('project_id')
  )
  return new Map(rows.map((r) => [r.project_id, Number(r.n)]))
}

export function consoleSettings(db: Db, meetingId: string): ConsoleSettings {
  const m = getMeetingRow(db, meetingId)
  const rubric = loadRubric(db, m.rubric_id)
  const rubrics = all(db, db.kysely.selectFrom('rubrics').select(['id', 'name', 'version']).where('deleted', '=', 0).orderBy('id'))
  return {
    meetingId: m.id,
    name: m.name,
    date: m.date,
    place: m.place,
    organiser: m.organiser,
    phase: phaseOf(m),
    closedAt: m.closed_at,
    rubricId: m.rubric_id,
    rubricName: rubric.name,
    rubricVersion: rubric.version,
    rubricTotalPoints: rubric.totalPoints,
    rubrics,
    rubricLocked: scoringStarted(db, meetingId),
    settings: meetingSettings(db, m),
    isDemo: m.is_demo === 1
  }
}

export function consoleMeeting(db: Db, meetingId: string): ConsoleMeeting {
  const settings = consoleSettings(db, meetingId)
  const counts = sheetCountByProject(db, meetingId)
  const projects: ConsoleProject[] = meetingProjects(db, meetingId).map((p) => ({
    id: p.id,
    name: p.name,
    code: p.code,
    ownerUnit: p.owner_unit,
    authorUnit: p.author_unit,
    declaredInvestment: p.declared_investment,
    sortOrder: p.sort_order,
    hasSheets: (counts.get(p.id) ?? 0) > 0
  }))
  return { settings, projects, experts: meetingExperts(db, meetingId).map(toConsoleExpert) }
}

// ---------------------------------------------------------------------------------------------------------
// Settings and phase
// ---------------------------------------------------------------------------------------------------------

export interface SettingsInput {
  name?: string | undefined
  date?: string | undefined
  place?: string | undefined
  organiser?: string | undefined
  rubricId?: string | undefined
  settings?: Partial<MeetingSettings> | undefined
}

export function updateMeetingSettings(db: Db, meetingId: string, input: SettingsInput): ConsoleSettings {
  const m = getMeetingRow(db, meetingId)
  const current = meetingSettings(db, m)
  let rubricId = m.rubric_id
  if (input.rubricId !== undefined && input.rubricId !== m.rubric_id) {
    const locked = scoringLockReason(db, meetingId, '评分细则', '已有专家开始评分，不能再更换评分细则')
    if (locked) throw new ApiError('conflict', locked)
    if (!first(db, db.kysely.selectFrom('rubrics').select('id').where('id', '=', input.rubricId).where('deleted', '=', 0))) {
      throw new ApiError('not_found', '找不到该评分细则版本')
    }
    rubricId = input.rubricId
  }
  const rubric = loadRubric(db, rubricId)
  const merged = { ...current, ...(input.settings ?? {}) }
  if (input.settings?.conclusion) {
    const { passAt, reviseAt } = input.settings.conclusion
    if (!(passAt <= rubric.totalPoints && reviseAt >= 0 && reviseAt <= passAt)) {
      throw new ApiError('invalid_input', `结论阈值无效：应满足 0 ≤ 修改完善线 ≤ 通过线 ≤ ${rubric.totalPoints}`)
    }
  }
  if (input.settings?.deviationRatio !== undefined && !(input.settings.deviationRatio > 0 && input.settings.deviationRatio <= 1)) {
    throw new ApiError('invalid_input', '偏离阈值应在 1% 至 100% 之间')
  }
  const next = completeSettings(merged, rubric, merged.mergeMethod)
  if (input.settings?.mergeMethod !== undefined && !isMergeMethod(input.settings.mergeMethod)) throw new ApiError('invalid_input', '未知的汇总方法')
  writeChanges(db, SECRETARIAT, (w) =>
    w.write('meetings', meetingId, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.date !== undefined ? { date: input.date } : {}),
      ...(input.place !== undefined ? { place: input.place } : {}),
      ...(input.organiser !== undefined ? { organiser: input.organiser } : {}),
      ...(rubricId !== m.rubric_id ? { rubric_id: rubricId } : {}),
      merge_method: next.mergeMethod,
      settings: { budgetMergeMethod: next.budgetMergeMethod, deviationRatio: next.deviationRatio, conclusion: next.conclusion, panel: next.panel, pin: next.pin, prices: next.prices }
    })
  )
  return consoleSettings(db, meetingId)
}

/**
 * preparing → open (the meeting starts: projects can no longer be removed; experts may score). Closing is
 * closeMeeting (archive.ts). Right after, the secretariat's laptop writes the signed scoring-started marker that
 * locks the rubric and rule set on every replica (scoringLock.ts).
 */
export function openMeeting(db: Db, meetingId: string): ConsoleSettings {
  const m = getMeetingRow(db, meetingId)
  if (phaseOf(m) !== 'preparing') throw new ApiError('conflict', '会议已经开始')
  writeChanges(db, SECRETARIAT, (w) => w.write('meetings', meetingId, { status: 'open' }))
  markScoringStarted(db, meetingId)
  return consoleSettings(db, meetingId)
}

// ---------------------------------------------------------------------------------------------------------
// Projects
// ---------------------------------------------------------------------------------------------------------

export function reorderProjects(db: Db, meetingId: string, projectIds: readonly string[]): ConsoleMeeting {
  const current = meetingProjects(db, meetingId)
  const ids = new Set(current.map((p) => p.id))
  if (projectIds.length !== ids.size || new Set(projectIds).size !== projectIds.length || projectIds.some((id) => !ids.has(id))) {
    throw new ApiError('invalid_input', '项目顺序应包含本会议的每个项目各一次')
  }
  const order = new Map(current.map((p) => [p.id, p.sort_order]))
  writeChanges(db, SECRETARIAT, (w) => {
    projectIds.forEach((id, i) => {
      if (order.get(id) !== i + 1) w.write('projects', id, { sort_order: i + 1 })
    })
  })
  return consoleMeeting(db, meetingId)
}

export function removeProject(db: Db, projectId: string): ConsoleMeeting {
  const p = first(db, db.kysely.selectFrom('projects').selectAll().where('id', '=', projectId).where('deleted', '=', 0))
  if (!p) throw new ApiError('not_found', '找不到该项目，可能已被移除')
  const m = getMeetingRow(db, p.meeting_id)
  if (phaseOf(m) !== 'preparing') throw new ApiError('conflict', '会议已经开始，不能再移除项目')
  if (first(db, db.kysely.selectFrom('score_sheets').select('id').where('project_id', '=', projectId).where('deleted', '=', 0))) {
    throw new ApiError('conflict', '已有专家为该项目评分，不能移除')
  }
  const assignments = all(db, db.kysely.selectFrom('assignments').select('id').where('project_id', '=', projectId).where('deleted', '=', 0))
  writeChanges(db, SECRETARIAT, (w) => {
    w.write('projects', projectId, { deleted: true })
    for (const a of assignments) w.write('assignments', a.id, { deleted: true })
  })
  // Close the gap in the order.
  const rest = meetingProjects(db, p.meeting_id)
  return reorderProjects(db, p.meeting_id, rest.map((x) => x.id))
}

// ---------------------------------------------------------------------------------------------------------
// Experts
// ---------------------------------------------------------------------------------------------------------

export interface ExpertInput {
  name: string
  unit: string
  title: string
  specialty: string
  phone: string
  pastUnits: string[]
}

function cleanExpert(input: ExpertInput): ExpertInput {
  const name = input.name.trim()
  const unit = input.unit.trim()
  if (!name) throw new ApiError('invalid_input', '请填写专家姓名')
  if (!unit) throw new ApiError('invalid_input', '请填写工作单位（用于回避比对）')
  return {
    name,
    unit,
    title: input.title.trim(),
    specialty: input.specialty.trim(),
    phone: input.phone.trim(),
    pastUnits: input.pastUnits.map((u) => u.trim()).filter(Boolean)
  }
}

/** The fields of a new expert of a meeting (not yet 组长, no fingerprint registered). */
function newExpertRow(meetingId: string, e: ExpertInput) {
  return {
    meeting_id: meetingId,
    name: e.name,
    unit: e.unit,
    title: e.title,
    specialty: e.specialty,
    phone: e.phone,
    past_units: e.pastUnits,
    is_leader: false,
    key_fingerprint: '',
    deleted: false
  }
}

function expertRow(db: Db, expertId: string): ExpertsTable {
  const e = first(db, db.kysely.selectFrom('experts').selectAll().where('id', '=', expertId).where('deleted', '=', 0))
  if (!e) throw new ApiError('not_found', '找不到该专家，可能已被移除')
  return e
}

export function addExpert(db: Db, meetingId: string, input: ExpertInput): ConsoleExpert {
  getMeetingRow(db, meetingId)
  const e = cleanExpert(input)
  const dup = meetingExperts(db, meetingId).find((x) => x.name === e.name && x.unit === e.unit)
  if (dup) throw new ApiError('conflict', `本次会议已有专家「${e.name}」（${e.unit}）`)
  const id = uuidv7()
  writeChanges(db, SECRETARIAT, (w) =>
    w.write('experts', id, newExpertRow(meetingId, e))
  )
  return toConsoleExpert(expertRow(db, id))
}

export function updateExpert(db: Db, expertId: string, input: ExpertInput): ConsoleExpert {
  const row = expertRow(db, expertId)
  const e = cleanExpert(input)
  const dup = meetingExperts(db, row.meeting_id).find((x) => x.id !== expertId && x.name === e.name && x.unit === e.unit)
  if (dup) throw new ApiError('conflict', `本次会议已有专家「${e.name}」（${e.unit}）`)
  writeChanges(db, SECRETARIAT, (w) =>
    w.write('experts', expertId, { name: e.name, unit: e.unit, title: e.title, specialty: e.specialty, phone: e.phone, past_units: e.pastUnits })
  )
  return toConsoleExpert(expertRow(db, expertId))
}

export function removeExpert(db: Db, expertId: string): void {
  expertRow(db, expertId)
  if (first(db, db.kysely.selectFrom('score_sheets').select('id').where('expert_id', '=', expertId).where('deleted', '=', 0))) {
    throw new ApiError('conflict', '该专家已有评分表，不能移除（可在分配表中取消其尚未开始的项目）')
  }
  const assignments = all(db, db.kysely.selectFrom('assignments').select('id').where('expert_id', '=', expertId).where('deleted', '=', 0))
  writeChanges(db, SECRETARIAT, (w) => {
    w.write('experts', expertId, { deleted: true, is_leader: false })
    for (const a of assignments) w.write('assignments', a.id, { deleted: true })
  })
}

/** Makes one expert the 组长 (and nobody else); null clears the 组长. */
export function setLeader(db: Db, meetingId: string, expertId: string | null): ConsoleExpert[] {
  getMeetingRow(db, meetingId)
  if (expertId) {
    const e = expertRow(db, expertId)
    if (e.meeting_id !== meetingId) throw new ApiError('invalid_input', '该专家不属于本次会议')
  }
  writeChanges(db, SECRETARIAT, (w) => {
    for (const e of meetingExperts(db, meetingId)) {
      const want = e.id === expertId
      if ((e.is_leader === 1) !== want) w.write('experts', e.id, { is_leader: want })
    }
  })
  return meetingExperts(db, meetingId).map(toConsoleExpert)
}

/**
 * Registers the fingerprint an expert reads out (or shows as a QR code) at check-in. Accepts the 64-hex
 * fingerprint, the 32-hex read-aloud form, spaces and dashes, or the text of the QR code
 * ("paneldesk:fp:<hex>" or any text holding one 64-hex run). '' clears it.
 */
export function registerFingerprint(db: Db, expertId: string, text: string, confirmed = false): ConsoleExpert {
  expertRow(db, expertId)
  const fp = parseFingerprintText(text)
  // A typo is caught whenever this laptop has seen the expert's key; a new key needs the explicit confirmation.
  if (fp && !confirmed && !matchesKnownKey(knownFingerprints(db, expertId), fp)) {
    const message = FINGERPRINT_UNKNOWN_MESSAGE
    throw new ApiError('invalid_input', message, [{ path: 'text', message }])
  }
  writeChanges(db, SECRETARIAT, (w) => w.write('experts', expertId, { key_fingerprint: fp }))
  // What waited for this key (an expert's units and submissions received before check-in) is judged again now.
  reconsiderPending(db)
  return toConsoleExpert(expertRow(db, expertId))
}

// ---------------------------------------------------------------------------------------------------------
// Roster import
// ---------------------------------------------------------------------------------------------------------

/** Imports a roster (.xlsx or .csv UTF-8/GBK). All or nothing: any problem is reported and nothing is written. */
export async function importRoster(db: Db, meetingId: string, fileName: string, bytes: Uint8Array): Promise<RosterImportResult> {
  getMeetingRow(db, meetingId)
  const fail = (message: string, extra: Partial<RosterImportResult> = {}): RosterImportResult => ({
    ok: false,
    added: 0,
    skipped: [],
    problems: [{ row: null, message }],
    format: null,
    encoding: null,
    ...extra
  })
  let file
  try {
    file = await readSheetFile(fileName, bytes, 2000)
  } catch (e) {
    if (e instanceof PackageError) return fail(e.message)
    return fail(`无法读取文件“${fileName}”：文件可能已损坏`)
  }
  const sheet = file.sheets.find((s) => s.rows.some((r) => r.some((c) => c !== null && String(c).trim() !== '')))
  if (!sheet) return fail('文件中没有任何内容')
  const parsed = parseRoster(sheet.rows)
  const meta = { format: file.format, encoding: file.encoding }
  if (!parsed.ok) return { ok: false, added: 0, skipped: [], problems: parsed.problems, ...meta }
  const existing = new Set(meetingExperts(db, meetingId).map((e) => `${e.name}\u0000${e.unit}`))
  const skipped: { row: number; name: string }[] = []
  const toAdd = parsed.experts.filter((e) => {
    if (existing.has(`${e.name}\u0000${e.unit}`)) {
      skipped.push({ row: e.row, name: e.name })
      return false
    }
    return true
  })
  writeChanges(db, SECRETARIAT, (w) => {
    for (const e of toAdd) {
      w.write('experts', uuidv7(), newExpertRow(meetingId, e))
    }
  })
  return { ok: true, added: toAdd.length, skipped, problems: [], ...meta }
}

export function assignmentRowId(projectId: string, expertId: string): string {
  return naturalId('assignment', projectId, expertId)
}
