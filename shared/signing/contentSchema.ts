/**
 * The shape of signed contents (issue 15, item 3). A signature proves who wrote a text, not that the text is
 * something the app can use: a validly signed expert sheet without `rubric` used to pass the verdict and then
 * break the board and the merge for the whole meeting. Every replica checks the content of a signed sheet
 * against this schema before accepting it (shared/sync/verdict.ts), and every reader (board, merge, documents)
 * parses it through `parseSheetContent`, so a malformed one is refused with a reason and never counted.
 *
 * The schema follows what `buildSheetPayload` (envelope.ts) produces. Unknown extra fields are tolerated (they
 * were signed, and are ignored); missing or mistyped ones are not. Every string and list is bounded.
 */
import { z } from 'zod'
import { CONCLUSIONS } from '../domain/conclusion'
import { INCREASE_REASON, REVIEW_REASONS } from '../domain/sheet'
import { wanToFen } from '../domain/money'
import type { SheetPayload, SignedPayload } from './types'
import { takeParsed } from './parsedHandoff'

const text = z.string().max(100_000)
const name = z.string().max(2_000)
const key = z.string().min(1).max(300)
const amount = z.number().refine(Number.isFinite, '金额无效')
/** The labels of the groups enclosing a budget line, outermost first (optional: absent before issue 14 item 2). */
const groupPath = z.array(name).max(20).optional()

const citedText = z.object({
  id: key,
  text,
  cite: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('document'), documentPath: z.string().min(1).max(1_000), page: z.number().int().positive() }),
      z.object({ kind: z.literal('budgetLine'), lineId: key })
    ])
    .optional()
})

/** The price reference a 单价偏高 cut cites (issue 13), as the 概算审核对比表 shows it. */
const priceCitation = z.object({
  source: name,
  date: z.string().max(40),
  count: z.number().int().min(0).max(1_000_000),
  medianFen: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)
})

/**
 * One reviewed line. A 核定 above 送审 (核增, issue 14) is valid only with the reason 核增 and a note saying why,
 * and 核增 only above 送审: a modified client cannot raise a line silently. Sheets signed before 核增 existed never
 * had a 核定 above 送审, so they still pass.
 */
const reviewedLine = z
  .object({
    lineId: key,
    name,
    category: name,
    submittedAmount: amount,
    group: groupPath,
    approvedAmount: amount.nullable(),
    reason: z.enum(REVIEW_REASONS).nullable(),
    note: text,
    added: z.literal(true).optional(),
    priceRef: priceCitation.optional()
  })
  .superRefine((l, ctx) => {
    const above = l.approvedAmount !== null && wanToFen(l.approvedAmount) > wanToFen(l.submittedAmount)
    if (above && (l.reason !== INCREASE_REASON || !l.note.trim())) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: '核定高于送审须注明核增及理由' })
    }
    if (!above && l.reason === INCREASE_REASON) ctx.addIssue({ code: 'custom', path: ['reason'], message: '核增的核定须高于送审' })
    if (l.added && (l.submittedAmount !== 0 || !above)) ctx.addIssue({ code: 'custom', path: ['added'], message: '漏项的送审须为 0 且有核增金额' })
    if (l.approvedAmount !== null && l.approvedAmount < 0) ctx.addIssue({ code: 'custom', path: ['approvedAmount'], message: '核定金额不能为负' })
  })

/** The content of an 'expert-sheet' signed payload (SheetPayload in types.ts). */
const sheetPayloadObject = z.object({
  format: z.literal('paneldesk.sheet/1'),
  sheetId: key,
  revision: z.number().int().min(1),
  meeting: z.object({ id: key, name, date: name, place: name }),
  project: z.object({ id: key, name, ownerUnit: name, authorUnit: name, declaredInvestment: amount, packageDigest: z.string().max(64) }),
  expert: z.object({ id: key, name, unit: name, title: name, specialty: name }),
  rubric: z.object({ id: key, version: z.number().int().min(0), name }),
  ruleSet: z.object({ version: z.string().min(1).max(60), digest: z.string().regex(/^[0-9a-f]{64}$/) }).optional(),
  scores: z.record(key, z.object({ value: z.number().refine(Number.isFinite).nullable(), na: z.boolean() })),
  dimensionTotals: z.record(key, amount),
  total: amount,
  opinions: z.record(key, text),
  mainProblems: z.array(citedText).max(1_000),
  suggestions: z.array(citedText).max(1_000),
  conclusion: z.enum(CONCLUSIONS),
  suggestion: z.object({ conclusion: z.enum(CONCLUSIONS), reasons: z.array(text).max(100), vetoes: z.array(text).max(100) }).optional(),
  conclusionReason: text.optional(),
  budgetReview: z.array(reviewedLine).max(100_000),
  declaration: z.object({ kind: z.enum(['none', 'recuse']), reason: text, declaredAt: name, shownConflicts: z.array(text).max(50).optional() }),
  submittedAt: name
})

/**
 * A sheet that signs its suggestion must be consistent with it (issue 14): a veto suggests 不予通过, and a
 * conclusion that overrides a veto carries the expert's reason. Sheets signed before (no `suggestion`) still pass.
 */
