/**
 * The 组长's panel opinion (issue 7): drafted from the merged data (the experts' opinions, problems and
 * suggestions grouped with their authors), edited by the 组长 (or the secretariat), the 组长's budget overrides
 * with reasons, then concluded and signed by the 组长 with their PIN (SignedPayload kind 'panel-opinion' over the
 * PanelOpinion of documents/model.ts). Stored in panel_opinions, one row per project and 组长
 * (naturalId('panel-opinion', projectId, leaderId)), written by that 组长 and the secretariat.
 *
 * The scores of the opinion are always recomputed from the counted sheets (so the documents verify them); the
 * 组长 edits only words, the conclusion and budget overrides. Any edit after signing returns it to a draft (the
 * signed version stays in the change log).
 */
import { ApiError } from '../../../shared/api/errors'
import type { AuthoredText, PanelDraft, PanelOpinionView } from '../../../shared/api/secretariatTypes'
import { CONCLUSIONS, type Conclusion } from '../../../shared/domain/conclusion'
import { completeSettings, round2, suggestPanelConclusion, type BudgetOverride, type MeetingSettings } from '../../../shared/domain/merge'
import { projectVetoes } from './sheets'
import { vetoOverrideOf } from '../../../shared/domain/vetoOverride'
import { canonicalize } from '../../../shared/signing/canonical'
import { signPayload } from '../../../shared/signing/envelope'
import { parsePanelOpinionCanonical } from '../../../shared/signing/contentSchema'
import type { SheetPayload, SignedPayload } from '../../../shared/signing/types'
import { panelOpinionRowId } from '../../../shared/sync/rowIds'
import type { Db } from '../db/connection'
import { writeChanges } from '../db/changeWriter'
import { first } from '../db/query'
import type { PanelOpinionsTable } from '../db/schema'
import { panelOpinionFromSheets, type PanelOpinion } from '../documents/model'
import { panelBudgetTotals } from '../../../shared/domain/budgetReview'
import { verifySignedPayloadCached } from '../documents/verifyCache'
import { actingExpertOrNull } from './acting'
import { SECRETARIAT } from './authors'
import { collectMeeting, type CollectedProject } from './board'
import { meetingSettings } from './console'
import { unlockPrivateKey } from './identity'
import { opinionKey, rememberedOpinionVerdict, rememberOpinionVerdict } from './opinionVerdicts'
import { loadRubric } from './rubrics'

interface Context {
  project: CollectedProject
  settings: MeetingSettings
  leader: { id: string; name: string; fingerprint: string } | null
  sources: SignedPayload[]
  sheets: SheetPayload[]
  blocked: string
  /** The automatic merge of the counted sheets (computed when first read). */
  readonly base: PanelOpinion | null
  row: PanelOpinionsTable | null
  /** What the merge is made from besides the sheets and settings (exportableOpinion's remembered verdicts). */
  inputs: { rubric: unknown; organiser: string }
}

function context(db: Db, projectId: string): Context {
  const p = first(db, db.kysely.selectFrom('projects').select('meeting_id').where('id', '=', projectId).where('deleted', '=', 0))
  if (!p) throw new ApiError('not_found', '找不到该项目，可能已被移除')
  const c = collectMeeting(db, p.meeting_id, projectId)
  const project = c.projects[0]!
  const rubric = loadRubric(db, c.meeting.rubric_id)
  const settings = meetingSettings(db, c.meeting)
  const l = c.experts.find((e) => e.is_leader === 1)
  const leader = l ? { id: l.id, name: l.name, fingerprint: l.key_fingerprint.trim() } : null
  const counted = project.cells.filter((x) => x.counted && x.payload && x.sheet)
  const sources = counted.map((x) => x.payload!)
  const sheets = counted.map((x) => x.sheet!)
  const waiting = project.cells.filter((x) => !x.counted && x.state !== 'recused')
  let blocked = ''
  if (!leader) blocked = '尚未指定组长（在“专家”页选择组长）'
  else if (project.cells.length === 0) blocked = '该项目还没有分配评审专家'
  else if (waiting.length > 0) blocked = `还有${waiting.length}位专家的评分表未计入：${waiting.map((x) => `${x.name}（${x.label}）`).join('、')}`
  else if (!counted.some((x) => x.expertId === leader.id)) blocked = `组长${leader.name}不在该项目计入的专家之中`
  // The merge of the counted sheets (2,000 budget lines × 9 experts at meeting scale) is made when first asked for.
  let base: PanelOpinion | null | undefined
  const mergeBase = (): PanelOpinion | null =>
    !blocked && leader
      ? panelOpinionFromSheets(sources, rubric, {
          leaderId: leader.id,
          mergeMethod: settings.mergeMethod,
          budgetMergeMethod: settings.budgetMergeMethod,
          organiser: c.meeting.organiser
        })
      : null
  const row = leader
    ? (first(db, db.kysely.selectFrom('panel_opinions').selectAll().where('id', '=', panelOpinionRowId(projectId, leader.id)).where('deleted', '=', 0)) ?? null)
    : null
  return {
    project,
    settings,
    leader,
    sources,
    sheets,
    blocked,
    get base() {
      if (base === undefined) base = mergeBase()
      return base
    },
    row,
    inputs: { rubric, organiser: c.meeting.organiser }
  }
}

