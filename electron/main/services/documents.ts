/**
 * Word documents of a meeting (issue 6): what they are made from (a snapshot of the signed sheets in the database)
 * and which can be made. Building one: documentBuild.ts; exporting: documentExport.ts; verifying a .docx someone
 * hands in: documentVerify.ts.
 *
 * Reads only: meetings, projects, experts (is_leader, key_fingerprint), assignments, declarations, score_sheets
 * (status 'submitted' + signed_payload), expert_signatures, rubrics. The panel documents are made from the
 * experts' sheets (panelInputFromSheets) until the secretariat's merge exists.
 */
import path from 'node:path'
import type { DocumentItem, DocumentKindId, ExpertSheetStatus, MeetingDocuments, ProjectDocuments, SheetDocState } from '../../../shared/api/documentTypes'
import { ApiError } from '../../../shared/api/errors'
import type { RubricDefinition } from '../../../shared/domain/rubric'
import type { SignedPayload } from '../../../shared/signing/types'
import { formatDigestShort } from '../../../shared/signing/sm'
import type { Db } from '../db/connection'
import type { ExpertsTable, MeetingsTable, ProjectsTable, ScoreSheetsTable } from '../db/schema'
import { all, first } from '../db/query'
import { DOCUMENT_KIND_LABELS } from '../documents/figures'
import { documentFileName, safeFileName } from '../documents/fileNames'
import type { MergeMethod } from '../documents/model'
import { sharingStoredPayloads, verifyStoredPayloads, type StoredPayloadResult } from './verdictStore'
import { sheetContent } from './board'
import { decodePngDataUrl } from '../documents/png'
import { loadRubric } from './rubrics'
import { exportableOpinion } from './panelOpinion'

// ---------------------------------------------------------------------------------------------------------
// Gathering what the documents are made from
// ---------------------------------------------------------------------------------------------------------

/** Everything one project's documents need, read in one go (the export works on this snapshot). */
export interface ProjectSnapshot {
  meeting: MeetingsTable
  project: ProjectsTable
  rubric: RubricDefinition
  statuses: ExpertSheetStatus[]
  /** Valid signed sheets by expert id, in panel order (组长 first). */
  payloads: Map<string, SignedPayload>
  /** Registered fingerprints by expert id ('' when none). */
  fingerprints: Map<string, string>
  images: Map<string, Uint8Array>
  leaderId: string | null
  panelReady: boolean
  panelReason: string
  mergeMethod: MergeMethod
  /** The 组长's signed panel opinion when it covers exactly these sheets (issue 7); else the opinion is derived. */
  leaderPayload: SignedPayload | null
}

const STATE_REASON: Record<Exclude<SheetDocState, 'signed' | 'tampered' | 'unverifiable'>, string> = {
  draft: '尚未提交签名',
  reopened: '已退回修改，尚未重新提交',
  missing: '尚未开始评审',
  recused: '已申请回避'
}

const MERGE_METHODS: readonly MergeMethod[] = ['mean', 'trimmed-mean', 'median']

function mergeMethodOf(m: MeetingsTable): MergeMethod {
  return (MERGE_METHODS as readonly string[]).includes(m.merge_method) ? (m.merge_method as MergeMethod) : 'mean'
}

/** The columns of a score sheet this module reads. */
type SheetRow = Pick<ScoreSheetsTable, 'id' | 'project_id' | 'expert_id' | 'revision' | 'status' | 'signed_payload' | 'submitted_at'>

/** The state of one expert's sheet: the newest submitted revision, verified against the registered key. */
function newestSubmitted(rows: SheetRow[]): SheetRow | undefined {
  return rows.filter((r) => r.status === 'submitted' && r.signed_payload).sort((a, b) => b.revision - a.revision)[0]
}

