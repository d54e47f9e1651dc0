/**
 * One document to build, as plain data (issue 10, speed): what the builders need and nothing of the database, so
 * that the same job can be built in this thread or in a worker thread (buildPool.ts). `buildFromInput` is the only
 * place that chooses the builder.
 */
import type { DocumentKindId } from '../../../shared/api/documentTypes'
import type { SignedPayload } from '../../../shared/signing/types'
import type { VerifyResult } from '../../../shared/signing/envelope'
import { buildBudgetComparisonDocx } from './budgetComparison'
import { buildExpertOpinionDocx } from './expertOpinion'
import type { ExpertOpinionDocInput, PanelOpinionDocInput } from './model'
import { buildPanelOpinionDocx } from './panelOpinion'
import { buildScoreSummaryDocx } from './scoreSummary'

export type PanelKindId = Exclude<DocumentKindId, 'expert-opinion'>

export type DocumentJob = { kind: 'expert-opinion'; input: ExpertOpinionDocInput } | { kind: PanelKindId; input: PanelOpinionDocInput }

/** A signature check already made for exactly this payload (verifyCache.ts): a worker need not repeat it. */
export interface VerdictSeed {
  payload: SignedPayload
  registeredFingerprint?: string
  result: VerifyResult
}

export function buildFromInput(job: DocumentJob): Promise<Uint8Array> {
  if (job.kind === 'expert-opinion') return buildExpertOpinionDocx(job.input)
  if (job.kind === 'panel-opinion') return buildPanelOpinionDocx(job.input)
  if (job.kind === 'score-summary') return buildScoreSummaryDocx(job.input)
  return buildBudgetComparisonDocx(job.input)
}
