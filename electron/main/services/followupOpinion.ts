/**
 * The 专家组复核意见 of a 修改稿 version (issue 12, item 4): composed from the 整改落实 checklist (every point with a
 * verdict), the comparison against the signed 核定, and the conclusion and remarks the 组长 gives when signing. The
 * 组长 signs first; every other named re-reviewer then signs the same opinion. Each signs on their own laptop with
 * their own key: a followup_opinions row owned by the signer (public, so it travels unsealed; verified on apply,
 * shared/sync/verdict.ts), which reaches the secretariat through sync. Where the rows are read, a signature counts
 * only when it verifies against the signer's registered key, the signer is the 组长 or a named re-reviewer, and it
 * covers exactly what this laptop composes now; the others are listed as refused or stale with the reason. The
 * document is exported only from signatures over exactly what the console composes now: any later change to a
 * verdict, note, answer, the re-reviewers or the budget waits for the signers to sign again.
 */
import { ApiError } from '../../../shared/api/errors'
import type { FollowupOpinionView, FollowupRefusedSignature, FollowupSigner } from '../../../shared/api/followupTypes'
import { canonicalize } from '../../../shared/signing/canonical'
import { signPayload } from '../../../shared/signing/envelope'
import { FOLLOWUP_OPINION_FORMAT, parseFollowupCanonical, sharedPart, type FollowupConclusion, type FollowupOpinion } from '../../../shared/signing/followupContent'
import type { SignedPayload } from '../../../shared/signing/types'
import { decodeHlc } from '../../../shared/sync/hlc'
import { followupOpinionRowId } from '../../../shared/sync/rowIds'
import type { BlobStore } from '../blobs/store'
import { writeChanges } from '../db/changeWriter'
import type { Db } from '../db/connection'
import { all, first, prepare } from '../db/query'
import { cellClock } from '../db/rowClock'
import { verifySignedPayloadCached } from '../documents/verifyCache'
import { actingExpertOrNull } from './acting'
import { SECRETARIAT } from './authors'
import { followupChecklist } from './followupChecklist'
import { unlockPrivateKey } from './identity'
import { versionDiff } from './versionDiff'

export const MAX_REMARKS = 4_000

type Composed = Omit<FollowupOpinion, 'signer' | 'signedAt' | 'conclusion' | 'remarks'>

interface Context {
  versionId: string
  meetingId: string
  projectId: string
  composed: Composed | null
  blocked: string
  reviewers: (FollowupOpinion['reviewers'][number] & { fingerprint: string })[]
  signatures: Map<string, SignedPayload>
  /** Signers whose stored signature an earlier build wrote (as the secretariat). */
  legacy: Set<string>
  readOnly: string
}

function expertsOf(db: Db, ids: string[]) {
  if (ids.length === 0) return new Map<string, { id: string; name: string; unit: string; title: string; key_fingerprint: string }>()
  const rows = all(db, db.kysely.selectFrom('experts').select(['id', 'name', 'unit', 'title', 'key_fingerprint']).where('id', 'in', ids).where('deleted', '=', 0))
  return new Map(rows.map((r) => [r.id, r]))
}

function storedSignatures(db: Db, versionId: string): Map<string, SignedPayload> {
  const rows = all(db, db.kysely.selectFrom('followup_opinions').select(['expert_id', 'signed_payload']).where('version_id', '=', versionId).where('deleted', '=', 0).orderBy('expert_id').limit(60))
  const out = new Map<string, SignedPayload>()
  for (const r of rows) {
    try {
      const p = JSON.parse(r.signed_payload ?? 'null') as SignedPayload | null
      if (p && typeof p === 'object') out.set(r.expert_id, p)
    } catch {
      // An unreadable row counts as not signed.
    }
  }
  return out
}

/** What a signature written by an earlier build (the row written as the secretariat) means, shown beside it. */
export const LEGACY_NOTE = '此签名用旧版本签署（当时在秘书处的电脑上签署，由秘书处录入）；签名本身仍按签署人登记的公钥核验，内容与现在一致即有效'
const LEGACY_STALE = '此签名用旧版本签署（由秘书处录入），签署后内容有变化，需本人在自己的电脑上重新签署'

/**
 * Signers whose stored signature was last written by the secretariat: a 复核意见 signed with an earlier build
 * (before the rows became the signer's own), carried as it was (shared/sync/verdict.ts accepts such a row only
 * with a signature that passes the signer's checks). The winning write of each signature cell is found from its
 * clock (row_clock, a key lookup) and read in that origin's log only.
 */
