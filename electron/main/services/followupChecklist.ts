/**
 * The 整改落实 checklist of a 修改稿 version (issue 12): every 主要问题 and 修改建议 of the 组长's signed, verified
 * 专家组评审意见 with who raised it, the 建设单位's answer from the 修改说明 (packages/responseNotes.ts, matched by
 * shared/domain/revision/checklist.ts) or typed in, the re-reviewer's verdict and a note, and links into the
 * comparison. A row is stored (followup_items, secretariat-owned, replicated) only once something is saved for it;
 * until then it is computed from the opinion and the 修改说明.
 */
import { ApiError } from '../../../shared/api/errors'
import { FOLLOWUP_VERDICTS, type ChecklistRow, type ChecklistView, type FollowupVerdict } from '../../../shared/api/followupTypes'
import { matchResponses, opinionPoints, type PointKind } from '../../../shared/domain/revision/checklist'
import { checklistLinks } from '../../../shared/domain/revision/checklistLinks'
import { bigrams, dice, normaliseName } from '../../../shared/domain/revision/similarity'
import { parseSheetContent } from '../../../shared/signing/contentSchema'
import type { SignedPayload } from '../../../shared/signing/types'
import type { BlobStore } from '../blobs/store'
import { writeChanges } from '../db/changeWriter'
import type { Db } from '../db/connection'
import { all, first } from '../db/query'
import { verifySignedPayloadCached } from '../documents/verifyCache'
import { readResponseNotes, type ResponseNotes } from '../packages/responseNotes'
import { SECRETARIAT } from './authors'
import { NO_SECRETARIAT_VIEW, secretariatViewRefusal } from './secretariatView'
import { projectVersions, readStoredPackage } from './projectVersions'
import { signedPanelOpinion, versionDiff, type SignedApproval } from './versionDiff'

export const MAX_ANSWER = 4_000
export const MAX_NOTE = 2_000

const itemId = (versionId: string, kind: PointKind, number: number) => `${versionId}:${kind}:${number}`

/** The 修改说明 read per blob store (one per backend) and package: a package's files never change. */
const notesCache = new WeakMap<BlobStore, Map<string, ResponseNotes>>()

async function notesOf(db: Db, blobs: BlobStore, packageId: string): Promise<ResponseNotes> {
  const cache = notesCache.get(blobs) ?? new Map<string, ResponseNotes>()
  notesCache.set(blobs, cache)
  const hit = cache.get(packageId)
  if (hit) return hit
  const notes = await readResponseNotes(await readStoredPackage(db, blobs, packageId))
  cache.set(packageId, notes)
  while (cache.size > 6) cache.delete(cache.keys().next().value as string)
  return notes
}

/**
 * Who raised a point: the members whose signed sheet lists it (same text, or close to it). Only the sheets the 组长's
 * signed opinion names, and only a stored payload whose digest is the one named there and whose signature verifies
 * against the expert's registered key, are read.
 */
function authorsOf(db: Db, approval: SignedApproval): (text: string) => string[] {
  const sources = approval.opinion.sources.slice(0, 50)
  const digests = new Map(sources.map((s) => [s.sheetId, s.digest]))
  const rows = sources.length === 0 ? [] : all(db, db.kysely.selectFrom('score_sheets as s').innerJoin('experts as e', 'e.id', 's.expert_id').select(['s.id', 'e.name', 'e.key_fingerprint', 's.signed_payload']).where('s.id', 'in', [...digests.keys()]))
  const texts = rows.flatMap((r) => {
    let payload: SignedPayload
    try {
      payload = JSON.parse(r.signed_payload ?? 'null') as SignedPayload
    } catch {
      return []
    }
    if (!payload || payload.digest !== digests.get(r.id)) return []
    if (verifySignedPayloadCached(payload, { registeredFingerprint: r.key_fingerprint.trim() }).status !== 'valid') return []
    const content = parseSheetContent(payload)
    if (!content.ok) return []
    const items = [...content.content.mainProblems, ...content.content.suggestions].slice(0, 200).map((c) => normaliseName(c.text)).filter(Boolean)
    return [{ name: r.name, items }]
  })
  return (text) => {
    const want = normaliseName(text)
    const grams = bigrams(want)
    return texts.filter((s) => s.items.some((i) => i === want || i.includes(want) || want.includes(i) || dice(grams, bigrams(i)) >= 0.6)).map((s) => s.name)
  }
}

