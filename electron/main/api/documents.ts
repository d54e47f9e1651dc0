/** The documents methods' implementation (services/documents.ts). */
import path from 'node:path'
import type { HandlersFor } from '../../../shared/api/contract'
import type { documentsMethods } from '../../../shared/api/methods/documents'
import type { ExportSummary } from '../../../shared/api/documentTypes'
import type { JobView } from '../../../shared/api/jobTypes'
import { ApiError } from '../../../shared/api/errors'
import type { BackendState } from '../backend'
import { jobsFor } from '../jobs/index'
import { pathAccessOf } from './files'
import { isWithin } from '../paths/grants'
import { deviceKey } from '../services/deviceSecret'
import { saveTrustedSecretariat, secretariatSigner, trustedSecretariats } from '../services/documentTrust'
import { EXPORT_ROOT, listMeetingDocuments } from '../services/documents'
import { previewDocument } from '../services/documentBuild'
import { restoreDocumentBytes, verifyDocumentBytes } from '../services/documentVerify'
import { gatherForExport, prepareFolder, runExport } from '../services/documentExport'
import { viewerOrNull } from '../services/secretariatView'

export const EXPORT_JOB_KIND = 'documents.export'

function decodeUpload(base64: string): Uint8Array {
  const bytes = new Uint8Array(Buffer.from(base64, 'base64'))
  if (bytes.length === 0) throw new ApiError('invalid_input', '文件为空')
  return bytes
}

export function buildDocumentsHandlers(state: BackendState): HandlersFor<keyof typeof documentsMethods> {
  const jobs = jobsFor(state)
  return {
    'documents.list': ({ meetingId }) => {
      viewerOrNull(state.db)
      return listMeetingDocuments(state.db, meetingId, state.paths.dataDir)
    },
    'documents.preview': (input) => {
      viewerOrNull(state.db)
      return previewDocument(state.db, input)
    },
    'documents.export': async ({ meetingId, scope, folder, grant, fullVerify }) => {
      // The default export folder lies in the data folder, which the backend owns; anything else must be granted.
      const ownRoot = path.join(state.paths.dataDir, EXPORT_ROOT)
      const chosen = pathAccessOf(state).authorize({ path: folder, grant }, 'export-folder', (p) => isWithin(ownRoot, p))
      const dir = await prepareFolder(chosen)
      // The secretariat's laptop signs a charter statement into every document (issue 10).
      const trust = { signer: secretariatSigner(state.db, deviceKey(state.paths.dataDir)), trusted: trustedSecretariats(state.db) }
      // One snapshot of the database, taken now; each project is gathered when the export reaches it.
      const projects = gatherForExport(state.db, { meetingId, scope, folder: dir })
      try {
        return jobs.start<ExportSummary>(EXPORT_JOB_KIND, '导出评审文档', (ctx) => runExport(projects, scope, dir, ctx, { ...trust, fullVerify: fullVerify === true }))
      } catch (e) {
        projects.close()
        throw e
      }
    },
    'documents.exportStatus': ({ jobId }) => {
      const job = jobs.get(jobId)
      if (!job || job.kind !== EXPORT_JOB_KIND) throw new ApiError('not_found', '找不到该导出任务，可能已过期')
      return job as JobView<ExportSummary>
    },
    'documents.verify': ({ base64 }) => verifyDocumentBytes(state.db, decodeUpload(base64)),
    'documents.restore': ({ fileName, base64 }) => restoreDocumentBytes(state.db, fileName, decodeUpload(base64)),
    'documents.trustSecretariat': ({ fingerprint }) => ({ fingerprint: saveTrustedSecretariat(state.db, fingerprint) })
  }
}