function sheetStatus(
  expert: ExpertsTable,
  projectId: string,
  rubric: RubricDefinition,
  rows: SheetRow[],
  recused: boolean,
  checked: Map<string, StoredPayloadResult>
): { status: ExpertSheetStatus; payload?: SignedPayload } {
  const base = {
    expertId: expert.id,
    name: expert.name,
    isLeader: expert.is_leader === 1,
    revision: null as number | null,
    submittedAt: null as string | null,
    digestShort: '',
    fingerprintRegistered: expert.key_fingerprint.trim() !== ''
  }
  const submitted = newestSubmitted(rows)
  if (!submitted) {
    const state: SheetDocState = recused ? 'recused' : rows.some((r) => r.status === 'reopened') ? 'reopened' : rows.length > 0 ? 'draft' : 'missing'
    return { status: { ...base, state, reason: STATE_REASON[state] } }
  }
  const info = { ...base, revision: submitted.revision, submittedAt: submitted.submitted_at }
  const c = checked.get(submitted.id)
  if (!c || c.parseError) return { status: { ...info, state: 'tampered', reason: '存储的签名数据已损坏，无法读取' } }
  const fp = expert.key_fingerprint.trim()
  const { payload: p, result: r } = c
  const withDigest = { ...info, digestShort: typeof p.digest === 'string' ? formatDigestShort(p.digest) : '' }
  if (r.status !== 'valid') return { status: { ...withDigest, state: r.status, reason: r.reason } }
  if (p.kind !== 'expert-sheet') return { status: { ...withDigest, state: 'tampered', reason: '存储的签名内容不是评审意见表' } }
  // Its signature was verified just above: parsed once per digest and signature (the board parses the same sheets).
  const parsed = sheetContent(p)
  if (!parsed.ok) return { status: { ...withDigest, state: 'unverifiable', reason: parsed.reason } }
  const sheet = parsed.content
  if (sheet.project.id !== projectId || sheet.expert.id !== expert.id) {
    return { status: { ...withDigest, state: 'tampered', reason: '签名的评审意见表不属于该项目或该专家' } }
  }
  if (sheet.rubric.id !== rubric.id || sheet.rubric.version !== rubric.version) {
    return { status: { ...withDigest, state: 'unverifiable', reason: `评审意见表使用的评分细则（${sheet.rubric.name} 第${sheet.rubric.version}版）与会议的不一致` } }
  }
  const reason = fp ? '' : '会议未登记该专家的公钥指纹：文档无法确认签名人身份，请先在“专家与报到”中登记'
  return { status: { ...withDigest, state: 'signed', reason }, payload: p }
}

/**
 * The score sheets of a meeting (or of one project). Which revision is the newest submitted one is decided on the
 * small columns; only those revisions' signed payloads (hundreds of KB each with a 2,000-line budget) are read.
 */
function sheetRows(db: Db, meetingId: string, onlyProjectId?: string): SheetRow[] {
  const rows = db.sqlite
    .prepare(
      `SELECT id, project_id, expert_id, revision, status, submitted_at, (octet_length(signed_payload) > 0) AS has_payload
       FROM score_sheets WHERE meeting_id = ? AND deleted = 0${onlyProjectId ? ' AND project_id = ?' : ''}`
    )
    .all(...(onlyProjectId ? [meetingId, onlyProjectId] : [meetingId])) as (Omit<SheetRow, 'signed_payload'> & { has_payload: number })[]
  // octet_length takes the size from the record header; `<> ''` read every payload in full (≈ 150 ms for a
  // 20-project meeting). A placeholder marks a payload to be read; only the newest submitted revision is read.
  const out: SheetRow[] = rows.map(({ has_payload, ...r }) => ({ ...r, signed_payload: has_payload ? PAYLOAD_NOT_READ : null }))
  const groups = new Map<string, SheetRow[]>()
  for (const r of out) {
    const k = `${r.project_id}\u0000${r.expert_id}`
    groups.set(k, [...(groups.get(k) ?? []), r])
  }
  const payloadOf = db.sqlite.prepare('SELECT signed_payload FROM score_sheets WHERE id = ?').pluck()
  for (const g of groups.values()) {
    const newest = newestSubmitted(g)
    if (newest) newest.signed_payload = (payloadOf.get(newest.id) as string | null | undefined) ?? null
  }
  return out
}

/** Stands for a stored payload that was not read (not the newest submitted revision: never verified nor shown). */
const PAYLOAD_NOT_READ = '\u0000'

/**
 * Verifies the newest submitted revision of every (project, expert) in one batch, reusing the verdicts stored
 * for exactly the same text (verdictStore.ts): a meeting the board has shown is not verified all over again.
 */
function checkNewestSheets(db: Db, sheets: SheetRow[], fingerprints: Map<string, string>): Map<string, StoredPayloadResult> {
  const groups = new Map<string, SheetRow[]>()
  for (const s of sheets) {
    const k = `${s.project_id}\u0000${s.expert_id}`
    groups.set(k, [...(groups.get(k) ?? []), s])
  }
  const newest = [...groups.values()].map(newestSubmitted).filter((r): r is SheetRow => r !== undefined)
  const results = verifyStoredPayloads(
    db,
    newest.map((r) => ({ sheetId: r.id, text: r.signed_payload, registeredFingerprint: fingerprints.get(r.expert_id) ?? '' }))
  )
  return new Map(newest.map((r, i) => [r.id, results[i]!]))
}

