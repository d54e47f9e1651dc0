/**
 * The live board (issue 7, during the meeting): per project, who has declared, who is scoring, who has
 * submitted. Every submitted sheet's signature is checked as it is read (SM2/SM3, the registered fingerprint,
 * and that the signed content is this sheet); a sheet that fails is shown as 已篡改 (or 无法验证) and never
 * counted. The same collection feeds the merge (merging.ts).
 */
import type { BoardCell, BoardState, LiveBoard } from '../../../shared/api/secretariatTypes'
import type { SheetPayload, SignedPayload } from '../../../shared/signing/types'
import type { Db } from '../db/connection'
import { all } from '../db/query'
import type { ExpertsTable, MeetingsTable, ProjectsTable, ScoreSheetsTable } from '../db/schema'
import { meetingExperts, meetingProjects, phaseOf } from './console'
import { getMeetingRow } from './meetings'
import { INVALID_CONTENT_LABEL, parseSheetContent, type ContentCheck } from '../../../shared/signing/contentSchema'
import { sharedStoredText, verifyStoredPayloads, type StoredPayloadResult } from './verdictStore'
import { FINGERPRINT_MISMATCH_REASON } from '../../../shared/signing/envelope'
import type { ScoringMarkerStatement } from '../../../shared/sync/scoringMarker'
import { scoringMarker } from './scoringLock'

export const FINGERPRINT_MISMATCH_LABEL = '登记指纹与签名密钥不符（可能登记有误）'

const LABELS: Record<BoardState, string> = {
  'not-started': '未开始',
  declared: '已声明',
  recused: '已回避',
  scoring: '评分中',
  submitted: '已提交',
  tampered: '已篡改',
  unverifiable: '无法验证',
  reopened: '退回修改'
}

/** The columns of a score sheet this module reads. */
type SheetRow = Pick<ScoreSheetsTable, 'id' | 'project_id' | 'expert_id' | 'revision' | 'status' | 'signed_payload' | 'submitted_at' | 'updated_at'>

export interface CollectedCell extends BoardCell {
  payload: SignedPayload | null
  sheet: SheetPayload | null
}

export interface CollectedProject {
  project: ProjectsTable
  cells: CollectedCell[]
}

export interface Collected {
  meeting: MeetingsTable
  experts: ExpertsTable[]
  projects: CollectedProject[]
}

/** Checked sheet contents, memoised by the payload's digest and signature (the canonical text is immutable). */
const parsedSheets = new Map<string, ContentCheck<SheetPayload>>()

/** Forgets the parsed sheets (benchmarks of a freshly started app). */
export function clearParsedSheets(): void {
  parsedSheets.clear()
}

/** A signed sheet's checked content (parseSheetContent), parsed once per digest and signature. */
export function sheetContent(p: SignedPayload): ContentCheck<SheetPayload> {
  const key = `${p.digest}:${p.signature}`
  let s = parsedSheets.get(key)
  if (!s) {
    s = parseSheetContent(p)
    if (parsedSheets.size > 5000) parsedSheets.clear()
    parsedSheets.set(key, s)
  }
  return s
}

type Checked = { state: BoardState; label?: string; detail: string; payload: SignedPayload | null; sheet: SheetPayload | null }

