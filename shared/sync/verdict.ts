/**
 * The verdict on one replicated transaction, reached by every replica (devices and the sync server) from the
 * transaction itself and data that never changes once known: the row ids (owners), the registry, the signed
 * payload, and the grow-only set of public-key fingerprints the secretariat registered for an expert.
 *
 *  - accepted: applied (each cell by its merge rule);
 *  - rejected: kept in the log with the reason, never applied (a non-owner, a bad value, a forged signature);
 *  - held: a submission signed with a key not (yet) registered for its expert; applied once it is registered;
 *  - deferred: names a table or column this replica does not know yet (a peer on a newer schema); replayed
 *    after migrating.
 * A transaction is judged as a whole, so it is visible entirely or not at all.
 */
import { hlcMs } from './hlc'
import type { Change } from './change'
import { OWNERSHIP, SECRETARIAT_AUTHOR, ownerRuleOf } from './ownership'
import { isDerivedTable, type ReplicatedTable } from './tables'
import type { ColumnSpec } from './tables'
import { parseSheetChildId, parseSheetId, parseTagged, sheetRowId } from './rowIds'
import { checkValue } from './values'
import { verifySignedPayload } from '../signing/envelope'
import { parseSheetCanonical } from '../signing/contentSchema'
import { parseFollowupCanonical } from '../signing/followupContent'
import { fingerprintMatches, normalizeFingerprint } from '../signing/sm'
import type { SignedPayload } from '../signing/types'
import { SCORING_MARKER_CELL, parseScoringMarker, scoringLockProblem, touchesScoringScale, type ScoringMarker } from './scoringMarker'

export const MAX_FUTURE_MS = 24 * 3600 * 1000
export const CLOCK_WARN_MS = 5 * 60 * 1000

export type VerdictCode =
  | 'not-owner'
  | 'bad-row-id'
  | 'bad-value'
  | 'malformed'
  | 'future'
  | 'bad-signature'
  | 'bad-content'
  | 'unregistered-key'
  | 'unknown-column'
  | 'bad-seal'
  | 'no-reopen'
  | 'untrusted-secretariat'
  | 'scoring-started'

export type Verdict =
  | { status: 'accepted' }
  | { status: 'rejected' | 'held' | 'deferred'; code: VerdictCode; reason: string; change?: Pick<Change, 'tbl' | 'rowId' | 'col'> }

export type Registry = Record<string, Record<string, ColumnSpec>>

export interface VerdictContext {
  nowMs: number
  registry: Registry
  /** Every fingerprint the secretariat registered for the expert (accepted writes of experts.key_fingerprint). */
  fingerprintsOf(expertId: string): readonly string[]
  /** Whether the secretariat's reopen of this sheet (an accepted status 'reopened') is known here: grow-only. */
  isReopened(sheetId: string): boolean
  /**
   * The meeting's accepted "scoring started" marker (shared/sync/scoringMarker.ts), grow-only; with `scoringMarkers`
   * (all of them). A replica that passes neither applies no scoring lock (the sync server, which scores nothing).
   */
  scoringMarkerOf?(meetingId: string): ScoringMarker | null
  scoringMarkers?(): readonly ScoringMarker[]
  /** The meeting of a package (for a change of its budget basis), null when not known here: every marker binds then. */
  packageMeetingOf?(packageId: string): string | null
}

const ACCEPTED: Verdict = { status: 'accepted' }

function reject(code: VerdictCode, reason: string, c?: Change): Verdict {
  return c ? { status: 'rejected', code, reason, change: { tbl: c.tbl, rowId: c.rowId, col: c.col } } : { status: 'rejected', code, reason }
}

function parsed(c: Change): unknown {
  return JSON.parse(c.value) as unknown
}

function notOwner(c: Change, who: string): Verdict {
  return reject('not-owner', `「${c.author}」无权修改${who}（${c.tbl}.${c.col}）`, c)
}

