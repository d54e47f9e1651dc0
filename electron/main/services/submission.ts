/**
 * Submitting and signing a sheet (电子签名法 第十三条): the sheet is frozen into a revision whose canonical
 * content is hashed with SM3 and signed with SM2 after the PIN unlocks the key on this laptop. A signed revision
 * is immutable; the secretariat may reopen it, which starts a new draft revision and keeps the signed one.
 */
import { ApiError } from '../../../shared/api/errors'
import type { RevisionView, SubmissionCheck } from '../../../shared/api/reviewTypes'
import type { SheetView } from '../../../shared/api/types'
import { submissionProblems } from '../../../shared/domain/submission'
import { createHash } from 'node:crypto'
import { decodePngDataUrl } from '../documents/png'
import { buildSheetPayload, SheetPayloadError, signPayload } from '../../../shared/signing/envelope'
import type { Db } from '../db/connection'
import { writeChanges } from '../db/changeWriter'
import { all, first } from '../db/query'
import type { ScoreSheetsTable } from '../db/schema'
import { SECRETARIAT } from './authors'
import { budgetLineFacts, budgetReviewsOf } from './budgetReview'
import { commitmentView, declarationOf } from './declarations'
import { currentPackageRow } from './packageDerive'
import { unlockPrivateKey } from './identity'
import { getMeetingRow } from './meetings'
import { loadRubric } from './rubrics'
import { projectRules } from './ruleSets'
import { checkSheetSignature } from './signatureCheck'
import { sheetRevisionsQuery, toSheetView } from './sheets'

function sheetRow(db: Db, sheetId: string): ScoreSheetsTable {
  const s = first(db, db.kysely.selectFrom('score_sheets').selectAll().where('id', '=', sheetId).where('deleted', '=', 0))
  if (!s) throw new ApiError('not_found', '找不到该评分表')
  return s
}

function hasKey(db: Db, expertId: string): boolean {
  return !!first(db, db.kysely.selectFrom('local_identity').select('id').where('id', '=', expertId).where('key_blob', 'is not', null))
}

export function checkSubmission(db: Db, sheetId: string, expertId: string): SubmissionCheck {
  const sheet = sheetRow(db, sheetId)
  if (sheet.expert_id !== expertId) throw new ApiError('forbidden', '只能提交本人的评分表')
  const rubric = loadRubric(db, getMeetingRow(db, sheet.meeting_id).rubric_id)
  const view = toSheetView(db, sheet, rubric)
  return {
    problems: submissionProblems(rubric, {
      scores: view.scores,
      opinions: view.opinions,
      conclusion: view.conclusion,
      vetoes: view.suggestionVetoes,
      conclusionReason: view.conclusionReason,
      declaration: declarationOf(db, sheet.project_id, expertId),
      commitmentAccepted: !!commitmentView(db, sheet.meeting_id, expertId).acceptedAt,
      hasKey: hasKey(db, expertId)
    })
  }
}

