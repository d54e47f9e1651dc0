/**
 * Importing a proposal package into a meeting (issue 3): read and check it (nothing written), stage its files in
 * the blob store, write the replicated rows (project, package, its files) in ONE transaction through the one write
 * path (as the secretariat) together with the derived rows (documents, pages, budget lines, data lists, findings:
 * plain SQL, never logged; see packageDerive.ts), and only then move the files to their final place. Bad input
 * leaves the database and the blob store as they were.
 */
import { ApiError } from '../../../shared/api/errors'
import type { ImportResult } from '../../../shared/api/packageTypes'
import { naturalId, uuidv7 } from '../../../shared/domain/ids'
import { importFraction, importStageLabel, type ImportStage } from '../../../shared/domain/packages/importProgress'
import type { BlobStore } from '../blobs/store'
import { writeChanges, type ChangeWriter } from '../db/changeWriter'
import type { Db } from '../db/connection'
import { all, first } from '../db/query'
import { isPackageError, readPackage, type ParsedPackage, type ReadPackageOptions } from '../packages'
import { SECRETARIAT } from './authors'
import { getMeetingRow } from './meetings'
import { packageDigest, stageAndCommit, writePackageRecord } from './packageRecord'
import { currentPackageRow, recordDerivation, writeDerivedRows } from './packageDerive'
import { importParsedRevision } from './projectVersions'
import { meetingRules, projectRulesDigest, rulesReadOptions } from './ruleSets'

export interface ImportProgressReport {
  stage: ImportStage
  label: string
  done: number
  total: number
  fraction: number
  file?: string
}

export interface ImportInput {
  meetingId: string
  /** A .pdpkg path, a folder path, or the archive's bytes. */
  source: string | Uint8Array
  /** The file name shown in messages (the upload's name, or the path's base name). */
  sourceName: string
  /** Replace the package of this project (a revised package) instead of adding a new project. */
  projectId?: string
  /** With projectId: import the package as that project's next version (a 修改稿, issue 12), not as a replacement. */
  asVersion?: boolean
  /** Assign every expert of the meeting to a new project (default true: the whole panel reviews each project). */
  assignPanel?: boolean
  /** Called with progress; may throw (a cancelled job) to stop before anything is written. */
  onProgress?: (p: ImportProgressReport) => void
  readOptions?: Omit<ReadPackageOptions, 'onProgress'>
}

export { currentPackageRow, packageIds } from './packageDerive'
export { packageDigest } from './packageRecord'

export interface ImportErrorInfo {
  code: string
  /** Chinese, naming the package file (and the file inside it) and the problem. */
  message: string
  file: string | null
}

/** What the user reads when an import fails. */
export function describeImportError(err: unknown, sourceName: string): ImportErrorInfo {
  if (isPackageError(err)) {
    const named = err.message.includes(sourceName) ? err.message : `“${sourceName}”：${err.message}`
    return { code: err.code, message: named, file: err.file }
  }
  if (err instanceof ApiError) return { code: err.code, message: err.message, file: null }
  return { code: 'internal', message: `导入“${sourceName}”时出现程序内部错误，已记录日志。数据未被修改。`, file: null }
}

/** Writes a whole parsed package for a project (inside the caller's writeChanges): replicated rows and derived rows. */
function writePackageRows(db: Db, w: ChangeWriter, projectId: string, packageId: string, parsed: ParsedPackage, sourceName: string, digest: string, size: number): void {
  writePackageRecord(w, projectId, packageId, parsed, sourceName, digest, size)
  // What is read out of the files is derived, not replicated: plain SQL in the same transaction (packageDerive.ts).
  // Other devices derive the same rows from the same files once the package and its blobs reach them.
  writeDerivedRows(db, projectId, packageId, parsed)
  recordDerivation(db, projectId, { packageId, sha256: digest, status: 'derived', rulesDigest: parsed.findings.find((f) => f.ruleSet)?.ruleSet?.digest ?? projectRulesDigest(db, projectId) })
}

/**
 * Imports one package. Throws PackageError (bad package) or ApiError (unknown meeting or project); in both cases
 * nothing was written.
 */