/** Ownership and identity columns of one change; null when allowed. */
function ownershipProblem(c: Change): Verdict | null {
  const rule = ownerRuleOf(c.tbl)
  if (!rule) return reject('unknown-column', `未知的表 ${c.tbl}`, c)
  switch (rule.kind) {
    case 'secretariat':
      return c.author === SECRETARIAT_AUTHOR ? null : notOwner(c, '秘书处的数据')
    case 'sheet': {
      const k = parseSheetId(c.rowId)
      if (!k) return reject('bad-row-id', `评分表编号格式无效：${c.rowId.slice(0, 60)}`, c)
      const v = parsed(c)
      if (c.col === 'project_id' && v !== k.projectId) return reject('bad-value', '评分表的项目与编号不符', c)
      if (c.col === 'expert_id' && v !== k.expertId) return reject('bad-value', '评分表的专家与编号不符', c)
      if (c.col === 'revision' && v !== k.revision) return reject('bad-value', '评分表的修订号与编号不符', c)
      if (c.author === SECRETARIAT_AUTHOR) {
        if (c.col === 'status') return v === 'reopened' ? null : notOwner(c, '专家的评分表')
        return c.col === 'reopen_reason' || c.col === 'reopened_at' ? null : notOwner(c, '专家的评分表')
      }
      if (c.author !== k.expertId) return notOwner(c, '其他专家的评分表')
      if (c.col === 'status' && v === 'reopened') return reject('not-owner', '只有秘书处可以退回评分表', c)
      if (c.col === 'reopen_reason' && v !== '') return reject('not-owner', '只有秘书处可以填写退回理由', c)
      if (c.col === 'reopened_at' && v !== null) return reject('not-owner', '只有秘书处可以退回评分表', c)
      return null
    }
    case 'sheet-child': {
      const k = parseSheetChildId(c.rowId)
      if (!k) return reject('bad-row-id', `评分表内容的编号格式无效：${c.rowId.slice(0, 60)}`, c)
      if (c.col === 'sheet_id' && parsed(c) !== k.sheetId) return reject('bad-value', '所属评分表与编号不符', c)
      if (c.col === rule.keyColumn && parsed(c) !== k.key) return reject('bad-value', '字段与编号不符', c)
      return c.author === k.expertId ? null : notOwner(c, '其他专家的评分内容')
    }
    case 'expert-tagged': {
      const parts = parseTagged(c.rowId, rule.tag, rule.arity)
      if (!parts) return reject('bad-row-id', `编号格式无效：${c.rowId.slice(0, 60)}`, c)
      const idx = rule.columns[c.col]
      if (idx !== undefined && parsed(c) !== parts[idx]) return reject('bad-value', '字段与编号不符', c)
      if (rule.secretariatToo && c.author === SECRETARIAT_AUTHOR) return null
      if (rule.secretariatCarries && c.author === SECRETARIAT_AUTHOR) {
        // Checked whole in carriedRowProblem: the row must come with its signature.
        if (c.col === 'deleted' && parsed(c) !== false && parsed(c) !== 0) return reject('not-owner', '秘书处不能删除专家的签名记录', c)
        if (c.col === 'signed_payload' && c.value === 'null') return reject('not-owner', '秘书处不能清除专家的签名', c)
        return null
      }
      return c.author === parts[rule.expertPart] ? null : notOwner(c, '其他专家的数据')
    }
  }
}

function parsePayload(json: string): SignedPayload | null {
  try {
    const v: unknown = JSON.parse(json)
    return typeof v === 'object' && v !== null ? (v as SignedPayload) : null
  } catch {
    return null
  }
}

/** A submission (status 'submitted' with its signed payload, in one transaction) of one sheet row. */
function judgeSubmission(rowId: string, changes: Change[], ctx: VerdictContext): Verdict | null {
  const status = changes.find((c) => c.col === 'status')
  const payloadChange = changes.find((c) => c.col === 'signed_payload' && c.value !== 'null')
  const submitting = status !== undefined && status.value === '"submitted"'
  if (!submitting && !payloadChange) return null
  if (!submitting || !payloadChange) return reject('bad-signature', '提交评分表必须同时带有签名数据', payloadChange ?? status)
  const k = parseSheetId(rowId)
  const p = parsePayload(payloadChange.value)
  if (!k || !p) return reject('bad-signature', '签名数据无法解析', payloadChange)
  const check = verifySignedPayload(p)
  if (check.status !== 'valid') return reject('bad-signature', `签名无效：${check.reason}`, payloadChange)
  if (p.kind !== 'expert-sheet' || p.signer.id !== k.expertId) return reject('bad-signature', '签名人不是该评分表的专家', payloadChange)
  // A valid signature over content the app cannot use is refused here, before it reaches any board or merge.
  const parsedContent = parseSheetCanonical(p.canonical)
  if (!parsedContent.ok) return reject('bad-content', parsedContent.reason, payloadChange)
  const content = parsedContent.content
  if (content.sheetId !== rowId || content.revision !== k.revision || content.project.id !== k.projectId) {
    return reject('bad-signature', '签名内容不是这份评分表（编号、修订号或项目不符）', payloadChange)
  }
  if (!keyRegistered(ctx, k.expertId, p.fingerprint)) {
    return { status: 'held', code: 'unregistered-key', reason: '签名公钥与秘书处登记的公钥指纹不符（或尚未登记），暂不采用', change: { tbl: payloadChange.tbl, rowId, col: 'signed_payload' } }
  }
  return null
}

