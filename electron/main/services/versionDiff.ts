/**
 * What changed from the reviewed package to a 修改稿 (issue 12), for the app: both packages read back from the blob
 * store and compared (shared/domain/revision), each budget line set against the 核定 amount of the 组长's signed
 * 专家组评审意见 — only a signature that verifies against the 组长's registered key is used.
 */
import { ApiError } from '../../../shared/api/errors'
import type { VersionDiffView } from '../../../shared/api/packageTypes'
import { diffPackages } from '../../../shared/domain/revision'
import { article11Adjustment } from '../../../shared/domain/revision/adjustment'
import { wanToFen } from '../../../shared/domain/money'
import { parsePanelOpinionCanonical } from '../../../shared/signing/contentSchema'
import type { SignedPayload } from '../../../shared/signing/types'
import type { BlobStore } from '../blobs/store'
import type { Db } from '../db/connection'
import { first, prepare } from '../db/query'
import type { PanelOpinion } from '../documents/model'
import { verifySignedPayloadCached } from '../documents/verifyCache'
import { diffInputOf } from '../packages/packageDiff'
import { currentPackageRow, packageIds } from './packageDerive'
import { readStoredPackage, versionRows } from './projectVersions'

export interface SignedApproval {
  opinion: PanelOpinion
  payload: SignedPayload
  leader: { id: string; name: string }
}

/** The 组长's signed, verified 专家组评审意见 of a project, or the Chinese reason there is none. */
export function signedPanelOpinion(db: Db, projectId: string): { approval: SignedApproval | null; reason: string } {
  const rows = prepare(
    db,
    `SELECT o.signed_payload, o.leader_id, e.name, e.key_fingerprint, e.is_leader FROM panel_opinions o JOIN experts e ON e.id = o.leader_id
     WHERE o.project_id = ? AND o.status = 'signed' AND o.deleted = 0 ORDER BY e.is_leader DESC, o.signed_at DESC LIMIT 5`
  ).all(projectId) as { signed_payload: string | null; leader_id: string; name: string; key_fingerprint: string }[]
  if (rows.length === 0) return { approval: null, reason: '专家组评审意见尚未由组长签署，无法对照核定金额' }
  let reason = ''
  for (const r of rows) {
    let payload: SignedPayload
    try {
      payload = JSON.parse(r.signed_payload ?? 'null') as SignedPayload
    } catch {
      reason = '存储的专家组评审意见签名数据无法解析'
      continue
    }
    const check = verifySignedPayloadCached(payload, { registeredFingerprint: r.key_fingerprint.trim() })
    if (check.status !== 'valid' || payload.kind !== 'panel-opinion' || payload.signer.id !== r.leader_id) {
      reason = `组长签名未通过验证：${check.status === 'valid' ? '签名人不是该项目的组长' : check.reason}`
      continue
    }
    const parsed = parsePanelOpinionCanonical<PanelOpinion>(payload.canonical)
    if (!parsed.ok || parsed.content.project.id !== projectId) {
      reason = '组长签名的专家组评审意见内容无效'
      continue
    }
    return { approval: { opinion: parsed.content, payload, leader: { id: r.leader_id, name: r.name } }, reason: '' }
  }
  return { approval: null, reason }
}

const cache = new Map<string, VersionDiffView>()
const CACHE_SIZE = 6

/** The comparison of a version with the reviewed package (the 核定 from the signed opinion when there is one). */
export async function versionDiff(db: Db, blobs: BlobStore, versionId: string): Promise<VersionDiffView> {
  const v = first(db, db.kysely.selectFrom('project_versions').select(['id', 'project_id', 'package_id', 'version']).where('id', '=', versionId).where('deleted', '=', 0))
  if (!v) throw new ApiError('not_found', '找不到该修改稿版本，可能已被移除')
  // Always against the reviewed package (version 1): the 核定 amounts name its lines.
  const reviewed = currentPackageRow(db, v.project_id)
  if (!reviewed) throw new ApiError('conflict', '该项目没有送审材料，无法比较')
  const basePackage = { id: reviewed.id, sha256: reviewed.sha256 }
  const versions = versionRows(db, v.project_id)
  const mine = versions.find((x) => x.id === v.id)
  if (!mine) throw new ApiError('not_found', '找不到该修改稿版本，可能已被移除')
  const { approval, reason } = signedPanelOpinion(db, v.project_id)
  const key = `${basePackage.id}\u0000${v.package_id}\u0000${approval?.payload.digest ?? ''}\u0000${reason}`
  const hit = cache.get(key)
  if (hit) return hit
  const oldParsed = await readStoredPackage(db, blobs, basePackage.id)
  const newParsed = await readStoredPackage(db, blobs, v.package_id)
  let approved: Map<string, number> | undefined
  if (approval) {
    const byStored = new Map(approval.opinion.budget.lines.map((l) => [l.lineId, l.approvedAmount]))
    approved = new Map()
    for (const l of oldParsed.budget.parsed.lines) {
      const amount = byStored.get(packageIds.line(v.project_id, l.id))
      if (amount !== undefined) approved.set(l.id, amount)
    }
  }
  const diff = diffPackages(diffInputOf(oldParsed, basePackage.sha256), diffInputOf(newParsed, mine.sha256), approved)
  // 第十一条: the approved 概算 the 修改稿 names, else what the panel approved.
  const named = newParsed.manifest.project.approvedEstimate
  const adjustment = named
    ? article11Adjustment(wanToFen(named), diff.new.declaredFen, 'manifest')
    : approval
      ? article11Adjustment(wanToFen(approval.opinion.budget.approvedTotal), diff.new.declaredFen, 'approval')
      : null
  const view: VersionDiffView = {
    versionId: v.id,
    version: v.version,
    projectId: v.project_id,
    diff,
    approval: approval ? { leaderName: approval.leader.name, signedAt: approval.opinion.signedAt ?? approval.payload.signedAt, conclusion: approval.opinion.conclusion, digest: approval.payload.digest } : null,
    approvalNote: reason,
    adjustment
  }
  cache.set(key, view)
  while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string)
  return view
}
