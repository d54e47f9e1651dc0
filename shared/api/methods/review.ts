/** The expert's review: identity and key, 承诺书 and 回避, lists, submission and signing, revisions. */
import { z } from 'zod'
import type {
  CommitmentView,
  ConflictView,
  IdentityView,
  RevisionView,
  ReviewOverview,
  SubmissionCheck
} from '../reviewTypes'
import type { SheetView } from '../types'
import { idNumberProblem, phoneProblem } from '../../domain/fieldRules'
import { LONG_TEXT_MAX } from '../../domain/sheet'
import { fieldRule } from './fieldRule'
import { id } from './core'
import { MAX_SHOWN_CONFLICT_CHARS, MAX_SHOWN_CONFLICTS } from '../../domain/shownConflicts'
import { returns } from './returns'

const citedText = z
  .object({
    id: z.string().min(1).max(100),
    text: z.string().max(LONG_TEXT_MAX, `每条不能超过 ${LONG_TEXT_MAX} 字`),
    cite: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('document'), documentPath: z.string().min(1).max(500), page: z.number().int().positive() }).strict(),
        z.object({ kind: z.literal('budgetLine'), lineId: z.string().min(1).max(200) }).strict()
      ])
      .optional()
  })
  .strict()

const pin = z.string().min(1, '请输入 PIN 码').max(64)

export const reviewMethods = {
  'identity.get': { input: z.object({}).strict(), output: returns<IdentityView>() },
  'identity.saveProfile': {
    input: z
      .object({
        title: z.string().max(100),
        specialty: z.string().max(100),
        phone: z.string().max(40).superRefine(fieldRule(phoneProblem)),
        pastUnits: z.array(z.string().max(200)).max(30),
        idNumber: z.string().max(30).superRefine(fieldRule(idNumberProblem)).optional()
      })
      .strict(),
    output: returns<IdentityView>()
  },
  'identity.createKey': { input: z.object({ pin, pinConfirm: pin }).strict(), output: returns<IdentityView>() },
  'identity.setSignature': { input: z.object({ image: z.string().min(1).max(700_000) }).strict(), output: returns<IdentityView>() },
  'review.overview': { input: z.object({ meetingId: id }).strict(), output: returns<ReviewOverview>() },
  'review.commitment': { input: z.object({ meetingId: id }).strict(), output: returns<CommitmentView>() },
  'review.acceptCommitment': { input: z.object({ meetingId: id }).strict(), output: returns<CommitmentView>() },
  'review.conflicts': { input: z.object({ projectId: id }).strict(), output: returns<ConflictView>() },
  'review.declare': {
    // shownConflicts: the warning sentences the screen showed (ConflictView.conflicts[].description); the backend
    // refuses the declaration when they are no longer the current ones, and records the current ones.
    input: z
      .object({
        projectId: id,
        kind: z.enum(['none', 'recuse']),
        reason: z.string().max(2000),
        shownConflicts: z.array(z.string().max(MAX_SHOWN_CONFLICT_CHARS)).max(MAX_SHOWN_CONFLICTS).optional()
      })
      .strict(),
    output: returns<ConflictView>()
  },
  'sheets.setList': {
    input: z.object({ sheetId: id, kind: z.enum(['mainProblems', 'suggestions']), items: z.array(citedText).max(100) }).strict(),
    output: returns<SheetView>()
  },
  'sheets.check': { input: z.object({ sheetId: id }).strict(), output: returns<SubmissionCheck>() },
  'sheets.submit': { input: z.object({ sheetId: id, pin }).strict(), output: returns<SheetView>() },
  'sheets.revisions': { input: z.object({ projectId: id }).strict(), output: returns<RevisionView[]>() },
  'sheets.reopen': { input: z.object({ sheetId: id, reason: z.string().max(2000) }).strict(), output: returns<RevisionView>() },
  'experts.registerFingerprint': {
    input: z.object({ expertId: id, fingerprint: z.string().max(200), confirmed: z.boolean().optional() }).strict(),
    output: returns<{ expertId: string; fingerprint: string }>()
  }
} as const