export async function importPackage(db: Db, blobs: BlobStore, input: ImportInput): Promise<ImportResult> {
  const report = (stage: ImportStage, done: number, total: number, file?: string) =>
    input.onProgress?.({ stage, label: importStageLabel(stage), done, total, fraction: importFraction(stage, done, total), ...(file ? { file } : {}) })
  const meeting = getMeetingRow(db, input.meetingId)
  if (input.projectId) requireProject(db, input.projectId, meeting.id)

  const rules = meetingRules(db, meeting.id)
  const parsed = await readPackage(input.source, {
    ...rulesReadOptions(rules),
    ...input.readOptions,
    onProgress: (p) => (p.stage === 'done' ? undefined : report(p.stage, p.done, p.total, p.file))
  })
  const digest = packageDigest(parsed)
  const size = parsed.source.size ?? parsed.files.reduce((s, f) => s + f.size, 0)
  const project = parsed.manifest.project

  // A 修改稿 (its manifest names the package it revises) becomes the next version of that project (issue 12).
  if (input.asVersion || (parsed.manifest.revises !== undefined && !input.projectId)) {
    return importParsedRevision(db, blobs, { meetingId: meeting.id, sourceName: input.sourceName, ...(input.projectId ? { projectId: input.projectId } : {}) }, parsed, report)
  }

  // The same bytes already imported into this meeting: nothing to do.
  const same = first(
    db,
    db.kysely
      .selectFrom('packages as k')
      .innerJoin('projects as p', 'p.id', 'k.project_id')
      .select(['k.id as packageId', 'p.id as projectId', 'p.name as projectName'])
      .where('k.sha256', '=', digest)
      .where('k.deleted', '=', 0)
      .where('p.deleted', '=', 0)
      .where('p.meeting_id', '=', meeting.id)
      .$if(input.projectId !== undefined, (q) => q.where('p.id', '=', input.projectId ?? ''))
  )
  if (same && (!input.projectId || currentPackageRow(db, same.projectId)?.id === same.packageId)) {
    report('done', 1, 1)
    return {
      projectId: same.projectId,
      projectName: same.projectName,
      packageId: same.packageId,
      lineCount: parsed.budget.parsed.lines.length,
      documentCount: parsed.documents.length,
      findingCount: parsed.findings.length,
      unchanged: true
    }
  }

  const projectId = input.projectId ?? uuidv7()
  const packageId = uuidv7()
  stageAndCommit(blobs, parsed, report, () =>
    writeChanges(db, SECRETARIAT, (w) => {
      const projectFields = {
        name: project.name,
        code: project.code ?? '',
        owner_unit: project.ownerUnit,
        author_unit: project.authorUnit ?? '',
        declared_investment: project.declaredInvestment,
        approved_estimate: project.approvedEstimate ?? null,
        summary: project.summary ?? ''
      }
      if (input.projectId) {
        const old = currentPackageRow(db, projectId)
        if (old) w.write('packages', old.id, { deleted: true })
        w.write('projects', projectId, projectFields)
      } else {
        const last = first(db, db.kysely.selectFrom('projects').select((e) => e.fn.max('sort_order').as('n')).where('meeting_id', '=', meeting.id).where('deleted', '=', 0))
        w.write('projects', projectId, { ...projectFields, meeting_id: meeting.id, sort_order: Number(last?.n ?? 0) + 1, deleted: false })
        if (input.assignPanel !== false) {
          const experts = all(db, db.kysely.selectFrom('experts').select('id').where('meeting_id', '=', meeting.id).where('deleted', '=', 0))
          for (const e of experts) {
            w.write('assignments', naturalId('assignment', projectId, e.id), { meeting_id: meeting.id, project_id: projectId, expert_id: e.id, deleted: false })
          }
        }
      }
      writePackageRows(db, w, projectId, packageId, parsed, input.sourceName, digest, size)
    })
  )
  report('done', 1, 1)
  return {
    projectId,
    projectName: project.name,
    packageId,
    lineCount: parsed.budget.parsed.lines.length,
    documentCount: parsed.documents.length,
    findingCount: parsed.findings.length,
    unchanged: false
  }
}


function requireProject(db: Db, projectId: string, meetingId: string): void {
  const p = first(db, db.kysely.selectFrom('projects').select(['id', 'meeting_id']).where('id', '=', projectId).where('deleted', '=', 0))
  if (!p || p.meeting_id !== meetingId) throw new ApiError('not_found', '找不到要更新材料的项目，可能已被移除')
}

/** Staged blobs left by a crash between commit and promotion: keep those the database names. */
export function recoverPackageBlobs(db: Db, blobs: BlobStore): string[] {
  return blobs.recoverStaging((sha256) => !!first(db, db.kysely.selectFrom('package_files').select('id').where('sha256', '=', sha256).limit(1)))
}
