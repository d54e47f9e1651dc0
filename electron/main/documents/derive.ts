/** The figures each kind of document shows, derived from its signed payloads (used by builders and verifier alike). */
import type { SignedPayload, SheetPayload } from '../../../shared/signing/types'
import type { RubricDefinition } from '../../../shared/domain/rubric'
import type { DocumentKind, FigureMap } from './figures'
import {
  budgetComparisonFigures,
  expertOpinionFigures,
  panelOpinionFigures,
  scoreSummaryFigures,
  signatureFigures
} from './figures'
import type { PanelOpinion } from './model'
import { canonicalize } from '../../../shared/signing/canonical'
import { formatDate } from './style'

const parsed = new WeakMap<SignedPayload, { canonical: string; content: unknown }>()

/** The content inside a payload, parsed once per payload object and text (read-only: callers never modify it). */
function contentOf(p: SignedPayload): unknown {
  const hit = parsed.get(p)
  if (hit && hit.canonical === p.canonical) return hit.content
  const content = JSON.parse(p.canonical) as unknown
  parsed.set(p, { canonical: p.canonical, content })
  return content
}

/** The sheet inside a payload, parsed once per payload object (read-only: callers never modify it). */
export function sheetOf(p: SignedPayload): SheetPayload {
  return contentOf(p) as SheetPayload
}

const sealedCanonical = new WeakMap<object, string>()

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v)
    for (const x of Object.values(v)) deepFreeze(x)
  }
  return v
}

/**
 * The panel opinion the 组长 signed, parsed from the signed text into a deeply frozen object (one per payload
 * object), with its canonical form computed once: nothing can change it afterwards, so the builders' check that
 * the signature covers the opinion shown (panelCommon.preparePanel) need not canonicalise it again per document.
 */
export function sealedOpinionOf(leader: SignedPayload): PanelOpinion {
  const opinion = deepFreeze(JSON.parse(leader.canonical) as PanelOpinion)
  sealedCanonical.set(opinion, canonicalize(opinion))
  return opinion
}

/** The canonical form of an opinion: remembered for a sealed one, computed for any other. */
export function canonicalOpinion(o: PanelOpinion): string {
  return sealedCanonical.get(o) ?? canonicalize(o)
}

/**
 * The figures of a document of `kind`. `sources` are the expert sheets, `leader` the 组长's signature over
 * the panel opinion (if any), `opinion` the panel opinion (panel-level kinds).
 */
export function figuresFor(
  kind: DocumentKind,
  sources: readonly SignedPayload[],
  leader: SignedPayload | undefined,
  rubric: RubricDefinition | undefined,
  opinion: PanelOpinion | undefined
): FigureMap {
  const sheets = sources.map(sheetOf)
  const signed = leader ? [...sources, leader] : [...sources]
  if (kind === 'expert-opinion') {
    const sheet = sheets[0]
    if (!sheet || sheets.length !== 1) throw new Error('专家个人评审意见表应只有一份签名的评审意见')
    return signatureFigures(expertOpinionFigures(sheet, rubric), signed)
  }
  if (!opinion) throw new Error('缺少专家组意见')
  const base =
    kind === 'panel-opinion'
      ? panelOpinionFigures(opinion, sheets)
      : kind === 'score-summary'
        ? scoreSummaryFigures(opinion, sheets)
        : budgetComparisonFigures(opinion, sheets)
  if (kind === 'panel-opinion') {
    // Dated the day of its last signature (the 组长's, or the last expert's when the 组长 has not signed it).
    const last = signed.map((p) => p.signedAt).sort().at(-1)
    base.set('opinion.date', { key: 'opinion.date', what: '落款日期', value: last ? formatDate(last) : formatDate(opinion.meeting.date) })
  }
  return signatureFigures(base, signed)
}

/**
 * The signing time inside the signed content: a sheet's submittedAt, a panel opinion's signedAt (since
 * documents/2). Null when the content carries none (then only the envelope's unsigned label exists).
 */
export function signedTimeOf(p: SignedPayload): string | null {
  try {
    const c = contentOf(p) as { submittedAt?: unknown; signedAt?: unknown } | null
    if (typeof c !== 'object' || c === null) return null
    const t = p.kind === 'expert-sheet' ? c.submittedAt : c.signedAt
    return typeof t === 'string' ? t : null
  } catch {
    return null
  }
}