function keyRegistered(ctx: VerdictContext, expertId: string, fingerprint: string): boolean {
  return ctx.fingerprintsOf(expertId).some((f) => normalizeFingerprint(f) !== '' && fingerprintMatches(normalizeFingerprint(f), fingerprint))
}

/**
 * A signature over the 专家组复核意见 (followup_opinions.signed_payload), written on the signer's own laptop: it must
 * verify, be the row's expert's, over an opinion of the row's version and project, and be made with a key the
 * secretariat registered for that expert (else held until it is). Whether the signer is a named re-reviewer and
 * whether the content is still the current one change over time, so they are judged where the rows are read
 * (services/followupOpinion.ts), never here.
 */
function judgeFollowupSignature(c: Change, ctx: VerdictContext): Verdict | null {
  if (c.tbl !== 'followup_opinions' || c.col !== 'signed_payload' || c.value === 'null') return null
  const parts = parseTagged(c.rowId, 'followup-opinion', 3)
  const p = parsePayload(c.value)
  if (!parts || !p) return reject('bad-signature', '复核意见签名数据无法解析', c)
  const [projectId, versionId, expertId] = parts as [string, string, string]
  const check = verifySignedPayload(p)
  if (check.status !== 'valid') return reject('bad-signature', `复核意见签名无效：${check.reason}`, c)
  if (p.kind !== 'followup-opinion' || p.signer.id !== expertId) return reject('bad-signature', '复核意见的签名人不是该签名记录的专家', c)
  const content = parseFollowupCanonical(p.canonical)
  if (!content.ok) return reject('bad-content', content.reason, c)
  if (content.content.signer.id !== expertId || content.content.version.id !== versionId || content.content.project.id !== projectId) {
    return reject('bad-signature', '签名内容不是这一版修改稿的复核意见（版本、项目或签名人不符）', c)
  }
  if (!keyRegistered(ctx, expertId, p.fingerprint)) {
    return { status: 'held', code: 'unregistered-key', reason: '复核意见的签名公钥与秘书处登记的公钥指纹不符（或尚未登记），暂不采用', change: { tbl: c.tbl, rowId: c.rowId, col: c.col } }
  }
  return null
}

/**
 * A secretariat transaction carrying a signer's row (rules with `secretariatCarries`: a 复核意见 signed with an
 * earlier build, written then as the secretariat): every such row it touches must come with its signed payload,
 * which judgeFollowupSignature then checks like the signer's own.
 */
function carriedRowProblem(tx: readonly Change[]): Verdict | null {
  if ((tx[0] as Change).author !== SECRETARIAT_AUTHOR) return null
  const rows = new Map<string, Change>()
  const signed = new Set<string>()
  for (const c of tx) {
    const rule = ownerRuleOf(c.tbl)
    if (rule?.kind !== 'expert-tagged' || !rule.secretariatCarries) continue
    rows.set(`${c.tbl}\u0000${c.rowId}`, c)
    if (c.col === 'signed_payload') signed.add(`${c.tbl}\u0000${c.rowId}`)
  }
  for (const [k, c] of rows) if (!signed.has(k)) return reject('not-owner', '秘书处只能转交专家本人签署的完整签名记录，不能单独修改其中的字段', c)
  return null
}

