/** Verifying a .docx someone hands in on this laptop, and 恢复签名原文 from its signed data. */
import path from 'node:path'
import type { DocumentVerification, RestoredDocument } from '../../../shared/api/documentTypes'
import { ApiError } from '../../../shared/api/errors'
import type { Db } from '../db/connection'
import { registeredFor } from './documentBuild'
import { all } from '../db/query'
import { unzipDocx } from '../documents/docxRead'
import { readEmbedded } from '../documents/embed'
import { safeFileName } from '../documents/fileNames'
import { restoreDocx, verifyDocx } from '../documents/verify'
import { trustedSecretariats } from './documentTrust'

// ---------------------------------------------------------------------------------------------------------
// ---------------------------------------------------------------------------------------------------------

/**
 * Verifies a .docx on this laptop: signers are anchored by the fingerprints registered in this database (for the
 * signer ids it knows) and by a charter statement signed by a secretariat key trusted here (pinned, this laptop's
 * own, or saved on the 验证文档 page). Anything else is 身份未确认, never 有效.
 */
export async function verifyDocumentBytes(db: Db, bytes: Uint8Array): Promise<DocumentVerification> {
  let signerIds: string[] = []
  try {
    const data = readEmbedded(unzipDocx(bytes))
    signerIds = data ? [...new Set(data.payloads.map((p) => p.payload.signer.id))] : []
  } catch {
    // verifyDocx reports unreadable documents itself.
  }
  let registered: Record<string, string> = {}
  if (signerIds.length > 0) {
    const rows = all(db, db.kysely.selectFrom('experts').select(['id', 'key_fingerprint']).where('id', 'in', signerIds).where('deleted', '=', 0))
    registered = registeredFor({ fingerprints: new Map(rows.map((r) => [r.id, r.key_fingerprint.trim()])) }, signerIds)
  }
  const r = await verifyDocx(bytes, { registeredFingerprints: registered, trustedSecretariats: trustedSecretariats(db) })
  const known = Object.keys(registered).length
  if (known > 0 && known === signerIds.length) r.notes.unshift('已按本机记录的评审会登记公钥指纹核验签名人身份')
  else if (known > 0) r.notes.push(`本机只记录了部分签名人的登记指纹（${known}/${signerIds.length}）`)
  return r
}

/** The name of a restored document beside `fileName`: 〈原名〉-签名原文.docx (never the original's own name). */
export function restoredFileName(fileName: string): string {
  const base = path.basename(fileName.replace(/\\/g, '/')).replace(/\.docx$/i, '').replace(/-签名原文$/, '')
  return safeFileName(`${base || '评审文档'}-签名原文`, '.docx')
}

/** 恢复签名原文 of an uploaded .docx, verified here as the 验证文档 page would verify it. */
export async function restoreDocumentBytes(db: Db, fileName: string, bytes: Uint8Array): Promise<RestoredDocument> {
  let restored: Uint8Array
  try {
    restored = await restoreDocx(bytes)
  } catch (e) {
    throw new ApiError('invalid_input', e instanceof Error ? e.message : '无法恢复签名原文')
  }
  return { fileName: restoredFileName(fileName), base64: Buffer.from(restored).toString('base64'), verification: await verifyDocumentBytes(db, restored) }
}