function legacySigners(db: Db, projectId: string, versionId: string, expertIds: readonly string[]): Set<string> {
  const author = prepare(db, "SELECT author FROM change_log WHERE origin = ? AND hlc = ? AND tbl = 'followup_opinions' AND col = 'signed_payload' LIMIT 1")
  const out = new Set<string>()
  for (const e of expertIds.slice(0, 60)) {
    const hlc = cellClock(db, 'followup_opinions', followupOpinionRowId(projectId, versionId, e), 'signed_payload')
    if (!hlc) continue
    let origin: string
    try {
      origin = decodeHlc(hlc).origin
    } catch {
      continue
    }
    if ((author.get(origin, hlc) as { author: string } | undefined)?.author === SECRETARIAT) out.add(e)
  }
  return out
}

/** Stored signatures that do not count, each with the Chinese reason: not a named signer, or not verifying. */
function refusedSignatures(db: Db, ctx: Context): FollowupRefusedSignature[] {
  const ids = [...ctx.signatures.keys()]
  const names = expertsOf(db, ids)
  return ids.flatMap((id) => {
    const name = names.get(id)?.name ?? id
    if (!ctx.reviewers.some((r) => r.expertId === id)) return [{ id, name, reason: `${name}不是本版的组长或指定的复核专家，其签名不计入` }]
    if (!validSignature(ctx, id)) return [{ id, name, reason: `${name}的签名未通过验证（与秘书处登记的公钥不符，或不是本版的复核意见），不计入` }]
    return []
  })
}

async function context(db: Db, blobs: BlobStore, versionId: string): Promise<Context> {
  const checklist = await followupChecklist(db, blobs, versionId)
  const v = first(db, db.kysely.selectFrom('project_versions').select(['id', 'meeting_id', 'project_id', 'version']).where('id', '=', versionId).where('deleted', '=', 0))!
  const meeting = first(db, db.kysely.selectFrom('meetings').select(['id', 'name', 'organiser', 'status']).where('id', '=', v.meeting_id))!
  const project = first(db, db.kysely.selectFrom('projects').select(['id', 'name', 'owner_unit']).where('id', '=', v.project_id))!
  const leaderRow = first(db, db.kysely.selectFrom('experts').select('id').where('meeting_id', '=', v.meeting_id).where('is_leader', '=', 1).where('deleted', '=', 0))
  const ids = [...new Set([...(leaderRow ? [leaderRow.id] : []), ...checklist.reviewers.map((r) => r.id)])]
  const experts = expertsOf(db, ids)
  const reviewers = ids.flatMap((id) => {
    const e = experts.get(id)
    return e ? [{ expertId: id, name: e.name, unit: e.unit, title: e.title, leader: id === leaderRow?.id, fingerprint: e.key_fingerprint.trim() }] : []
  })
  const signatures = storedSignatures(db, versionId)
  const base = { versionId, meetingId: v.meeting_id, projectId: v.project_id, reviewers, signatures, legacy: legacySigners(db, v.project_id, versionId, [...signatures.keys()]), readOnly: meeting.status === 'closed' ? '会议已关闭，复核意见只读' : '' }
  const pending = checklist.rows.filter((r) => !r.verdict).length
  const diff = await versionDiff(db, blobs, versionId).catch((err: unknown) => {
    if (err instanceof ApiError) return null
    throw err
  })
  const budget = diff?.diff.budget
  let blocked = ''
  if (!leaderRow) blocked = '尚未指定组长（在“专家”页选择组长），复核意见须由组长签署'
  else if (checklist.opinionNote) blocked = checklist.opinionNote
  else if (checklist.reviewers.length === 0) blocked = '请先在“复核安排”中指定复核专家'
  else if (pending > 0) blocked = `整改落实表还有${pending}条未记录落实情况，全部记录后才能签署复核意见`
  else if (!budget?.approval) blocked = diff ? `无法对照核定复核投资：${diff.approvalNote || '没有核定金额'}` : '修改稿材料尚未同步到本机，无法复核投资'
  if (blocked || !budget?.approval || !diff) return { ...base, composed: null, blocked }
  const lines = budget.lines.flatMap((l) => {
    if (!l.approval) return []
    return [{ name: (l.new ?? l.old)!.name, status: l.approval.status, approvedFen: l.approval.approvedFen, revisedFen: l.new?.amountFen ?? null, differenceFen: l.approval.differenceFen }]
  })
  const composed: Composed = {
    format: FOLLOWUP_OPINION_FORMAT,
    meeting: { id: meeting.id, name: meeting.name, organiser: meeting.organiser ?? '' },
    project: { id: project.id, name: project.name, ownerUnit: project.owner_unit ?? '' },
    version: { id: v.id, number: v.version, packageDigest: diff.diff.new.sha256, reviewedDigest: diff.diff.old.sha256 },
    panelOpinion: { digest: diff.approval?.digest ?? '', leaderName: diff.approval?.leaderName ?? '', signedAt: diff.approval?.signedAt ?? '' },
    reviewers: reviewers.map(({ fingerprint: _f, ...r }) => r).sort((a, b) => Number(b.leader) - Number(a.leader)),
    items: checklist.rows.map((r) => ({ kind: r.kind, number: r.number, point: r.point, raisedBy: r.authors, answer: r.answer, verdict: r.verdict || 'open', note: r.note })),
    budget: {
      lines,
      approvedTotalFen: budget.approval.approvedTotalFen,
      revisedTotalFen: budget.approval.newTotalFen,
      differenceFen: budget.approval.newTotalFen - budget.approval.approvedTotalFen,
      notAsApproved: budget.approval.counts['not-as-approved']
    }
  }
  return { ...base, composed, blocked: '' }
}