function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (!text) return fallback
  try {
    return JSON.parse(text) as T
  } catch {
    return fallback
  }
}

function defaultDraft(base: PanelOpinion): PanelDraft {
  return { process: base.process, opinions: { ...base.opinions }, problems: [...base.problems], suggestions: [...base.suggestions], conclusion: base.conclusion }
}

function draftOf(ctx: Context): PanelDraft | null {
  if (!ctx.base) return null
  const stored = parseJson<Partial<PanelDraft>>(ctx.row?.draft, {})
  const d = defaultDraft(ctx.base)
  return {
    process: typeof stored.process === 'string' ? stored.process : d.process,
    opinions: { ...d.opinions, ...(stored.opinions ?? {}) },
    problems: Array.isArray(stored.problems) ? stored.problems : d.problems,
    suggestions: Array.isArray(stored.suggestions) ? stored.suggestions : d.suggestions,
    conclusion: stored.conclusion && (CONCLUSIONS as readonly string[]).includes(stored.conclusion) ? stored.conclusion : d.conclusion
  }
}

/** The PanelOpinion the 组长 signs: the merged scores with the draft's words and conclusion and the budget overrides. */
export function composeOpinion(base: PanelOpinion, draft: PanelDraft, overrides: Record<string, BudgetOverride>, sheets: readonly SheetPayload[]): PanelOpinion {
  const lines = base.budget.lines.map((l) => {
    const o = overrides[l.lineId]
    if (!o) return l
    const { priceRef: _cite, ...rest } = l
    return { ...rest, approvedAmount: round2(o.amount), reason: o.reason }
  })
  const totals = panelBudgetTotals(lines)
  const opinions: Record<string, string> = {}
  for (const d of base.dimensions) opinions[d.dimensionId] = (draft.opinions[d.dimensionId] ?? '').trim()
  const clean = (xs: readonly string[]) => xs.map((x) => x.trim()).filter(Boolean)
  return {
    ...base,
    process: draft.process.trim(),
    opinions,
    problems: clean(draft.problems),
    suggestions: clean(draft.suggestions),
    budget: { lines, ...totals },
    conclusion: draft.conclusion,
    dissent: sheets.filter((s) => s.conclusion !== draft.conclusion).map((s) => ({ expertId: s.expert.id, name: s.expert.name, conclusion: s.conclusion }))
  }
}

function group(items: { text: string; author: string }[]): AuthoredText[] {
  const map = new Map<string, AuthoredText>()
  for (const { text, author } of items) {
    const t = text.trim()
    if (!t) continue
    const g = map.get(t) ?? { text: t, authors: [] }
    if (!g.authors.includes(author)) g.authors.push(author)
    map.set(t, g)
  }
  return [...map.values()].sort((a, b) => b.authors.length - a.authors.length)
}

/** Whether a signed opinion says exactly what `opinion` says (the signing time inside it aside). */
function sameOpinion(signed: SignedPayload, opinion: PanelOpinion): boolean {
  const content = parseJson<PanelOpinion | null>(signed.canonical, null)
  return !!content && isSignedText(signed.canonical, content.signedAt, opinion)
}

