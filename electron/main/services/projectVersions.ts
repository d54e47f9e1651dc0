/**
 * Project versions (issue 12): a 修改稿 — a package whose manifest names (`revises`) the SHA-256 of the package it
 * revises — is imported as the next version of the reviewed project, not as a new project. The secretariat writes,
 * in one transaction through writeChanges, the version's packages row and files (same project, never its current
 * package: packageDerive.currentPackageRow skips packages named by a version) and a project_versions row. The
 * reviewed package, its derived rows, the experts' signed sheets and the 组长's signed opinion stay exactly as they
 * were; the version's files travel as blobs like any package's and are read from the blob store when compared.
 */
import { projectRules, rulesReadOptions } from './ruleSets'
import { ApiError } from '../../../shared/api/errors'
import type { ImportResult, ProjectVersionsView, VersionStage } from '../../../shared/api/packageTypes'
import { uuidv7 } from '../../../shared/domain/ids'
import type { BlobStore } from '../blobs/store'
import { writeChanges } from '../db/changeWriter'
import type { Db } from '../db/connection'
import { all, first, prepare } from '../db/query'
import { isPackageError, readPackage, type ParsedPackage } from '../packages'
import { SECRETARIAT } from './authors'
import { getMeetingRow } from './meetings'
import { currentPackageRow } from './packageDerive'
import { packageDigest, stageAndCommit, writePackageRecord, type ImportReporter } from './packageRecord'
import { NO_SECRETARIAT_VIEW, secretariatViewRefusal } from './secretariatView'

/** The most versions one project may have (a bound on every loop over them). */
export const MAX_VERSIONS = 50

export const VERSION_STAGES: readonly VersionStage[] = ['received', 'rereview', 'done']
export const VERSION_STAGE_LABELS: Record<VersionStage | 'review', string> = { review: '评审', received: '修改稿已收', rereview: '复核中', done: '复核完成' }

const short = (sha: string) => `${sha.slice(0, 12)}…`

interface VersionRow {
  id: string
  version: number
  package_id: string
  sha256: string
  source_name: string
  imported_at: string
  declared_total: number
  computed_total: number
  revises: string
  base_package_id: string
  stage: string
  reviewers: string
  created_at: string
}

/** The live versions of a project, oldest first (at most MAX_VERSIONS). */
export function versionRows(db: Db, projectId: string): VersionRow[] {
  return prepare(
    db,
    `SELECT v.id, v.version, v.package_id, k.sha256, k.source_name, k.imported_at, k.declared_total, k.computed_total, v.revises,
       v.base_package_id, v.stage, v.reviewers, v.created_at
     FROM project_versions v JOIN packages k ON k.id = v.package_id
     WHERE v.project_id = ? AND v.deleted = 0 AND k.deleted = 0 ORDER BY v.version, v.created_at LIMIT ${MAX_VERSIONS}`
  ).all(projectId) as VersionRow[]
}

interface Target {
  meetingId: string
  projectId: string
  projectName: string
  /** The package revised: the newest version's, or the reviewed one. */
  base: { id: string; sha256: string }
  nextVersion: number
}

function target(db: Db, meetingId: string, projectId: string): Target {
  const p = first(db, db.kysely.selectFrom('projects').select(['id', 'name', 'meeting_id']).where('id', '=', projectId).where('deleted', '=', 0))
  if (!p || p.meeting_id !== meetingId) throw new ApiError('not_found', '找不到要导入修改稿的项目，可能已被移除')
  const reviewed = currentPackageRow(db, projectId)
  if (!reviewed) throw new ApiError('conflict', `项目“${p.name}”还没有送审材料，不能导入修改稿`)
  const versions = versionRows(db, projectId)
  if (versions.length >= MAX_VERSIONS) throw new ApiError('conflict', `项目“${p.name}”已有 ${versions.length} 个修改稿版本，不能再增加`)
  const last = versions.at(-1)
  return {
    meetingId,
    projectId,
    projectName: p.name,
    base: last ? { id: last.package_id, sha256: last.sha256 } : { id: reviewed.id, sha256: reviewed.sha256 },
    nextVersion: (last?.version ?? 1) + 1
  }
}

/** The project whose reviewed package or version has this digest, in this meeting. */
function projectRevised(db: Db, meetingId: string, revises: string): string {
  const hit = first(
    db,
    db.kysely
      .selectFrom('packages as k')
      .innerJoin('projects as p', 'p.id', 'k.project_id')
      .select('p.id')
      .where('k.sha256', '=', revises)
      .where('k.deleted', '=', 0)
      .where('p.deleted', '=', 0)
      .where('p.meeting_id', '=', meetingId)
  )
  if (!hit) {
    throw new ApiError(
      'not_found',
      `修改稿声明修改的申报包（SHA-256 ${short(revises)}）不在本次会议中。请在送审稿所在的会议中导入；如确是新项目，请去掉 manifest.json 中的 revises。`
    )
  }
  return hit.id
}