interface StoredItem {
  kind: string
  number: number
  authors: string
  answer: string
  answer_source: string
  verdict: string
  note: string
  reviewer_id: string
  updated_at: string
}

function storedAuthors(text: string, fallback: string[]): string[] {
  try {
    const v = JSON.parse(text) as unknown
    return Array.isArray(v) && v.length <= 50 && v.every((x) => typeof x === 'string') ? (v as string[]) : fallback
  } catch {
    return fallback
  }
}

function versionOf(db: Db, versionId: string) {
  const v = first(db, db.kysely.selectFrom('project_versions').select(['id', 'project_id', 'meeting_id', 'package_id', 'version', 'stage']).where('id', '=', versionId).where('deleted', '=', 0))
  if (!v) throw new ApiError('not_found', '找不到该修改稿版本，可能已被移除')
  return v
}

export async function followupChecklist(db: Db, blobs: BlobStore, versionId: string): Promise<ChecklistView> {
  const v = versionOf(db, versionId)
  const { approval, reason } = signedPanelOpinion(db, v.project_id)
  const reviewers = projectVersions(db, v.project_id).versions.find((x) => x.id === v.id)?.reviewers ?? []
  const meeting = first(db, db.kysely.selectFrom('meetings').select('status').where('id', '=', v.meeting_id))
  // An expert's own laptop (it pinned the secretariat's key and does not hold it) shows the checklist: the verdicts
  // are the secretariat's rows, recorded on its laptop; what an expert signs is that published checklist.
  const expertLaptop = secretariatViewRefusal(db) === NO_SECRETARIAT_VIEW
  const readOnlyReason =
    meeting?.status === 'closed' ? '会议已关闭，整改落实表只读' : expertLaptop ? '整改落实情况由秘书处在秘书处的电脑上记录，本机只能查看；复核意见在本页签署' : v.stage === 'done' ? '复核已完成，整改落实表只读；如需修改，请先将阶段改回“复核中”' : reviewers.length === 0 ? '请先在“复核安排”中指定复核专家，再记录落实情况' : ''
  // The 修改稿's files may not have reached this laptop yet: the stored verdicts still show, and the card says why
  // there are no answers or links.
  const notes = await notesOf(db, blobs, v.package_id).catch((err: unknown): ResponseNotes => {
    if (!(err instanceof ApiError)) throw err
    return { source: { kind: 'none', path: '', note: err.message }, items: [] }
  })
  const base = { versionId: v.id, version: v.version, projectId: v.project_id, source: notes.source, reviewers, readOnlyReason }
  if (!approval) return { ...base, opinionNote: `没有可核对的问题清单：${reason}`, rows: [], unmatched: notes.items, counts: { done: 0, partial: 0, open: 0, pending: 0 } }
  const points = opinionPoints(approval.opinion.problems, approval.opinion.suggestions, authorsOf(db, approval))
  const { rows: matched, unmatched } = matchResponses(points, notes.items)
  const stored = new Map(
    (all(db, db.kysely.selectFrom('followup_items').selectAll().where('version_id', '=', v.id).where('deleted', '=', 0).limit(2_000)) as StoredItem[]).map((r) => [`${r.kind}:${r.number}`, r])
  )
  const diff = await versionDiff(db, blobs, v.id).then(
    (d) => d.diff,
    (err: unknown) => {
      if (err instanceof ApiError) return null
      throw err
    }
  )
  const names = new Map(reviewers.map((r) => [r.id, r.name]))
  const rows: ChecklistRow[] = matched.map((m) => {
    const s = stored.get(`${m.point.kind}:${m.point.number}`)
    const answer = s && s.answer_source === 'manual' ? s.answer : (m.answer ?? '')
    const verdict = s && (FOLLOWUP_VERDICTS as readonly string[]).includes(s.verdict) ? (s.verdict as FollowupVerdict) : ''
    return {
      kind: m.point.kind,
      number: m.point.number,
      point: m.point.text,
      // Who raised a point as recorded with its verdict: the same on every laptop (an expert's laptop may not hold
      // the other members' sheets), so the 复核意见 signed there is the one composed at the secretariat's.
      authors: s ? storedAuthors(s.authors, m.point.authors) : m.point.authors,
      answer,
      answerSource: s?.answer_source === 'manual' ? 'manual' : (m.matchedBy ?? ''),
      verdict,
      note: s?.note ?? '',
      reviewer: s?.reviewer_id ? { id: s.reviewer_id, name: names.get(s.reviewer_id) ?? '（已不是复核专家）' } : null,
      updatedAt: s?.updated_at ?? '',
      links: diff ? checklistLinks(diff, `${m.point.text}\n${answer}`) : []
    }
  })
  const counts = { done: 0, partial: 0, open: 0, pending: 0 }
  for (const r of rows) counts[r.verdict || 'pending'] += 1
  return { ...base, opinionNote: '', rows, unmatched, counts }
}