/** Whether `opinion`, given the signing time of the signed one, is its canonical text (signatures sign canonical text). */
function isSignedText(canonical: string, signedAt: PanelOpinion['signedAt'], opinion: PanelOpinion): boolean {
  return canonicalize({ ...opinion, signedAt }) === canonical
}

function signedOf(row: PanelOpinionsTable | null): SignedPayload | null {
  return row?.status === 'signed' ? parseJson<SignedPayload | null>(row.signed_payload, null) : null
}

export function panelView(db: Db, projectId: string): PanelOpinionView {
  const ctx = context(db, projectId)
  const acting = actingExpertOrNull(db)
  const draft = draftOf(ctx)
  const overrides = parseJson<Record<string, BudgetOverride>>(ctx.row?.budget_overrides, {})
  const opinion = ctx.base && draft ? composeOpinion(ctx.base, draft, overrides, ctx.sheets) : null
  const signed = signedOf(ctx.row)
  let status: PanelOpinionView['status'] = 'draft'
  let signatureCheck: PanelOpinionView['signatureCheck'] = null
  if (signed) {
    const r = verifySignedPayloadCached(signed, ctx.leader?.fingerprint ? { registeredFingerprint: ctx.leader.fingerprint } : undefined)
    signatureCheck = r.status === 'valid' ? { status: 'valid', reason: '组长签名有效' } : { status: r.status, reason: r.reason }
    status = opinion && sameOpinion(signed, opinion) ? 'signed' : 'stale'
  }
  const authored = (pick: (s: SheetPayload) => string[]) => group(ctx.sheets.flatMap((s) => pick(s).map((text) => ({ text, author: s.expert.name }))))
  const settings = completeSettings(ctx.settings, { conclusion: ctx.settings.conclusion, totalPoints: ctx.base?.totalPoints ?? 100 }, ctx.settings.mergeMethod)
  const vetoes = projectVetoes(db, projectId)
  const vetoReasons = vetoes.map((v) => v.reason)
  return {
    projectId,
    projectName: ctx.project.project.name,
    blocked: ctx.blocked,
    leader: ctx.leader ? { id: ctx.leader.id, name: ctx.leader.name } : null,
    actingIsLeader: !!ctx.leader && acting === ctx.leader.id,
    draft,
    gathered: {
      problems: authored((s) => s.mainProblems.map((p) => p.text)),
      suggestions: authored((s) => s.suggestions.map((p) => p.text)),
      opinions: Object.fromEntries((ctx.base?.dimensions ?? []).map((d) => [d.dimensionId, authored((s) => (s.opinions[d.dimensionId] ?? '').split('\n'))]))
    },
    dimensions: (opinion?.dimensions ?? []).map((d) => ({ id: d.dimensionId, name: d.name, points: d.points, score: d.score })),
    total: opinion?.total ?? 0,
    suggestedConclusion: suggestPanelConclusion(settings, opinion?.total ?? 0, vetoes),
    dissent: (opinion?.dissent ?? []).map((d) => ({ name: d.name, conclusion: d.conclusion })),
    vetoOverrides: ctx.sheets.map((s) => vetoOverrideOf(s, vetoReasons)).filter((o) => o !== null),
    budget: {
      submittedTotal: opinion?.budget.submittedTotal ?? 0,
      approvedTotal: opinion?.budget.approvedTotal ?? 0,
      cutTotal: opinion?.budget.cutTotal ?? 0,
      cutRate: opinion?.budget.cutRate ?? 0,
      overrides: Object.keys(overrides).length
    },
    status,
    signedAt: ctx.row?.signed_at ?? null,
    signatureCheck,
    updatedAt: ctx.row?.updated_at ?? null
  }
}

/** Writes made from the console: as the 组长 when this laptop acts as the 组长, otherwise as the secretariat. */
function authorFor(db: Db, ctx: Context): string {
  const acting = actingExpertOrNull(db)
  return ctx.leader && acting === ctx.leader.id ? ctx.leader.id : SECRETARIAT
}

function requireDraftable(ctx: Context): { leader: NonNullable<Context['leader']>; base: PanelOpinion } {
  if (ctx.blocked || !ctx.leader || !ctx.base) throw new ApiError('conflict', ctx.blocked || '专家组意见尚不能起草')
  return { leader: ctx.leader, base: ctx.base }
}