/** The rest of the checks once the signature itself has been verified: that it is this sheet, in this meeting's rubric. */
function checkSubmitted(row: SheetRow, expert: ExpertsTable, rubricId: string, verified: StoredPayloadResult, marker: ScoringMarkerStatement | null = null): Checked {
  if (verified.parseError) return { state: 'tampered', detail: '已提交的评分表缺少签名数据或已损坏', payload: null, sheet: null }
  const p = verified.payload
  const fp = expert.key_fingerprint.trim()
  const r = verified.result
  // A sound signature under a key other than the registered one: most often a mistyped registration, so it is
  // not called 已篡改 (still never counted) — the secretariat checks the fingerprint with the expert.
  if (r.status === 'tampered' && r.reason === FINGERPRINT_MISMATCH_REASON) {
    return { state: 'unverifiable', label: FINGERPRINT_MISMATCH_LABEL, detail: '评分表签名完整，但签名密钥与会议登记的公钥指纹不符：请与专家本人核对登记的指纹，必要时重新登记。', payload: null, sheet: null }
  }
  if (r.status !== 'valid') return { state: r.status, detail: r.reason, payload: null, sheet: null }
  if (p.kind !== 'expert-sheet') return { state: 'tampered', detail: '签名内容不是评分表', payload: null, sheet: null }
  const parsed = sheetContent(p)
  // A validly signed content the app cannot read is shown for what it is and never counted (issue 15).
  if (!parsed.ok) return { state: 'unverifiable', label: INVALID_CONTENT_LABEL, detail: parsed.reason, payload: null, sheet: null }
  const c = parsed.content
  if (c.sheetId !== row.id || c.expert.id !== row.expert_id || c.project.id !== row.project_id || c.revision !== row.revision) {
    return { state: 'tampered', detail: '签名数据不属于这份评分表', payload: null, sheet: null }
  }
  if (`${c.rubric.id}@${c.rubric.version}` !== rubricId) {
    return { state: 'unverifiable', detail: `评分表使用的评分细则（第${c.rubric.version}版）与会议的不一致`, payload: null, sheet: null }
  }
  const scale = markerMismatch(c, marker)
  if (scale) return { state: 'unverifiable', label: SCALE_MISMATCH_LABEL, detail: scale, payload: null, sheet: null }
  if (!fp) return { state: 'unverifiable', detail: '签名完整，但秘书处尚未登记该专家的公钥指纹，暂不计入', payload: null, sheet: null }
  return { state: 'submitted', detail: '签名有效，公钥与登记的指纹一致', payload: p, sheet: c }
}

export const SCALE_MISMATCH_LABEL = '与评分开始声明不符'

/**
 * A signed sheet checked against the secretariat's scoring-started marker (scoringLock.ts): the rubric and the rule
 * set it names must be the ones the marker binds. Null when they are (or there is no marker, or the sheet is from a
 * build that did not name its rule set); else why not, in words.
 */
export function markerMismatch(c: SheetPayload, marker: ScoringMarkerStatement | null): string | null {
  if (!marker) return null
  const rubric = `${c.rubric.id}@${c.rubric.version}`
  if (rubric !== marker.rubric.id) return `评分表按评分细则 ${rubric} 评分，而秘书处宣布开始评分时确定的是 ${marker.rubric.id}，暂不计入`
  if (c.ruleSet && c.ruleSet.digest !== marker.ruleSet.digest) {
    return `评分表依据的审查规则（${c.ruleSet.version}，摘要 ${c.ruleSet.digest.slice(0, 8)}…）与秘书处宣布开始评分时确定的（${marker.ruleSet.version}，摘要 ${marker.ruleSet.digest.slice(0, 8)}…）不一致，暂不计入`
  }
  return null
}