export function gatherProjects(db: Db, meetingId: string, onlyProjectId?: string): ProjectSnapshot[] {
  // The panel opinion's check (exportableOpinion) reads the same sheets again: each is parsed and verified once.
  return sharingStoredPayloads(db, () => gatherNow(db, meetingId, onlyProjectId))
}

function gatherNow(db: Db, meetingId: string, onlyProjectId?: string): ProjectSnapshot[] {
  const meeting = first(db, db.kysely.selectFrom('meetings').selectAll().where('id', '=', meetingId).where('deleted', '=', 0))
  if (!meeting) throw new ApiError('not_found', '找不到该会议，可能已被删除')
  const rubric = loadRubric(db, meeting.rubric_id)
  let projectQuery = db.kysely.selectFrom('projects').selectAll().where('meeting_id', '=', meetingId).where('deleted', '=', 0)
  if (onlyProjectId) projectQuery = projectQuery.where('id', '=', onlyProjectId)
  const projects = all(db, projectQuery.orderBy('sort_order').orderBy('id'))
  const experts = all(
    db,
    db.kysely.selectFrom('experts').selectAll().where('meeting_id', '=', meetingId).where('deleted', '=', 0).orderBy('is_leader', 'desc').orderBy('id')
  )
  const assignments = all(
    db,
    db.kysely.selectFrom('assignments').select(['project_id', 'expert_id']).where('meeting_id', '=', meetingId).where('deleted', '=', 0)
  )
  const recusals = all(
    db,
    db.kysely.selectFrom('declarations').select(['project_id', 'expert_id']).where('meeting_id', '=', meetingId).where('kind', '=', 'recuse')
  )
  const sheets = sheetRows(db, meetingId, onlyProjectId)
  const images = new Map<string, Uint8Array>()
  if (experts.length > 0) {
    const rows = all(
      db,
      db.kysely
        .selectFrom('expert_signatures')
        .select(['expert_id', 'image', 'updated_at'])
        .where(
          'expert_id',
          'in',
          experts.map((e) => e.id)
        )
        .where('deleted', '=', 0)
        .orderBy('updated_at', 'desc')
    )
    for (const r of rows) {
      if (images.has(r.expert_id)) continue
      const png = decodePngDataUrl(r.image)
      if (png) images.set(r.expert_id, png)
    }
  }
  const fingerprints = new Map(experts.map((e) => [e.id, e.key_fingerprint.trim()]))
  const mergeMethod = mergeMethodOf(meeting)
  const checked = checkNewestSheets(db, sheets, fingerprints)

  return projects.map((project) => {
    const assigned = new Set(assignments.filter((a) => a.project_id === project.id).map((a) => a.expert_id))
    const projectSheets = sheets.filter((s) => s.project_id === project.id)
    for (const s of projectSheets) assigned.add(s.expert_id)
    const recused = new Set(recusals.filter((r) => r.project_id === project.id).map((r) => r.expert_id))
    const panel = experts.filter((e) => assigned.has(e.id))
    const statuses: ExpertSheetStatus[] = []
    const payloads = new Map<string, SignedPayload>()
    for (const e of panel) {
      const s = sheetStatus(
        e,
        project.id,
        rubric,
        projectSheets.filter((x) => x.expert_id === e.id),
        recused.has(e.id),
        checked
      )
      statuses.push(s.status)
      if (s.payload) payloads.set(e.id, s.payload)
    }
    const leader = panel.find((e) => e.is_leader === 1 && payloads.has(e.id))
    let panelReason = ''
    const waiting = statuses.filter((s) => s.state !== 'signed' && s.state !== 'recused')
    if (panel.length === 0) panelReason = '该项目还没有分配评审专家'
    else if (statuses.some((s) => s.state === 'tampered')) panelReason = `有评审意见表的签名未通过验证（${statuses.filter((s) => s.state === 'tampered').map((s) => s.name).join('、')}），请先核查`
    else if (waiting.length > 0) panelReason = `还有${waiting.length}位专家的评审意见表未签名提交：${waiting.map((s) => `${s.name}（${s.reason}）`).join('、')}`
    else if (payloads.size === 0) panelReason = '没有签名提交的评审意见表'
    else if (statuses.some((s) => s.state === 'signed' && !s.fingerprintRegistered)) panelReason = `会议未登记${statuses.filter((s) => s.state === 'signed' && !s.fingerprintRegistered).map((s) => s.name).join('、')}的公钥指纹：文档无法确认签名人身份，请先在“专家与报到”中登记`
    else if (!leader) panelReason = '未指定组长，或组长未提交评审意见表'
    // Panel documents show exactly what the 组长 signed (issue 10): without a current signature they wait.
    const signed = panelReason === '' && leader ? exportableOpinion(db, project.id, leader.id, [...payloads.values()]) : null
    if (signed && !signed.payload) panelReason = signed.reason
    const panelReady = panelReason === ''
    return {
      meeting,
      project,
      rubric,
      statuses,
      payloads,
      fingerprints,
      images,
      leaderId: leader?.id ?? null,
      panelReady,
      panelReason,
      mergeMethod,
      leaderPayload: signed?.payload ?? null
    }
  })
}