export async function submitSheet(db: Db, sheetId: string, expertId: string, pin: string, now = new Date()): Promise<SheetView> {
  const sheet = sheetRow(db, sheetId)
  if (sheet.expert_id !== expertId) throw new ApiError('forbidden', '只能提交本人的评分表')
  if (sheet.status !== 'draft') throw new ApiError('conflict', '这份评分表已经提交过了')
  const { problems } = checkSubmission(db, sheetId, expertId)
  if (problems.length > 0) {
    throw new ApiError(
      'invalid_input',
      `还不能提交：${problems.map((p) => p.message).join('；')}`,
      problems.map((p) => ({ path: 'itemId' in p ? p.itemId : 'dimensionId' in p ? p.dimensionId : p.kind, message: p.message }))
    )
  }
  const meeting = getMeetingRow(db, sheet.meeting_id)
  const rubric = loadRubric(db, meeting.rubric_id)
  const view = toSheetView(db, sheet, rubric)
  const project = first(db, db.kysely.selectFrom('projects').selectAll().where('id', '=', sheet.project_id))
  const expert = first(db, db.kysely.selectFrom('experts').selectAll().where('id', '=', expertId))
  const declaration = declarationOf(db, sheet.project_id, expertId)
  if (!project || !expert || !declaration) throw new ApiError('not_found', '项目或专家信息缺失')
  const { privateKey, publicKey } = await unlockPrivateKey(db, expertId, pin, now)
  let payload
  try {
    payload = buildSheetPayload({
      sheetId: sheet.id,
      revision: sheet.revision,
      meeting: { id: meeting.id, name: meeting.name, date: meeting.date, place: meeting.place },
      project: {
        id: project.id,
        name: project.name,
        ownerUnit: project.owner_unit,
        authorUnit: project.author_unit,
        declaredInvestment: project.declared_investment,
        packageDigest: packageDigest(db, project.id)
      },
      expert: { id: expert.id, name: expert.name, unit: expert.unit, title: expert.title, specialty: expert.specialty },
      rubric,
      content: {
        scores: view.scores,
        opinions: view.opinions,
        mainProblems: view.mainProblems,
        suggestions: view.suggestions,
        conclusion: view.conclusion,
        conclusionReason: view.conclusionReason,
        budgetReview: budgetReviewsOf(db, sheet.id),
        declaration
      },
      budgetLines: budgetLineFacts(db, project.id),
      submittedAt: now,
      signatureImageSha256: signatureImageSha256(db, expertId),
      ruleSet: signedRuleSet(db, project.id),
      suggestion: { conclusion: view.suggestedConclusion, reasons: view.suggestionReasons, vetoes: view.suggestionVetoes }
    })
  } catch (err) {
    if (err instanceof SheetPayloadError) throw new ApiError('invalid_input', `还不能提交：${err.message}`)
    throw err
  }
  const signed = signPayload('expert-sheet', payload, privateKey, publicKey, { id: expert.id, name: expert.name }, now)
  writeChanges(db, expertId, (w) =>
    w.write('score_sheets', sheet.id, {
      status: 'submitted',
      signed_payload: signed,
      submitted_at: now.toISOString(),
      updated_at: now.toISOString()
    })
  )
  return toSheetView(db, sheetRow(db, sheet.id), rubric)
}

/** The rule set the project's findings come from, as the sheet signs it (none while the meeting's set is unusable). */
function signedRuleSet(db: Db, projectId: string): { version: string; digest: string } | undefined {
  try {
    return projectRules(db, projectId).stamp
  } catch {
    return undefined
  }
}

/** SHA-256 of the expert's handwritten signature PNG (signed with the sheet, so documents can check it), or ''. */
function signatureImageSha256(db: Db, expertId: string): string {
  const row = first(db, db.kysely.selectFrom('expert_signatures').select('image').where('expert_id', '=', expertId).where('deleted', '=', 0))
  const png = row ? decodePngDataUrl(row.image) : null
  return png ? createHash('sha256').update(png).digest('hex') : ''
}

/** The sha256 of the project's current imported package, or '' when it has none. */
function packageDigest(db: Db, projectId: string): string {
  // The reviewed package: a later version's package (a 修改稿) is never the one the sheets were signed over.
  return currentPackageRow(db, projectId)?.sha256 ?? ''
}

/** The secretariat reopens a submitted sheet: the signed revision stays for audit; the expert gets a new draft. */
export function reopenSheet(db: Db, sheetId: string, reason: string, now = new Date()): RevisionView {
  const sheet = sheetRow(db, sheetId)
  if (sheet.status !== 'submitted') throw new ApiError('conflict', '只有已提交的评分表可以退回')
  const text = reason.trim()
  if (!text) throw new ApiError('invalid_input', '请填写退回理由')
  writeChanges(db, SECRETARIAT, (w) =>
    w.write('score_sheets', sheet.id, { status: 'reopened', reopen_reason: text, reopened_at: now.toISOString() })
  )
  return toRevisionView(db, sheetRow(db, sheetId))
}

export function toRevisionView(db: Db, s: ScoreSheetsTable): RevisionView {
  const payloadTotal = (() => {
    if (!s.signed_payload) return null
    try {
      const p = JSON.parse(s.signed_payload) as { canonical?: string }
      const c = p.canonical ? (JSON.parse(p.canonical) as { total?: number }) : null
      return typeof c?.total === 'number' ? c.total : null
    } catch {
      return null
    }
  })()
  return {
    sheetId: s.id,
    revision: s.revision,
    status: s.status === 'submitted' || s.status === 'reopened' ? s.status : 'draft',
    submittedAt: s.submitted_at,
    reopenReason: s.reopen_reason,
    total: payloadTotal,
    conclusion: s.conclusion,
    check: checkSheetSignature(db, s)
  }
}

export function listRevisions(db: Db, projectId: string, expertId: string): RevisionView[] {
  return all(db, sheetRevisionsQuery(db, projectId, expertId)).map((s) => toRevisionView(db, s))
}