function rowFields(ctx: Context, leaderId: string, now: string) {
  return { meeting_id: ctx.project.project.meeting_id, project_id: ctx.project.project.id, leader_id: leaderId, updated_at: now, deleted: false }
}

export function saveDraft(db: Db, projectId: string, draft: PanelDraft): PanelOpinionView {
  const ctx = context(db, projectId)
  const { leader } = requireDraftable(ctx)
  if (!(CONCLUSIONS as readonly string[]).includes(draft.conclusion)) throw new ApiError('invalid_input', '未知的评审结论')
  const now = new Date().toISOString()
  writeChanges(db, authorFor(db, ctx), (w) =>
    w.write('panel_opinions', panelOpinionRowId(projectId, leader.id), {
      ...rowFields(ctx, leader.id, now),
      draft,
      // Any edit returns a signed opinion to a draft; the signed version stays in the change log.
      status: 'draft',
      signed_payload: null,
      signed_at: null,
      ...(ctx.row ? {} : { budget_overrides: {} })
    })
  )
  return panelView(db, projectId)
}

/** The 组长's override of the panel's 核定 of one line (null amount removes it). */
export function setOverride(db: Db, projectId: string, lineId: string, amount: number | null, reason: string): PanelOpinionView {
  const ctx = context(db, projectId)
  const { leader, base } = requireDraftable(ctx)
  const line = base.budget.lines.find((l) => l.lineId === lineId)
  if (!line) throw new ApiError('not_found', '找不到该概算明细行')
  const overrides = { ...parseJson<Record<string, BudgetOverride>>(ctx.row?.budget_overrides, {}) }
  if (amount === null) delete overrides[lineId]
  else {
    if (!(amount >= 0) || amount > line.submittedAmount + 1e-9) throw new ApiError('invalid_input', `核定金额应在 0 至送审金额 ${line.submittedAmount} 万元之间`)
    if (!reason.trim()) throw new ApiError('invalid_input', '请填写调整理由')
    overrides[lineId] = { amount: round2(amount), reason: reason.trim() }
  }
  const now = new Date().toISOString()
  writeChanges(db, authorFor(db, ctx), (w) =>
    w.write('panel_opinions', panelOpinionRowId(projectId, leader.id), {
      ...rowFields(ctx, leader.id, now),
      budget_overrides: overrides,
      status: 'draft',
      signed_payload: null,
      signed_at: null,
      ...(ctx.row ? {} : { draft: defaultDraft(base) })
    })
  )
  return panelView(db, projectId)
}

/** The 组长 concludes and signs (this laptop must act as the 组长 and hold the 组长's key). */
export async function signPanelOpinion(db: Db, projectId: string, pin: string, now = new Date()): Promise<PanelOpinionView> {
  const ctx = context(db, projectId)
  const { leader, base } = requireDraftable(ctx)
  if (actingExpertOrNull(db) !== leader.id) throw new ApiError('forbidden', `只有组长${leader.name}本人可以签署专家组意见：请在组长的电脑上（或以组长身份）签署`)
  const draft = draftOf(ctx)!
  const overrides = parseJson<Record<string, BudgetOverride>>(ctx.row?.budget_overrides, {})
  // The signing time is part of what the 组长 signs (the envelope's signedAt is only a label).
  const opinion: PanelOpinion = { ...composeOpinion(base, draft, overrides, ctx.sheets), signedAt: now.toISOString() }
  if (opinion.problems.length === 0 && opinion.suggestions.length === 0 && Object.values(opinion.opinions).every((t) => !t)) {
    throw new ApiError('invalid_input', '专家组意见没有任何评审意见、问题或建议，请先填写')
  }
  const { privateKey, publicKey } = await unlockPrivateKey(db, leader.id, pin, now)
  const signed = signPayload('panel-opinion', opinion, privateKey, publicKey, { id: leader.id, name: leader.name }, now)
  writeChanges(db, leader.id, (w) =>
    w.write('panel_opinions', panelOpinionRowId(projectId, leader.id), {
      ...rowFields(ctx, leader.id, now.toISOString()),
      draft,
      budget_overrides: overrides,
      status: 'signed',
      signed_payload: signed,
      signed_at: now.toISOString()
    })
  )
  return panelView(db, projectId)
}