export const sheetPayloadSchema = sheetPayloadObject.superRefine((c, ctx) => {
  const s = c.suggestion
  if (!s || s.vetoes.length === 0) return
  if (s.conclusion !== 'reject') ctx.addIssue({ code: 'custom', path: ['suggestion', 'conclusion'], message: '有否决项时建议结论只能是不予通过' })
  else if (c.conclusion !== 'reject' && !(c.conclusionReason ?? '').trim()) {
    ctx.addIssue({ code: 'custom', path: ['conclusionReason'], message: '评审结论与否决项的建议（不予通过）不同，但没有说明理由' })
  }
})

/**
 * The content of a 'panel-opinion' signed payload (PanelOpinion in electron/main/documents/model.ts). The 组长's
 * signed opinion replicates in `panel_opinions` and is read only when it covers exactly the counted sheets
 * (services/panelOpinion.ts signedPanelOpinionFor); it is checked against this schema there.
 */
export const panelOpinionSchema = z.object({
  format: z.literal('paneldesk.panel-opinion/1'),
  meeting: z.object({ id: key, name, date: name, place: name }),
  project: z.object({ id: key, name, ownerUnit: name, authorUnit: name, declaredInvestment: amount, packageDigest: z.string().max(64) }),
  rubric: z.object({ id: key, version: z.number().int().min(0), name }),
  members: z.array(z.object({ expertId: key, name, unit: name, title: name, specialty: name, leader: z.boolean() })).max(200),
  mergeMethod: z.enum(['mean', 'trimmed-mean', 'median']),
  budgetMergeMethod: z.enum(['mean', 'trimmed-mean', 'median']),
  dimensions: z.array(z.object({ dimensionId: key, name, points: amount, score: amount })).max(100),
  total: amount,
  totalPoints: amount,
  process: text,
  opinions: z.record(key, text),
  problems: z.array(text).max(1_000),
  suggestions: z.array(text).max(1_000),
  budget: z.object({
    lines: z
      .array(z.object({ lineId: key, name, category: name, submittedAmount: amount, group: groupPath, approvedAmount: amount, reason: text, priceRef: priceCitation.optional() }))
      .max(100_000),
    submittedTotal: amount,
    approvedTotal: amount,
    cutTotal: amount,
    cutRate: amount,
    increaseTotal: amount.optional()
  }),
  conclusion: z.enum(CONCLUSIONS),
  dissent: z.array(z.object({ expertId: key, name, conclusion: z.enum(CONCLUSIONS) })).max(200),
  sources: z.array(z.object({ signerId: key, sheetId: key, revision: z.number().int().min(1), digest: z.string().regex(/^[0-9a-f]{64}$/) })).max(200)
})

export type ContentCheck<T> = { ok: true; content: T } | { ok: false; reason: string }

/** The value at a zod issue's path inside `raw` (undefined when any step is missing). */
export function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let v = raw
  for (const k of path) {
    if (typeof v !== 'object' || v === null) return undefined
    v = (v as Record<PropertyKey, unknown>)[k]
  }
  return v
}

/** A short Chinese account of the first problem zod found (path and what is wrong). */
function firstProblem(error: z.ZodError, raw: unknown): string {
  const issue = error.issues[0]
  if (!issue) return '格式不符'
  const path = issue.path.map(String).join('.').slice(0, 120)
  // A custom check on one element of a list (a budget line) names the element; a whole-sheet check is a sentence.
  if (issue.code === 'custom') return issue.path.some((p) => typeof p === 'number') ? `字段 ${path} ${issue.message}` : issue.message
  const what = issue.code === 'invalid_type' && valueAt(raw, issue.path) === undefined ? '缺少该字段' : '格式不符'
  return path ? `字段 ${path} ${what}` : what
}

/** Parses a signed text and checks it against `schema`; never throws. */
export function parseCanonical<T>(schema: z.ZodType, canonical: string, parsed?: unknown): ContentCheck<T> {
  let raw: unknown = parsed
  if (raw === undefined) {
    try {
      raw = JSON.parse(canonical) as unknown
    } catch {
      return { ok: false, reason: '签名内容不是有效的 JSON' }
    }
  }
  const r = schema.safeParse(raw)
  // The original object is kept (not zod's copy): its fields are exactly those that were signed.
  return r.success ? { ok: true, content: raw as T } : { ok: false, reason: `签名内容无效：${firstProblem(r.error, raw)}` }
}

/** Parses and checks the signed text of an expert sheet; never throws. */
export function parseSheetCanonical(canonical: string): ContentCheck<SheetPayload> {
  return parseCanonical<SheetPayload>(sheetPayloadSchema, canonical)
}

/** Parses and checks the signed text of a panel opinion (T: the PanelOpinion type of the caller); never throws. */
export function parsePanelOpinionCanonical<T>(canonical: string): ContentCheck<T> {
  return parseCanonical<T>(panelOpinionSchema, canonical)
}

/** Parses the content of a signed expert sheet (an envelope of another kind is refused). */
export function parseSheetContent(p: SignedPayload): ContentCheck<SheetPayload> {
  if (p.kind !== 'expert-sheet') return { ok: false, reason: '签名内容不是专家评分表' }
  if (typeof p.canonical !== 'string') return { ok: false, reason: '签名数据缺少内容' }
  // Parsed by the signature check just before, when there was one (parsedHandoff.ts).
  return parseCanonical<SheetPayload>(sheetPayloadSchema, p.canonical, takeParsed(p, p.canonical))
}

/** The label the board and the documents page show for a validly signed content that does not parse. */
export const INVALID_CONTENT_LABEL = '签名内容无效'