export interface ChecklistChange {
  kind: PointKind
  number: number
  verdict?: FollowupVerdict | ''
  note?: string
  /** The 建设单位's answer typed in (when matching failed or read it wrong); null returns to the 修改说明's. */
  answer?: string | null
  reviewerId: string
}

/** Records a re-reviewer's verdict, note or typed answer for one point. Refuses in Chinese, naming the field. */
export async function saveChecklistItem(db: Db, blobs: BlobStore, versionId: string, change: ChecklistChange): Promise<ChecklistView> {
  const view = await followupChecklist(db, blobs, versionId)
  if (view.opinionNote) throw new ApiError('conflict', view.opinionNote)
  if (view.readOnlyReason) throw new ApiError('conflict', view.readOnlyReason)
  const row = view.rows.find((r) => r.kind === change.kind && r.number === change.number)
  if (!row) throw new ApiError('not_found', '该条意见不在组长签署的专家组评审意见中')
  const field = (path: string, message: string) => new ApiError('invalid_input', message, [{ path, message }])
  if (!view.reviewers.some((r) => r.id === change.reviewerId)) throw field('reviewerId', '记录人须是本版指定的复核专家')
  const verdict = change.verdict ?? row.verdict
  const note = (change.note ?? row.note).trim()
  if (note.length > MAX_NOTE) throw field('note', `备注不能超过 ${MAX_NOTE} 字`)
  if (change.answer && change.answer.length > MAX_ANSWER) throw field('answer', `答复不能超过 ${MAX_ANSWER} 字`)
  if ((verdict === 'partial' || verdict === 'open') && !note) throw field('note', '部分落实或未落实时，请在备注中写明还差什么')
  const v = versionOf(db, versionId)
  const manual = change.answer !== undefined ? change.answer !== null : row.answerSource === 'manual'
  const answer = change.answer !== undefined && change.answer !== null ? change.answer.trim() : row.answer
  writeChanges(db, SECRETARIAT, (w) =>
    w.write('followup_items', itemId(v.id, row.kind, row.number), {
      meeting_id: v.meeting_id,
      project_id: v.project_id,
      version_id: v.id,
      kind: row.kind,
      number: row.number,
      point: row.point,
      authors: row.authors,
      answer: manual ? answer : '',
      answer_source: manual ? 'manual' : '',
      verdict,
      note,
      reviewer_id: change.reviewerId,
      updated_at: new Date().toISOString(),
      deleted: false
    })
  )
  return followupChecklist(db, blobs, versionId)
}
