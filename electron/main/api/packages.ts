/** The proposal-package methods' implementation (services/packageImport.ts, packageMaterials.ts, packageBuild.ts). */
import path from 'node:path'
import type { HandlersFor } from '../../../shared/api/contract'
import { ApiError } from '../../../shared/api/errors'
import type { packageMethods } from '../../../shared/api/methods/packages'
import type { BuiltPackage, ImportResult } from '../../../shared/api/packageTypes'
import { isImportStage } from '../../../shared/domain/packages/importProgress'
import type { BackendState } from '../backend'
import { jobsFor } from '../jobs/index'
import { isPackageError } from '../packages'
import { budgetSheets, setBudgetBasis } from '../services/budgetBasis'
import { requestBudgetBasis, withdrawBudgetBasisRequest } from '../services/budgetBasisRequests'
import { previewBudgetSheet } from '../services/budgetSheetPreview'
import { buildPackageFromUploads } from '../services/packageBuild'
import { describeImportError, importPackage } from '../services/packageImport'
import {
  addNote,
  deleteNote,
  documentHtml,
  getBudget,
  getDataList,
  getFindings,
  getMaterials,
  listNotes,
  readDocumentChunk,
  searchDocument,
  updateNote
} from '../services/packageMaterials'
import { packageRuntimeFor } from '../services/packageRuntime'
import { DEFAULT_PACKAGE_LIMITS } from '../packages/limits'
import { checkReadablePath } from '../paths/userPath'
import { pathAccessOf } from './files'
import { getSetting, SETTING_ACTING_EXPERT } from '../services/settings'
import { importFraction, importStageLabel } from '../../../shared/domain/packages/importProgress'

export const IMPORT_JOB_KIND = 'packages.import'
export const BUILD_JOB_KIND = 'packages.build'
/** Progress is reported in thousandths of the whole job. */
const PROGRESS_SCALE = 1000

function actingExpert(state: BackendState): string {
  const id = getSetting(state.db, SETTING_ACTING_EXPERT)
  if (!id) throw new ApiError('forbidden', '请先在会议页面选择以哪位专家的身份评审')
  return id
}

export function buildPackagesHandlers(state: BackendState): HandlersFor<keyof typeof packageMethods> {
  const jobs = jobsFor(state)
  const runtime = () => packageRuntimeFor(state, state.paths.dataDir, state.db)
  return {
    'packages.import': async ({ meetingId, source, projectId, asVersion }) => {
      const { blobs, uploads } = runtime()
      let input: string | Uint8Array
      let sourceName: string
      let uploadId: string | null = null
      if (source.kind === 'upload') {
        const u = uploads.complete(source.uploadId)
        uploadId = source.uploadId
        input = u.file
        sourceName = u.fileName
      } else {
        if (!path.isAbsolute(source.path)) throw new ApiError('invalid_input', '请给出申报包的完整路径')
        const chosen = pathAccessOf(state).authorize({ path: source.path, grant: source.grant }, 'package-file')
        // A regular file or folder of bounded size, not a device or FIFO, checked within a deadline before the job.
        input = await checkReadablePath(chosen, { label: '申报包', kind: 'file', maxBytes: DEFAULT_PACKAGE_LIMITS.maxTotalBytes })
        sourceName = path.basename(input)
      }
      return jobs.start<ImportResult>(IMPORT_JOB_KIND, `导入“${sourceName}”`, async (ctx) => {
        try {
          return await importPackage(state.db, blobs, {
            meetingId,
            source: input,
            sourceName,
            ...(projectId ? { projectId } : {}),
            ...(asVersion ? { asVersion } : {}),
            onProgress: (p) => {
              ctx.throwIfCancelled()
              ctx.progress(Math.round(p.fraction * PROGRESS_SCALE), PROGRESS_SCALE, p.file ? `${p.label}：${p.file}` : p.label)
            }
          })
        } catch (err) {
          if (ctx.signal.aborted) throw err
          // The user reads the message: it names the package file and the problem.
          const info = describeImportError(err, sourceName)
          if (info.code === 'internal') console.error(`[packages.import] ${sourceName}:`, err)
          throw new Error(info.message, { cause: err })
        } finally {
          if (uploadId) uploads.remove(uploadId)
        }
      })
    },
    'packages.build': (input) => {
      const { uploads } = runtime()
      return jobs.start<BuiltPackage>(BUILD_JOB_KIND, `制作申报包“${input.project.name}”`, async (ctx) => {
        try {
          const { bytes, built } = await buildPackageFromUploads(uploads, input, (p) => {
            ctx.throwIfCancelled()
            if (p.stage === 'done' || !isImportStage(p.stage)) return
            ctx.progress(Math.round(importFraction(p.stage, p.done, p.total) * PROGRESS_SCALE), PROGRESS_SCALE, importStageLabel(p.stage))
          })
          const uploadId = uploads.add(built.fileName, bytes)
          return { ...built, uploadId }
        } catch (err) {
          if (ctx.signal.aborted || err instanceof ApiError) throw err
          if (isPackageError(err)) throw new Error(err.message, { cause: err })
          console.error('[packages.build]', err)
          throw new Error('制作申报包时出现程序内部错误，已记录日志。', { cause: err })
        }
      })
    },
    'packages.materials': ({ projectId }) => getMaterials(state.db, projectId),
    'packages.budget': ({ projectId }) => getBudget(state.db, projectId),
    'packages.budgetSheets': ({ projectId }) => budgetSheets(state.db, runtime().blobs, projectId),
    'packages.budgetSheetPreview': ({ projectId, sheet }) => previewBudgetSheet(state.db, runtime().blobs, projectId, sheet),
    'packages.setBudgetBasis': ({ projectId, sheets }) => setBudgetBasis(state.db, runtime().blobs, projectId, sheets),
    'packages.requestBudgetBasis': ({ projectId, sheets, reason }) => requestBudgetBasis(state.db, runtime().blobs, projectId, sheets, reason),
    'packages.withdrawBudgetBasisRequest': ({ projectId }) => {
      withdrawBudgetBasisRequest(state.db, projectId)
      return { ok: true as const }
    },
    'packages.dataList': ({ projectId, kind }) => getDataList(state.db, projectId, kind),
    'packages.findings': ({ projectId }) => getFindings(state.db, projectId),
    'packages.readDocument': ({ documentId, offset, length }) => readDocumentChunk(state.db, runtime().blobs, documentId, offset, length),
    'packages.documentHtml': ({ documentId }) => documentHtml(state.db, runtime().blobs, documentId),
    'packages.search': ({ documentId, query }) => searchDocument(state.db, documentId, query),
    'documentNotes.list': ({ documentId }) => listNotes(state.db, actingExpert(state), documentId),
    'documentNotes.add': ({ documentId, page, text }) => addNote(state.db, actingExpert(state), documentId, page, text),
    'documentNotes.update': ({ noteId, text }) => updateNote(state.db, actingExpert(state), noteId, text),
    'documentNotes.delete': ({ noteId }) => {
      deleteNote(state.db, actingExpert(state), noteId)
      return { ok: true as const }
    }
  }
}