/** Every project's panel and the state of each member's sheet, signatures checked. */
export function collectMeeting(db: Db, meetingId: string, onlyProjectId?: string): Collected {
  const meeting = getMeetingRow(db, meetingId)
  const marker = scoringMarker(db, meetingId)
  const experts = meetingExperts(db, meetingId)
  const byId = new Map(experts.map((e) => [e.id, e]))
  const projects = meetingProjects(db, meetingId).filter((p) => !onlyProjectId || p.id === onlyProjectId)
  const assigned = new Set(
    all(db, db.kysely.selectFrom('assignments').select(['project_id', 'expert_id']).where('meeting_id', '=', meetingId).where('deleted', '=', 0)).map(
      (a) => `${a.project_id}|${a.expert_id}`
    )
  )
  const declarations = new Map(
    all(db, db.kysely.selectFrom('declarations').select(['project_id', 'expert_id', 'kind']).where('meeting_id', '=', meetingId)).map((d) => [
      `${d.project_id}|${d.expert_id}`,
      d.kind
    ])
  )
  // Which revision is the newest is decided on the small columns; only the newest submitted revisions' signed
  // payloads (hundreds of KB each with a 2,000-line budget) are read, once.
  let sheetQuery = db.kysely
    .selectFrom('score_sheets')
    .select(['id', 'project_id', 'expert_id', 'revision', 'status', 'submitted_at', 'updated_at'])
    .where('meeting_id', '=', meetingId)
    .where('deleted', '=', 0)
  if (onlyProjectId) sheetQuery = sheetQuery.where('project_id', '=', onlyProjectId)
  const newest = new Map<string, SheetRow>()
  for (const s of all(db, sheetQuery)) {
    const k = `${s.project_id}|${s.expert_id}`
    const cur = newest.get(k)
    if (!cur || s.revision > cur.revision) newest.set(k, { ...s, signed_payload: null })
  }
  const shownProjects = new Set(projects.map((p) => p.id))
  const submitted = [...newest.values()].filter(
    (r) => r.status === 'submitted' && shownProjects.has(r.project_id) && byId.has(r.expert_id) && declarations.get(`${r.project_id}|${r.expert_id}`) !== 'recuse'
  )
  const payloadOf = db.sqlite.prepare('SELECT signed_payload FROM score_sheets WHERE id = ?').pluck()
  // Gathering for the documents has just read these texts through the same connection (verdictStore.sharedStoredText).
  for (const r of submitted) r.signed_payload = sharedStoredText(db, r.id) ?? (payloadOf.get(r.id) as string | null | undefined) ?? null
  const verified = new Map<string, StoredPayloadResult>()
  const results = verifyStoredPayloads(
    db,
    submitted.map((r) => ({ sheetId: r.id, text: r.signed_payload, registeredFingerprint: (byId.get(r.expert_id)?.key_fingerprint ?? '').trim() }))
  )
  submitted.forEach((r, i) => verified.set(r.id, results[i]!))
  return {
    meeting,
    experts,
    projects: projects.map((project) => {
      const members = experts.filter((e) => assigned.has(`${project.id}|${e.id}`) || newest.has(`${project.id}|${e.id}`))
      const cells = members.map((e): CollectedCell => {
        const k = `${project.id}|${e.id}`
        const decl = declarations.get(k)
        const row = newest.get(k)
        const base = { expertId: e.id, name: byId.get(e.id)?.name ?? '', sheetId: row?.id ?? null, revision: row?.revision ?? null, submittedAt: row?.submitted_at ?? null }
        let state: BoardState
        let detail: string
        let label: string | undefined
        let payload: SignedPayload | null = null
        let sheet: SheetPayload | null = null
        if (decl === 'recuse') {
          state = 'recused'
          detail = '专家已申请回避，不参与该项目评分'
        } else if (row?.status === 'submitted') {
          const r = checkSubmitted(row, e, meeting.rubric_id, verified.get(row.id) ?? { payload: null, parseError: true }, marker)
          state = r.state
          detail = r.detail
          label = r.label
          payload = r.payload
          sheet = r.sheet
        } else if (row?.status === 'reopened' || (row && row.revision > 1)) {
          state = 'reopened'
          detail = row.status === 'reopened' ? '已退回，等待专家修改后重新提交' : `第 ${row.revision} 版修改中`
        } else if (row) {
          state = 'scoring'
          detail = `最后保存于 ${row.updated_at.slice(11, 16)}`
        } else if (decl === 'none') {
          state = 'declared'
          detail = '已声明无利害关系，尚未开始评分'
        } else {
          state = 'not-started'
          detail = '尚未签署回避声明'
        }
        return { ...base, state, label: label ?? LABELS[state], detail, counted: state === 'submitted', payload, sheet }
      })
      return { project, cells }
    })
  }
}

export function liveBoard(db: Db, meetingId: string): LiveBoard {
  const c = collectMeeting(db, meetingId)
  return {
    meetingId,
    phase: phaseOf(c.meeting),
    at: new Date().toISOString(),
    rows: c.projects.map((p) => ({
      projectId: p.project.id,
      name: p.project.name,
      cells: p.cells.map(({ payload: _p, sheet: _s, ...cell }) => cell),
      submitted: p.cells.filter((x) => x.counted).length,
      expected: p.cells.filter((x) => x.state !== 'recused').length,
      tampered: p.cells.filter((x) => x.state === 'tampered').length
    }))
  }
}
