/**
 * Export of the 专家组复核意见 (issue 12): built only from the signatures over exactly what is composed now
 * (followupOpinion.exportableFollowup), with the secretariat's charter statement when this laptop holds the
 * secretariat key, written exclusively into 导出文档/〈会议〉/〈项目〉 under the data folder (never over an existing
 * file), read back and compared with the bytes built.
 */
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { ApiError } from '../../../shared/api/errors'
import type { FollowupExport } from '../../../shared/api/followupTypes'
import type { BlobStore } from '../blobs/store'
import type { Db } from '../db/connection'
import { first } from '../db/query'
import { buildFollowupOpinionDocx } from '../documents/followupOpinion'
import { documentFileName, safeFileName, writeFileNoClobber } from '../documents/fileNames'
import { prepareFolder } from './documentExport'
import { signCharter } from './documentTrust'
import type { Signer } from '../sync/signers'
import { defaultExportFolder } from './documents'
import { exportableFollowup } from './followupOpinion'

export async function followupDocxBytes(db: Db, blobs: BlobStore, versionId: string, signer: Signer | null, now = new Date()): Promise<{ bytes: Uint8Array; fileName: string; meetingName: string; projectName: string }> {
  const e = await exportableFollowup(db, blobs, versionId)
  if ('reason' in e) throw new ApiError('conflict', `专家组复核意见不能导出：${e.reason}`)
  const o = e.opinion
  const meeting = first(db, db.kysely.selectFrom('meetings').select(['name']).where('id', '=', o.meeting.id))
  const fp = (id: string) => e.reviewers.find((r) => r.expertId === id)?.fingerprint ?? ''
  const leader = o.reviewers.find((r) => r.leader)!
  const charter = signer
    ? signCharter(
        {
          meeting: o.meeting,
          project: { id: o.project.id, name: o.project.name },
          kind: 'followup-opinion',
          leader: { expertId: leader.expertId, name: leader.name, fingerprint: fp(leader.expertId) },
          signers: o.reviewers.filter((r) => !r.leader).map((r) => ({ expertId: r.expertId, name: r.name, fingerprint: fp(r.expertId) }))
        },
        signer,
        now
      )
    : undefined
  const bytes = await buildFollowupOpinionDocx({ leader: e.leader, cosigners: e.cosigners, ...(charter ? { charter } : {}) })
  const fileName = documentFileName('followup-opinion', `${o.project.name}-第${o.version.number}版`)
  return { bytes, fileName, meetingName: meeting?.name ?? o.meeting.name, projectName: o.project.name }
}

export async function exportFollowupDocx(db: Db, blobs: BlobStore, versionId: string, dataDir: string, signer: Signer | null): Promise<FollowupExport> {
  const built = await followupDocxBytes(db, blobs, versionId, signer)
  const dir = await prepareFolder(path.join(defaultExportFolder(dataDir, built.meetingName), safeFileName(built.projectName, '')))
  const written = await writeFileNoClobber(dir, built.fileName, built.bytes)
  const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex')
  if (sha(await readFile(written)) !== sha(built.bytes)) throw new ApiError('internal', `写入的文件与生成的文档不一致：${written}`)
  return { fileName: path.basename(written), path: written, base64: Buffer.from(built.bytes).toString('base64') }
}