export interface RevisionInput {
  meetingId: string
  sourceName: string
  /** The project chosen by the secretariat; without it, the project is found by the manifest's `revises`. */
  projectId?: string
}

/**
 * Imports a read package as the next version of a project. Throws ApiError (in Chinese) when the package revises
 * nothing in this meeting, another project, or an older version than the newest; nothing is written then.
 */
export function importParsedRevision(db: Db, blobs: BlobStore, input: RevisionInput, parsed: ParsedPackage, report: ImportReporter): ImportResult {
  const revises = parsed.manifest.revises
  if (!input.projectId && !revises) throw new ApiError('invalid_input', '请选择该修改稿所属的项目（申报包未声明它修改的是哪个申报包）')
  const projectId = input.projectId ?? projectRevised(db, input.meetingId, revises as string)
  const t = target(db, input.meetingId, projectId)
  const digest = packageDigest(parsed)
  const result = (packageId: string, version: { id: string; number: number }, unchanged: boolean): ImportResult => ({
    projectId,
    projectName: t.projectName,
    packageId,
    lineCount: parsed.budget.parsed.lines.length,
    documentCount: parsed.documents.length,
    findingCount: parsed.findings.length,
    unchanged,
    version: { id: version.id, number: version.number, revises: revises ?? '' }
  })
  const existing = versionRows(db, projectId).find((v) => v.sha256 === digest)
  if (existing) {
    report('done', 1, 1)
    return result(existing.package_id, { id: existing.id, number: existing.version }, true)
  }
  if (digest === t.base.sha256 || digest === currentPackageRow(db, projectId)?.sha256) {
    throw new ApiError('invalid_input', `“${input.sourceName}”与项目“${t.projectName}”已有的申报包完全相同，不是修改稿`)
  }
  if (revises && revises !== t.base.sha256) {
    const known = versionRows(db, projectId).find((v) => v.sha256 === revises)
    const reviewed = currentPackageRow(db, projectId)
    if (known || reviewed?.sha256 === revises) {
      const which = known ? `第 ${known.version} 版` : '送审稿'
      throw new ApiError('conflict', `“${input.sourceName}”修改的是项目“${t.projectName}”的${which}，但该项目已有更新的第 ${t.nextVersion - 1} 版；请按最新一版修改后再提交`)
    }
    throw new ApiError('invalid_input', `“${input.sourceName}”声明修改的申报包（SHA-256 ${short(revises)}）不是项目“${t.projectName}”的任何一版`)
  }
  const size = parsed.source.size ?? parsed.files.reduce((s, f) => s + f.size, 0)
  const packageId = uuidv7()
  const versionId = uuidv7()
  const now = new Date().toISOString()
  stageAndCommit(blobs, parsed, report, () =>
    writeChanges(db, SECRETARIAT, (w) => {
      writePackageRecord(w, projectId, packageId, parsed, input.sourceName, digest, size)
      w.write('project_versions', versionId, {
        meeting_id: t.meetingId,
        project_id: projectId,
        version: t.nextVersion,
        package_id: packageId,
        revises: revises ?? '',
        base_package_id: t.base.id,
        stage: 'received',
        reviewers: [],
        created_at: now,
        deleted: false
      })
    })
  )
  report('done', 1, 1)
  return result(packageId, { id: versionId, number: t.nextVersion }, false)
}

function parseIds(text: string): string[] {
  try {
    const v: unknown = JSON.parse(text)
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, 100) : []
  } catch {
    return []
  }
}

/** The reviewed package and every later version of a project, for the project page and the console. */
export function projectVersions(db: Db, projectId: string): ProjectVersionsView {
  const p = first(db, db.kysely.selectFrom('projects').select(['id', 'name', 'meeting_id']).where('id', '=', projectId).where('deleted', '=', 0))
  if (!p) throw new ApiError('not_found', '找不到该项目，可能已被移除')
  const reviewed = currentPackageRow(db, projectId)
  const rows = versionRows(db, projectId)
  const experts = new Map(
    all(db, db.kysely.selectFrom('experts').select(['id', 'name']).where('meeting_id', '=', p.meeting_id).where('deleted', '=', 0)).map((e) => [e.id, e.name])
  )
  const shas = new Map<string, number>([[reviewed?.sha256 ?? '', 1], ...rows.map((r) => [r.sha256, r.version] as [string, number])])
  const last = rows.at(-1)
  return {
    projectId,
    projectName: p.name,
    stage: last ? (VERSION_STAGES.includes(last.stage as VersionStage) ? (last.stage as VersionStage) : 'received') : 'review',
    arrangeRefusal: arrangeRefusal(db),
    reviewed: reviewed
      ? { packageId: reviewed.id, sha256: reviewed.sha256, sourceName: reviewed.source_name, importedAt: reviewed.imported_at, declaredTotal: reviewed.declared_total, computedTotal: reviewed.computed_total }
      : null,
    versions: rows.map((r) => ({
      id: r.id,
      version: r.version,
      packageId: r.package_id,
      sha256: r.sha256,
      sourceName: r.source_name,
      importedAt: r.imported_at,
      declaredTotal: r.declared_total,
      computedTotal: r.computed_total,
      revises: r.revises,
      revisesVersion: r.revises ? (shas.get(r.revises) ?? null) : null,
      basePackageId: r.base_package_id,
      stage: VERSION_STAGES.includes(r.stage as VersionStage) ? (r.stage as VersionStage) : 'received',
      reviewers: parseIds(r.reviewers).map((id) => ({ id, name: experts.get(id) ?? '（已移除的专家）' }))
    }))
  }
}

