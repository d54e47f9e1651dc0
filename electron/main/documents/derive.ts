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
import { formatDate } from './style'

const parsed = new WeakMap<SignedPayload, { canonical: string; sheet: SheetPayload }>()

/** The sheet inside a payload, parsed once per payload object (read-only: callers never modify it). */
export function sheetOf(p: SignedPayload): SheetPayload {
  const hit = parsed.get(p)
  if (hit && hit.canonical === p.canonical) return hit.sheet
  const sheet = JSON.parse(p.canonical) as SheetPayload
  parsed.set(p, { canonical: p.canonical, sheet })
  return sheet
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
    const c = JSON.parse(p.canonical) as { submittedAt?: unknown; signedAt?: unknown }
    const t = p.kind === 'expert-sheet' ? c.submittedAt : c.signedAt
    return typeof t === 'string' ? t : null
  } catch {
    return null
  }
}
