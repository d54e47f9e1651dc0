/** The documents methods' implementation (services/documents.ts). */
import type { HandlersFor } from '../../../shared/api/contract'
import type { documentsMethods } from '../../../shared/api/methods/documents'
import type { ExportSummary } from '../../../shared/api/documentTypes'
import type { JobView } from '../../../shared/api/jobTypes'
import { ApiError } from '../../../shared/api/errors'
import type { BackendState } from '../backend'
import { jobsFor } from '../jobs/index'
import { listMeetingDocuments, previewDocument, verifyDocumentBytes } from '../services/documents'
import { gatherForExport, prepareFolder, runExport } from '../services/documentExport'

export const EXPORT_JOB_KIND = 'documents.export'

export function buildDocumentsHandlers(state: BackendState): HandlersFor<keyof typeof documentsMethods> {
  const jobs = jobsFor(state)
  return {
    'documents.list': ({ meetingId }) => listMeetingDocuments(state.db, meetingId, state.paths.dataDir),
    'documents.preview': (input) => previewDocument(state.db, input),
    'documents.export': ({ meetingId, scope, folder, fullVerify }) => {
      const dir = prepareFolder(folder)
      const snaps = gatherForExport(state.db, { meetingId, scope, folder: dir })
      return jobs.start<ExportSummary>(EXPORT_JOB_KIND, '导出评审文档', (ctx) => runExport(snaps, scope, dir, ctx, { fullVerify: fullVerify === true }))
    },
    'documents.exportStatus': ({ jobId }) => {
      const job = jobs.get(jobId)
      if (!job || job.kind !== EXPORT_JOB_KIND) throw new ApiError('not_found', '找不到该导出任务，可能已过期')
      return job as JobView<ExportSummary>
    },
    'documents.verify': ({ base64 }) => {
      const bytes = new Uint8Array(Buffer.from(base64, 'base64'))
      if (bytes.length === 0) throw new ApiError('invalid_input', '文件为空')
      return verifyDocumentBytes(state.db, bytes)
    }
  }
}