/**
 * The 组长's signed panel opinion the panel documents are made from: valid, over exactly the sheets given (the
 * currently counted ones) and exactly the opinion the console composes now. Otherwise no payload and the reason,
 * in Chinese: the documents wait for the 组长 to sign (again) — they never fall back to another opinion.
 */
export function exportableOpinion(db: Db, projectId: string, leaderId: string, sources: readonly SignedPayload[]): { payload: SignedPayload | null; reason: string } {
  const none = (reason: string) => ({ payload: null, reason })
  const ctx = context(db, projectId)
  const signed = signedOf(ctx.row)
  if (!signed) {
    const leaderName = ctx.leader?.name ?? '组长'
    return none(ctx.row ? `组长${leaderName}签署后专家组意见又被修改（或尚未签署），需组长重新签署后才能导出专家组文档` : `组长${leaderName}尚未签署专家组意见（在“专家组意见”页由组长签署后才能导出）`)
  }
  // The same inputs give the same answer (opinionVerdicts.ts): the merge and the comparison are not made again.
  const key = opinionKey({
    projectId,
    leader: ctx.leader,
    signedText: ctx.row?.signed_payload ?? '',
    draft: ctx.row?.draft ?? null,
    overrides: ctx.row?.budget_overrides ?? null,
    sources: ctx.sources,
    rubric: ctx.inputs.rubric,
    settings: ctx.settings,
    organiser: ctx.inputs.organiser,
    blocked: ctx.blocked
  })
  const known = rememberedOpinionVerdict(key)
  if (known !== undefined) return known ? none(known) : { payload: signed, reason: '' }
  const answer = signedOpinionCheck(ctx, signed, projectId, leaderId, sources)
  rememberOpinionVerdict(key, answer)
  return answer ? none(answer) : { payload: signed, reason: '' }
}

/** Why the stored signed opinion is not the one to export ('' when it is): see exportableOpinion. */
function signedOpinionCheck(ctx: Context, signed: SignedPayload, projectId: string, leaderId: string, sources: readonly SignedPayload[]): string {
  const leaderName = ctx.leader?.name ?? '组长'
  if (signed.kind !== 'panel-opinion' || signed.signer.id !== leaderId) return '存储的专家组意见签名不是本项目组长的签名'
  const check = verifySignedPayloadCached(signed, ctx.leader?.fingerprint ? { registeredFingerprint: ctx.leader.fingerprint } : undefined)
  if (check.status !== 'valid') return `组长签名未通过验证：${check.reason}`
  // A validly signed opinion the documents could not read is not used (issue 15).
  const parsed = parsePanelOpinionCanonical<PanelOpinion>(signed.canonical)
  if (!parsed.ok) return `组长签名的专家组意见内容无效：${parsed.reason}`
  const opinion = parsed.content
  if (opinion.project.id !== projectId) return '组长签名的专家组意见不属于该项目'
  const want = new Set(sources.map((p) => p.digest))
  if (opinion.sources.length !== want.size || !opinion.sources.every((s) => want.has(s.digest))) {
    return `组长${leaderName}签署后，计入的专家评审意见表有变化，需组长重新签署`
  }
  const draft = draftOf(ctx)
  const current = ctx.base && draft ? composeOpinion(ctx.base, draft, parseJson<Record<string, BudgetOverride>>(ctx.row?.budget_overrides, {}), ctx.sheets) : null
  // The signed text was verified to be canonical: the composed opinion with the signed time must be that text.
  if (!current || !isSignedText(signed.canonical, opinion.signedAt, current)) {
    return `组长${leaderName}签署后专家组意见的内容有变化（如会议的汇总方法），需组长重新签署`
  }
  return ''
}

/** The opinion the console composes now for a project (what the 组长 would sign), or null when it cannot be drafted. */
export function currentOpinion(db: Db, projectId: string): PanelOpinion | null {
  const ctx = context(db, projectId)
  const draft = draftOf(ctx)
  return ctx.base && draft ? composeOpinion(ctx.base, draft, parseJson<Record<string, BudgetOverride>>(ctx.row?.budget_overrides, {}), ctx.sheets) : null
}

export type { Conclusion }