export function judgeTransaction(all: readonly Change[], ctx: VerdictContext): Verdict {
  if (all.length === 0) return reject('malformed', '空的事务')
  // Derived tables (documents, pages, budget lines, data lists, findings) are rebuilt on every device from the
  // package files: an older peer's changes to them are skipped, and the rest of its transaction is judged alone.
  const tx = all.filter((c) => !isDerivedTable(c.tbl))
  const first = tx[0]
  if (!first) return ACCEPTED
  for (const c of tx) {
    const spec = ctx.registry[c.tbl]?.[c.col]
    if (!spec) {
      return { status: 'deferred', code: 'unknown-column', reason: `本机版本尚不认识 ${c.tbl}.${c.col}，升级后再应用`, change: { tbl: c.tbl, rowId: c.rowId, col: c.col } }
    }
  }
  let future: Verdict | null = null
  // The first change (in order) whose revision is not open yet; it matters only when nothing is rejected.
  let chain: Verdict | null = null
  for (const c of tx) {
    if (c.author !== first.author) return reject('malformed', '同一事务中出现了不同的作者', c)
    const ms = hlcMs(c.hlc)
    if (ms === null) return reject('malformed', '时间戳格式无效', c)
    // Too far ahead of this replica's clock: held, not rejected (a verdict that depends on the receiver's clock
    // must not be final). Judged again at every sync: accepted once this clock catches up, and the writer's
    // laptop re-issues its edits with a corrected clock (electron/main/sync/clock.ts).
    if (ms > ctx.nowMs + MAX_FUTURE_MS && !future) {
      future = { status: 'held', code: 'future', reason: `修改的时间戳（${new Date(ms).toISOString().slice(0, 16)}）比本机时间超前 24 小时以上（对方电脑时钟有误），暂不采用，对方校准时间后重新发出`, change: { tbl: c.tbl, rowId: c.rowId, col: c.col } }
    }
    const problem = checkValue(c.tbl, c.col, ctx.registry[c.tbl]?.[c.col] as ColumnSpec, c.value)
    if (problem) return reject('bad-value', `${c.tbl}.${c.col}：${problem}`, c)
    const own = ownershipProblem(c)
    if (own) return own
    if (c.tbl === SCORING_MARKER_CELL.tbl && c.col === SCORING_MARKER_CELL.col && c.value !== 'null' && parseScoringMarker(c.value)?.meetingId !== c.rowId) {
      return reject('bad-value', '评分开始声明格式无效或不是该会议的声明', c)
    }
    chain ??= revisionChainProblem(c, ctx)
  }
  const sheetRows = new Map<string, Change[]>()
  for (const c of tx) {
    if (c.tbl !== 'score_sheets') continue
    const list = sheetRows.get(c.rowId) ?? []
    list.push(c)
    sheetRows.set(c.rowId, list)
  }
  if (future) return future
  let held: Verdict | null = chain ?? scoringLock(tx, ctx)
  for (const [rowId, changes] of sheetRows) {
    const v = judgeSubmission(rowId, changes, ctx)
    if (v?.status === 'rejected') return v
    if (v) held = v
  }
  const carried = carriedRowProblem(tx)
  if (carried) return carried
  for (const c of tx) {
    const v = judgeFollowupSignature(c, ctx)
    if (v?.status === 'rejected') return v
    if (v) held = v
  }
  return held ?? ACCEPTED
}

/** A change of a meeting's rubric or rule set after its scoring-started marker: held (scoringMarker.ts). */
function scoringLock(tx: readonly Change[], ctx: VerdictContext): Verdict | null {
  const { scoringMarkerOf, scoringMarkers } = ctx
  if (!scoringMarkerOf || !scoringMarkers || !tx.some(touchesScoringScale)) return null
  const p = scoringLockProblem(tx, scoringMarkerOf, scoringMarkers, ctx.packageMeetingOf)
  return p ? { status: 'held', code: 'scoring-started', reason: p.reason, change: { tbl: p.change.tbl, rowId: p.change.rowId, col: p.change.col } } : null
}

/**
 * The revision chain: an expert's revision n > 1 of a sheet (the row or anything in it) exists only after the
 * secretariat reopened revision n − 1. Until that reopen is known here the transaction is held (it may simply
 * arrive first); it is judged again when a reopen is applied.
 */
function revisionChainProblem(c: Change, ctx: VerdictContext): Verdict | null {
  const rule = ownerRuleOf(c.tbl)
  const k = rule?.kind === 'sheet' ? parseSheetId(c.rowId) : rule?.kind === 'sheet-child' ? parseSheetChildId(c.rowId) : null
  if (!k || k.revision <= 1 || c.author === SECRETARIAT_AUTHOR) return null
  const previous = sheetRowId(k.projectId, k.expertId, k.revision - 1)
  if (ctx.isReopened(previous)) return null
  return { status: 'held', code: 'no-reopen', reason: `第 ${k.revision} 版评分表须在秘书处退回第 ${k.revision - 1} 版之后才能产生，暂不采用`, change: { tbl: c.tbl, rowId: c.rowId, col: c.col } }
}

/** Tables whose writes can change a verdict already reached (held submissions wait for them). */
export const FINGERPRINT_CELL = { tbl: 'experts' satisfies ReplicatedTable, col: 'key_fingerprint' } as const

/** A reopen (score_sheets.status = 'reopened') can release a held next revision. */
export function isReopenChange(c: Pick<Change, 'tbl' | 'col' | 'value'>): boolean {
  return c.tbl === 'score_sheets' && c.col === 'status' && c.value === '"reopened"'
}

export { OWNERSHIP }