/** A stored signature that verifies against its signer's registered key, over an opinion for this version. */
function validSignature(ctx: Context, expertId: string): { payload: SignedPayload; opinion: FollowupOpinion } | null {
  const p = ctx.signatures.get(expertId)
  const r = ctx.reviewers.find((x) => x.expertId === expertId)
  if (!p || !r || p.kind !== 'followup-opinion' || p.signer.id !== expertId) return null
  if (verifySignedPayloadCached(p, r.fingerprint ? { registeredFingerprint: r.fingerprint } : undefined).status !== 'valid') return null
  const c = parseFollowupCanonical(p.canonical)
  if (!c.ok || c.content.signer.id !== expertId || c.content.version.id !== ctx.versionId) return null
  return { payload: p, opinion: c.content }
}

/** What everyone must have signed: the composition now with the 组长's conclusion and remarks. */
function currentShared(ctx: Context): string | null {
  const leader = ctx.reviewers.find((r) => r.leader)
  const signed = leader ? validSignature(ctx, leader.expertId) : null
  if (!ctx.composed || !signed) return null
  return canonicalize({ ...ctx.composed, conclusion: signed.opinion.conclusion, remarks: signed.opinion.remarks })
}

function signerStates(ctx: Context): FollowupSigner[] {
  const want = currentShared(ctx)
  const legacy = ctx.legacy
  return ctx.reviewers
    .slice()
    .sort((a, b) => Number(b.leader) - Number(a.leader))
    .map((r) => {
      const s = validSignature(ctx, r.expertId)
      const state = !s ? 'unsigned' : want !== null && canonicalize(sharedPart(s.opinion)) === want ? 'signed' : 'stale'
      const old = s && legacy.has(r.expertId) ? (state === 'signed' ? LEGACY_NOTE : LEGACY_STALE) : ''
      return { id: r.expertId, name: r.name, leader: r.leader, state, signedAt: s ? s.opinion.signedAt : null, legacy: old }
    })
}

function exportReasonOf(ctx: Context, signers: FollowupSigner[]): string {
  if (ctx.blocked) return ctx.blocked
  const leader = signers.find((s) => s.leader)
  if (!leader || leader.state === 'unsigned') return `组长${leader?.name ?? ''}尚未签署复核意见`
  if (leader.state === 'stale') return `组长${leader.name}签署后整改落实表、复核专家或投资对照有变化，需组长重新签署`
  const missing = signers.filter((s) => s.state !== 'signed')
  return missing.length ? `还需${missing.map((s) => `${s.name}${s.state === 'stale' ? '重新' : ''}`).join('、')}签署复核意见` : ''
}

export async function followupOpinionView(db: Db, blobs: BlobStore, versionId: string): Promise<FollowupOpinionView> {
  const ctx = await context(db, blobs, versionId)
  const signers = signerStates(ctx)
  const leader = ctx.reviewers.find((r) => r.leader)
  const leaderSigned = leader ? validSignature(ctx, leader.expertId) : null
  const acting = actingExpertOrNull(db)
  const items = ctx.composed?.items ?? []
  return {
    versionId,
    blocked: ctx.readOnly || ctx.blocked,
    signers,
    conclusion: leaderSigned?.opinion.conclusion ?? null,
    remarks: leaderSigned?.opinion.remarks ?? '',
    actingSignerId: acting && ctx.reviewers.some((r) => r.expertId === acting) ? acting : null,
    refused: refusedSignatures(db, ctx),
    exportReason: exportReasonOf(ctx, signers),
    counts: {
      done: items.filter((i) => i.verdict === 'done').length,
      partial: items.filter((i) => i.verdict === 'partial').length,
      open: items.filter((i) => i.verdict === 'open').length,
      notAsApproved: ctx.composed?.budget.notAsApproved ?? 0
    }
  }
}