/** Reads a stored package (a version's or the reviewed one) back from the blob store, as the deriver does. */
export async function readStoredPackage(db: Db, blobs: BlobStore, packageId: string): Promise<ParsedPackage> {
  const pkg = first(db, db.kysely.selectFrom('packages').select(['id', 'source_name', 'project_id']).where('id', '=', packageId).where('deleted', '=', 0))
  if (!pkg) throw new ApiError('not_found', '找不到该版本的申报包，可能已被移除')
  const files = prepare(db, 'SELECT path, sha256 FROM package_files WHERE package_id = ? ORDER BY path').all(pkg.id) as { path: string; sha256: string }[]
  if (files.length === 0 || files.some((f) => !blobs.has(f.sha256))) throw new ApiError('conflict', `“${pkg.source_name}”的材料文件尚未同步到本机，请同步后再试`)
  const bytes = new Map<string, Uint8Array>()
  for (const f of files) bytes.set(f.path, new Uint8Array(blobs.get(f.sha256)))
  try {
    return await readPackage({ kind: 'files', label: pkg.source_name || '申报包', files: bytes }, rulesReadOptions(projectRules(db, pkg.project_id)))
  } catch (err) {
    if (isPackageError(err)) throw new ApiError('conflict', `材料无法读取：${err.message}`)
    throw err
  }
}

/**
 * The secretariat moves a version through the 复核 stages (修改稿已收 → 复核中 → 复核完成) and names its re-reviewers
 * (experts of the meeting). Written as the secretariat through the one write path; a closed meeting refuses it.
 */
/** An expert's laptop (it pinned the secretariat's key and does not hold it) cannot write the secretariat's 复核安排. */
function arrangeRefusal(db: Db): string {
  return secretariatViewRefusal(db) === NO_SECRETARIAT_VIEW ? ARRANGE_ON_SECRETARIAT_LAPTOP : ''
}
export const ARRANGE_ON_SECRETARIAT_LAPTOP = '复核安排（复核专家、阶段）由秘书处在秘书处的电脑上设置，本机只能查看'

export function updateVersion(db: Db, versionId: string, change: { stage?: VersionStage; reviewers?: string[] }): ProjectVersionsView {
  const refusal = arrangeRefusal(db)
  if (refusal) throw new ApiError('forbidden', refusal)
  const v = first(db, db.kysely.selectFrom('project_versions').select(['id', 'project_id', 'meeting_id']).where('id', '=', versionId).where('deleted', '=', 0))
  if (!v) throw new ApiError('not_found', '找不到该修改稿版本，可能已被移除')
  getMeetingRow(db, v.meeting_id)
  const fields: Record<string, unknown> = {}
  if (change.stage !== undefined) {
    if (!VERSION_STAGES.includes(change.stage)) throw new ApiError('invalid_input', '未知的复核阶段')
    fields.stage = change.stage
  }
  if (change.reviewers !== undefined) {
    const unique = [...new Set(change.reviewers)]
    const known = new Set(all(db, db.kysely.selectFrom('experts').select('id').where('meeting_id', '=', v.meeting_id).where('deleted', '=', 0)).map((e) => e.id))
    const unknown = unique.filter((id) => !known.has(id))
    if (unknown.length > 0) throw new ApiError('invalid_input', '复核专家须是本次会议登记的专家')
    fields.reviewers = unique
  }
  if (change.stage === 'rereview') {
    const named = change.reviewers ?? parseIds((first(db, db.kysely.selectFrom('project_versions').select('reviewers').where('id', '=', v.id))?.reviewers as string | undefined) ?? '[]')
    if (named.length === 0) throw new ApiError('invalid_input', '开始复核前请指定复核专家')
  }
  if (Object.keys(fields).length > 0) writeChanges(db, SECRETARIAT, (w) => w.write('project_versions', v.id, fields))
  return projectVersions(db, v.project_id)
}
