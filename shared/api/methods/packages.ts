/** Proposal packages (issue 3): import, build from loose files, and the materials of a project; notes on pages. */
import { z } from 'zod'
import type {
  BudgetBasisRequestView,
  BudgetBasisResult,
  BudgetSheetPreview,
  BudgetSheetsView,
  BudgetView,
  BuiltPackage,
  DataListView,
  DocumentHtml,
  DocumentNoteView,
  FileChunk,
  FindingView,
  ImportResult,
  ProjectMaterials,
  SearchHit
} from '../packageTypes'
import type { JobView } from '../jobTypes'
import { pathGrant } from './files'
import { returns } from './returns'

const id = z.string().min(1).max(200)
const noteText = z.string().trim().min(1, '请填写批注内容').max(5000)
const optionalText = z.string().trim().max(2000).optional()

export const packageMethods = {
  /** Starts an import job; poll `jobs.get`. */
  'packages.import': {
    input: z
      .object({
        meetingId: id,
        source: z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('upload'), uploadId: id }).strict(),
          z.object({ kind: z.literal('path'), path: z.string().min(1).max(4096), grant: pathGrant }).strict()
        ]),
        /** Replace this project's package (a revised package) instead of adding a project. */
        projectId: id.optional(),
        /** With projectId: import as that project's next version (a 修改稿, issue 12) instead of replacing its package. */
        asVersion: z.boolean().optional()
      })
      .strict(),
    output: returns<JobView<ImportResult>>()
  },
  /** Starts a job that makes a .pdpkg from uploaded loose files; the result names an upload to download. */
  'packages.build': {
    input: z
      .object({
        project: z
          .object({
            name: z.string().trim().min(1, '请填写项目名称').max(200),
            code: optionalText,
            ownerUnit: z.string().trim().min(1, '请填写建设单位').max(200),
            authorUnit: optionalText,
            declaredInvestment: z.number().finite().min(0, '送审投资不能为负数'),
            approvedEstimate: z.number().finite().min(0).nullable().optional(),
            summary: optionalText
          })
          .strict(),
        mainDocument: id,
        budget: id,
        dataCatalog: id.optional(),
        dataNeeds: id.optional(),
        attachments: z.array(id).max(50).default([])
      })
      .strict(),
    output: returns<JobView<BuiltPackage>>()
  },
  'packages.materials': { input: z.object({ projectId: id }).strict(), output: returns<ProjectMaterials>() },
  'packages.budget': { input: z.object({ projectId: id }).strict(), output: returns<BudgetView>() },
  /** The budget workbook's sheets, which are the basis of review, and whether the basis may change here (issue 14 item 1). */
  'packages.budgetSheets': { input: z.object({ projectId: id }).strict(), output: returns<BudgetSheetsView>() },
  /** One sheet's lines, read-only, for comparison; nothing is stored. */
  'packages.budgetSheetPreview': {
    input: z.object({ projectId: id, sheet: z.string().min(1).max(200) }).strict(),
    output: returns<BudgetSheetPreview>()
  },
  /** The secretariat makes these sheets the basis of review ([] = the reader's own choice); a replicated change. */
  'packages.setBudgetBasis': {
    input: z.object({ projectId: id, sheets: z.array(z.string().min(1).max(200)).max(20) }).strict(),
    output: returns<BudgetBasisResult>()
  },
  /** The acting expert asks the secretariat to make these sheets the basis, with a reason; replaces its earlier request. */
  'packages.requestBudgetBasis': {
    input: z.object({ projectId: id, sheets: z.array(z.string().min(1).max(200)).min(1).max(20), reason: z.string().max(500, '理由最多 500 字') }).strict(),
    output: returns<BudgetBasisRequestView>()
  },
  'packages.withdrawBudgetBasisRequest': { input: z.object({ projectId: id }).strict(), output: returns<{ ok: true }>() },
  'packages.dataList': {
    input: z.object({ projectId: id, kind: z.enum(['dataCatalog', 'dataNeeds']) }).strict(),
    output: returns<DataListView>()
  },
  'packages.findings': { input: z.object({ projectId: id }).strict(), output: returns<FindingView[]>() },
  'packages.readDocument': {
    input: z.object({ documentId: id, offset: z.number().int().min(0), length: z.number().int().min(1).max(4 * 1024 * 1024) }).strict(),
    output: returns<FileChunk>()
  },
  'packages.documentHtml': { input: z.object({ documentId: id }).strict(), output: returns<DocumentHtml>() },
  'packages.search': { input: z.object({ documentId: id, query: z.string().max(200) }).strict(), output: returns<SearchHit[]>() },
  'documentNotes.list': { input: z.object({ documentId: id }).strict(), output: returns<DocumentNoteView[]>() },
  'documentNotes.add': {
    input: z.object({ documentId: id, page: z.number().int().min(1).nullable(), text: noteText }).strict(),
    output: returns<DocumentNoteView>()
  },
  'documentNotes.update': { input: z.object({ noteId: id, text: noteText }).strict(), output: returns<DocumentNoteView>() },
  'documentNotes.delete': { input: z.object({ noteId: id }).strict(), output: returns<{ ok: true }>() }
} as const