export function projectOf(db: Db, projectId: string): ProjectsTable {
  const p = first(db, db.kysely.selectFrom('projects').selectAll().where('id', '=', projectId).where('deleted', '=', 0))
  if (!p) throw new ApiError('not_found', '找不到该项目，可能已被移除')
  return p
}

export function gatherProject(db: Db, projectId: string): ProjectSnapshot {
  const project = projectOf(db, projectId)
  const snap = gatherProjects(db, project.meeting_id, projectId)[0]
  if (!snap) throw new ApiError('not_found', '找不到该项目，可能已被移除')
  return snap
}

// ---------------------------------------------------------------------------------------------------------
// What can be made
// ---------------------------------------------------------------------------------------------------------

const PANEL_KINDS: readonly DocumentKindId[] = ['panel-opinion', 'score-summary', 'budget-comparison']

export function documentKey(projectId: string, kind: DocumentKindId, expertId?: string | null): string {
  return expertId ? `${projectId}/${kind}/${expertId}` : `${projectId}/${kind}`
}

/** Every document of a project: one 意见表 per expert on the panel, and the three panel documents. */
export function planDocuments(s: ProjectSnapshot): DocumentItem[] {
  const out: DocumentItem[] = []
  for (const st of s.statuses) {
    if (st.state === 'recused') continue
    out.push({
      key: documentKey(s.project.id, 'expert-opinion', st.expertId),
      kind: 'expert-opinion',
      label: DOCUMENT_KIND_LABELS['expert-opinion'],
      projectId: s.project.id,
      expertId: st.expertId,
      expertName: st.name,
      fileName: documentFileName('expert-opinion', s.project.name, st.name),
      // A document is 有效 only with its signer anchored (issue 10): no registered fingerprint, no document.
      ready: st.state === 'signed' && st.fingerprintRegistered,
      reason: st.state === 'signed' && st.fingerprintRegistered ? '' : st.reason
    })
  }
  for (const kind of PANEL_KINDS) {
    out.push({
      key: documentKey(s.project.id, kind),
      kind,
      label: DOCUMENT_KIND_LABELS[kind],
      projectId: s.project.id,
      expertId: null,
      expertName: null,
      fileName: documentFileName(kind, s.project.name),
      ready: s.panelReady,
      reason: s.panelReason
    })
  }
  return out
}

/** The default export folder: 导出文档/会议名称 under the data folder. */
/** The folder under the data folder that holds the default export folders. */
export const EXPORT_ROOT = '导出文档'

export function defaultExportFolder(dataDir: string, meetingName: string): string {
  return path.join(dataDir, EXPORT_ROOT, safeFileName(meetingName, ''))
}

export function listMeetingDocuments(db: Db, meetingId: string, dataDir: string): MeetingDocuments {
  const snaps = gatherProjects(db, meetingId)
  const meeting = first(db, db.kysely.selectFrom('meetings').select(['id', 'name']).where('id', '=', meetingId))!
  const projects: ProjectDocuments[] = snaps.map((s) => ({
    projectId: s.project.id,
    name: s.project.name,
    sortOrder: s.project.sort_order,
    experts: s.statuses,
    documents: planDocuments(s),
    panelReady: s.panelReady,
    panelReason: s.panelReason
  }))
  const docs = projects.flatMap((p) => p.documents)
  return {
    meetingId,
    meetingName: meeting.name,
    defaultFolder: defaultExportFolder(dataDir, meeting.name),
    projects,
    readyCount: docs.filter((d) => d.ready).length,
    totalCount: docs.length
  }
}
