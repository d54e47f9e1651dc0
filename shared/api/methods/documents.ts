/** Word documents (issue 6): what can be exported, previews, export jobs, verification of a handed-in .docx. */
import { z } from 'zod'
import type { DocumentPreview, DocumentVerification, ExportSummary, MeetingDocuments, RestoredDocument } from '../documentTypes'
import { DOCUMENT_KIND_IDS } from '../documentTypes'
import type { JobView } from '../jobTypes'
import { pathGrant } from './files'
import { returns } from './returns'

const id = z.string().min(1).max(200)
const kind = z.enum(DOCUMENT_KIND_IDS as unknown as ['expert-opinion', 'panel-opinion', 'score-summary', 'budget-comparison'])

/** A .docx up to 12 MB, base64 (fits the HTTP adapter's 16 MB JSON limit). */
export const MAX_VERIFY_DOCX_BYTES = 12 * 1024 * 1024

export const exportScope = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('meeting') }).strict(),
  z.object({ kind: z.literal('project'), projectId: id }).strict(),
  z.object({ kind: z.literal('expert'), expertId: id, projectId: id.optional() }).strict()
])

const docxUpload = z
  .object({
    fileName: z.string().max(500),
    base64: z
      .string()
      .min(1, '文件为空')
      .max(Math.ceil(MAX_VERIFY_DOCX_BYTES / 3) * 4 + 4, '文件过大（超过 12 MB），不是评审台生成的文档')
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, '文件内容编码无效')
  })
  .strict()

export const documentsMethods = {
  /** Every document of a meeting: which sheets are signed, missing or tampered, and what can be made. */
  'documents.list': { input: z.object({ meetingId: id }).strict(), output: returns<MeetingDocuments>() },
  /** One document built now and shown as sanitized-able HTML, with its verification. */
  'documents.preview': {
    input: z.object({ projectId: id, kind, expertId: id.nullable().optional() }).strict(),
    output: returns<DocumentPreview>()
  },
  /** Starts writing documents into a folder; poll with documents.exportStatus, stop with jobs.cancel. */
  'documents.export': {
    input: z
      .object({
        meetingId: id,
        scope: exportScope,
        folder: z.string().trim().min(1, '请填写导出文件夹').max(1000),
        grant: pathGrant,
        /** Verify each written file in full (slower) instead of checking its SHA-256 against what was built. */
        fullVerify: z.boolean().optional()
      })
      .strict(),
    output: returns<JobView<ExportSummary>>()
  },
  'documents.exportStatus': { input: z.object({ jobId: id }).strict(), output: returns<JobView<ExportSummary>>() },
  /** Verifies a .docx (base64 of its bytes): 有效 / 已篡改 / 无法验证 with reasons and what changed. */
  'documents.verify': { input: docxUpload, output: returns<DocumentVerification>() },
  /**
   * 恢复签名原文: the document regenerated from the signed data of a .docx (even a tampered one), as a new file
   * named 〈原名〉-签名原文.docx for the page to save (download or the OS save dialog; never the original's name).
   */
  'documents.restore': { input: docxUpload, output: returns<RestoredDocument>() },
  /** Trusts a secretariat key (by the fingerprint its secretariat published) for verifying documents here. */
  'documents.trustSecretariat': {
    input: z.object({ fingerprint: z.string().trim().min(1, '请填写秘书处公钥指纹').max(200) }).strict(),
    output: returns<{ fingerprint: string }>()
  }
} as const