export interface FollowupSignRequest {
  pin: string
  /** The 组长 only: the conclusion and remarks. Other re-reviewers sign what the 组长 signed. */
  conclusion?: FollowupConclusion
  remarks?: string
}

const field = (path: string, message: string) => new ApiError('invalid_input', message, [{ path, message }])

/** The signer this laptop acts as signs the 复核意见 (the 组长 first, with the conclusion). */
export async function signFollowupOpinion(db: Db, blobs: BlobStore, versionId: string, req: FollowupSignRequest, now = new Date()): Promise<FollowupOpinionView> {
  const ctx = await context(db, blobs, versionId)
  if (ctx.readOnly) throw new ApiError('conflict', ctx.readOnly)
  if (ctx.blocked || !ctx.composed) throw new ApiError('conflict', ctx.blocked || '复核意见尚不能签署')
  const acting = actingExpertOrNull(db)
  const me = ctx.reviewers.find((r) => r.expertId === acting)
  if (!me) throw new ApiError('forbidden', `复核意见由组长和指定的复核专家签署：本机当前不是其中任何一位（${ctx.reviewers.map((r) => r.name).join('、')}）`)
  let conclusion: FollowupConclusion
  let remarks: string
  if (me.leader) {
    if (req.conclusion !== 'agree' && req.conclusion !== 'revise') throw field('conclusion', '请选择复核结论：同意或仍需修改')
    remarks = (req.remarks ?? '').trim()
    if (remarks.length > MAX_REMARKS) throw field('remarks', `复核意见不能超过 ${MAX_REMARKS} 字`)
    const open = ctx.composed.items.filter((i) => i.verdict === 'open').length
    if (req.conclusion === 'agree' && open > 0) throw field('conclusion', `还有${open}条意见未落实，复核结论不能为“同意”`)
    conclusion = req.conclusion
  } else {
    const want = currentShared(ctx)
    if (want === null) throw new ApiError('conflict', '组长尚未签署复核意见（或签署后内容有变化需重签），请组长先签署')
    const leaderOpinion = validSignature(ctx, ctx.reviewers.find((r) => r.leader)!.expertId)!.opinion
    conclusion = leaderOpinion.conclusion
    remarks = leaderOpinion.remarks
  }
  const at = now.toISOString()
  const content: FollowupOpinion = { ...ctx.composed, conclusion, remarks, signer: { id: me.expertId, name: me.name }, signedAt: at }
  const { privateKey, publicKey } = await unlockPrivateKey(db, me.expertId, req.pin, now)
  const signed = signPayload('followup-opinion', content, privateKey, publicKey, { id: me.expertId, name: me.name }, now)
  // Written as the signer, on the signer's own laptop: the row reaches the secretariat through sync and is
  // verified there (shared/sync/verdict.ts), like a submitted sheet.
  writeChanges(db, me.expertId, (w) =>
    w.write('followup_opinions', followupOpinionRowId(ctx.projectId, versionId, me.expertId), {
      meeting_id: ctx.meetingId,
      project_id: ctx.projectId,
      version_id: versionId,
      expert_id: me.expertId,
      signed_payload: signed,
      signed_at: at,
      deleted: false
    })
  )
  return followupOpinionView(db, blobs, versionId)
}

/** The signatures the document is made from: every signer's, over exactly what is composed now; else the reason. */
export async function exportableFollowup(
  db: Db,
  blobs: BlobStore,
  versionId: string
): Promise<{ leader: SignedPayload; cosigners: SignedPayload[]; opinion: FollowupOpinion; reviewers: Context['reviewers'] } | { reason: string }> {
  const ctx = await context(db, blobs, versionId)
  const signers = signerStates(ctx)
  const reason = exportReasonOf(ctx, signers)
  if (reason) return { reason }
  const leader = signers.find((s) => s.leader)!
  const l = validSignature(ctx, leader.id)!
  return { leader: l.payload, opinion: l.opinion, cosigners: signers.filter((s) => !s.leader).map((s) => validSignature(ctx, s.id)!.payload), reviewers: ctx.reviewers }
}
