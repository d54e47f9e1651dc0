/**
 * The read side of proposal packages for the project page: documents (bytes in chunks, DOCX as HTML, text search),
 * the budget lines, the data lists and the compliance findings; and the expert's notes pinned to pages.
 */
import { ApiError } from '../../../shared/api/errors'
import type {
  BudgetLineKind,
  BudgetView,
  DataListKindName,
  DataListView,
  DocumentHtml,
  DocumentNoteView,
  DocumentView,
  FileChunk,
  FindingView,
  PackageSummary,
  ProjectMaterials,
  SearchHit
} from '../../../shared/api/packageTypes'
import { DATA_CATALOG_COLUMNS, DATA_NEEDS_COLUMNS } from '../../../shared/domain/budget/dataLists'
import type { BudgetCategory } from '../../../shared/domain/budget/types'
import type { FindingRef, FindingSeverity, FindingVeto, SuggestedCut } from '../../../shared/domain/compliance/types'
import { uuidv7 } from '../../../shared/domain/ids'
import { searchPages } from '../../../shared/domain/packages/search'
import type { BlobStore } from '../blobs/store'
import { PackageError } from '../packages/errors'
import { boundedOfficeBytes } from '../packages/officeZip'
import { loadMammoth } from '../packages/docxText'
import { documentNoteRowId } from '../../../shared/sync/rowIds'
import { writeChanges } from '../db/changeWriter'
import type { Db } from '../db/connection'
import type { PackageDocumentsTable, PackagesTable } from '../db/schema'
import { all, first } from '../db/query'
import { currentPackageRow, derivationState, packageIds } from './packageDerive'

export const MAX_CHUNK_BYTES = 4 * 1024 * 1024

function projectRow(db: Db, projectId: string) {
  const p = first(db, db.kysely.selectFrom('projects').select(['id', 'meeting_id']).where('id', '=', projectId).where('deleted', '=', 0))
  if (!p) throw new ApiError('not_found', '找不到该项目，可能已被移除')
  return p
}

function toPackageSummary(row: PackagesTable): PackageSummary {
  return {
    id: row.id,
    sha256: row.sha256,
    size: row.size,
    sourceName: row.source_name,
    importedAt: row.imported_at,
    budgetPath: row.budget_path,
    budgetUnit: row.budget_unit === '元' ? '元' : '万元',
    budgetSheet: row.budget_sheet,
    computedTotal: row.computed_total,
    sheetTotal: row.sheet_total,
    declaredTotal: row.declared_total
  }
}

function toDocumentView(row: PackageDocumentsTable): DocumentView {
  return {
    id: row.id,
    path: row.path,
    title: row.title,
    role: row.role === 'main' ? 'main' : 'attachment',
    format: row.format === 'pdf' || row.format === 'docx' ? row.format : 'other', // a .doc is stored as 'other' (its text is kept)
    pageCount: row.page_count,
    size: row.size,
    sha256: row.sha256
  }
}

function countRows(db: Db, table: 'budget_lines' | 'findings', projectId: string): number {
  const r = first(db, db.kysely.selectFrom(table).select((e) => e.fn.countAll<number>().as('n')).where('project_id', '=', projectId).where('deleted', '=', 0))
  return Number(r?.n ?? 0)
}

export function listDocuments(db: Db, projectId: string): DocumentView[] {
  return all(
    db,
    db.kysely.selectFrom('package_documents').selectAll().where('project_id', '=', projectId).where('deleted', '=', 0).orderBy('sort_order')
  ).map(toDocumentView)
}

export function getMaterials(db: Db, projectId: string): ProjectMaterials {
  projectRow(db, projectId)
  const pkg = currentPackageRow(db, projectId)
  const listCount = (kind: DataListKindName) =>
    Number(
      first(
        db,
        db.kysely
          .selectFrom('data_list_rows')
          .select((e) => e.fn.countAll<number>().as('n'))
          .where('project_id', '=', projectId)
          .where('kind', '=', kind)
          .where('deleted', '=', 0)
      )?.n ?? 0
    )
  const warnings = Number(
    first(
      db,
      db.kysely
        .selectFrom('findings')
        .select((e) => e.fn.countAll<number>().as('n'))
        .where('project_id', '=', projectId)
        .where('deleted', '=', 0)
        .where('severity', 'in', ['warning', 'error'])
    )?.n ?? 0
  )
  return {
    projectId,
    package: pkg ? toPackageSummary(pkg) : null,
    documents: listDocuments(db, projectId),
    counts: {
      budgetLines: countRows(db, 'budget_lines', projectId),
      dataCatalog: listCount('dataCatalog'),
      dataNeeds: listCount('dataNeeds'),
      findings: countRows(db, 'findings', projectId),
      warnings
    },
    derivation: derivationState(db, projectId, pkg)
  }
}

function requirePackage(db: Db, projectId: string): PackagesTable {
  projectRow(db, projectId)
  const pkg = currentPackageRow(db, projectId)
  if (!pkg) throw new ApiError('not_found', '该项目还没有导入申报材料')
  return pkg
}

export function getBudget(db: Db, projectId: string): BudgetView {
  const pkg = requirePackage(db, projectId)
  const rows = all(
    db,
    db.kysely.selectFrom('budget_lines').selectAll().where('project_id', '=', projectId).where('deleted', '=', 0).orderBy('sort_order')
  )
  const parents = new Set<string>()
  for (const r of rows) if (r.parent_id) parents.add(r.parent_id)
  return {
    projectId,
    path: pkg.budget_path,
    sheetName: pkg.budget_sheet,
    sourceUnit: pkg.budget_unit === '元' ? '元' : '万元',
    computedTotal: pkg.computed_total,
    sheetTotal: pkg.sheet_total,
    declaredTotal: pkg.declared_total,
    notes: JSON.parse(pkg.budget_notes) as string[],
    lines: rows.map((r) => ({
      id: r.id,
      parentId: r.parent_id,
      level: r.level,
      numbering: r.numbering,
      name: r.name,
      spec: r.spec,
      unit: r.unit,
      quantity: r.quantity,
      unitPrice: r.unit_price,
      amount: r.amount,
      remark: r.remark,
      kind: r.kind as BudgetLineKind,
      category: r.category as BudgetCategory,
      sourceRow: r.source_row,
      hasChildren: parents.has(r.id)
    }))
  }
}

interface ListMeta {
  path: string
  sheetName: string
  columns: Record<string, number>
  missingColumns: string[]
}

export function getDataList(db: Db, projectId: string, kind: DataListKindName): DataListView {
  const pkg = requirePackage(db, projectId)
  const raw = kind === 'dataCatalog' ? pkg.data_catalog : pkg.data_needs
  const spec = kind === 'dataCatalog' ? DATA_CATALOG_COLUMNS : DATA_NEEDS_COLUMNS
  if (!raw) {
    return {
      kind,
      present: false,
      path: null,
      sheetName: null,
      columns: [],
      missingColumns: spec.filter((c) => c.required).map((c) => c.label),
      rows: []
    }
  }
  const meta = JSON.parse(raw) as ListMeta
  const columns = spec
    .filter((c) => meta.columns[c.key] !== undefined)
    .sort((a, b) => (meta.columns[a.key] ?? 0) - (meta.columns[b.key] ?? 0))
    .map((c) => ({ key: c.key, label: c.label }))
  const rows = all(
    db,
    db.kysely
      .selectFrom('data_list_rows')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('kind', '=', kind)
      .where('deleted', '=', 0)
      .orderBy('sort_order')
  ).map((r) => ({ id: r.id, sourceRow: r.source_row, values: JSON.parse(r.row_values) as Record<string, string | null> }))
  return { kind, present: true, path: meta.path, sheetName: meta.sheetName, columns, missingColumns: meta.missingColumns, rows }
}

export function getFindings(db: Db, projectId: string): FindingView[] {
  projectRow(db, projectId)
  const docs = new Map(listDocuments(db, projectId).map((d) => [d.path, d.id]))
  return all(
    db,
    db.kysely.selectFrom('findings').selectAll().where('project_id', '=', projectId).where('deleted', '=', 0).orderBy('sort_order')
  ).map((f) => ({
    id: f.id,
    article: f.article,
    code: f.code,
    severity: f.severity as FindingSeverity,
    message: f.message,
    refs: (JSON.parse(f.refs) as FindingRef[]).map((r) => (r.kind === 'document' ? { ...r, documentId: docs.get(r.documentPath) ?? null } : r)),
    suggestedCut: f.suggested_cut ? (JSON.parse(f.suggested_cut) as SuggestedCut) : null,
    veto: f.veto ? (JSON.parse(f.veto) as FindingVeto) : null,
    ruleSet: f.rule_set_digest ? { version: f.rule_set_version, digest: f.rule_set_digest } : null
  }))
}

function documentRow(db: Db, documentId: string): PackageDocumentsTable {
  const d = first(db, db.kysely.selectFrom('package_documents').selectAll().where('id', '=', documentId).where('deleted', '=', 0))
  if (!d) throw new ApiError('not_found', '找不到该文档，可能已被新版申报材料替换')
  return d
}

export function readDocumentChunk(db: Db, blobs: BlobStore, documentId: string, offset: number, length: number): FileChunk {
  const d = documentRow(db, documentId)
  if (!blobs.has(d.sha256)) throw new ApiError('not_found', `文档“${d.title || d.path}”的文件尚未同步到本机`)
  const size = blobs.size(d.sha256)
  const data = blobs.read(d.sha256, offset, Math.min(length, MAX_CHUNK_BYTES))
  return { data: data.toString('base64'), offset, size, sha256: d.sha256 }
}

export async function documentHtml(db: Db, blobs: BlobStore, documentId: string): Promise<DocumentHtml> {
  const d = documentRow(db, documentId)
  if (d.format !== 'docx') throw new ApiError('invalid_input', '只有 Word（.docx）文档可以转换为网页显示')
  const title = d.title || d.path
  let buffer: Buffer
  try {
    buffer = boundedOfficeBytes(blobs.get(d.sha256), title, () => new PackageError('docx-corrupt', `Word 文件“${title}”已损坏，无法显示。`, title))
  } catch (e) {
    throw new ApiError('invalid_input', e instanceof Error ? e.message : String(e))
  }
  // No images: package content is shown as text and structure only (and never as raw HTML without the sanitiser).
  const mammoth = loadMammoth()
  const result = await mammoth.convertToHtml({ buffer }, { convertImage: mammoth.images.imgElement(async () => ({ src: '' })) })
  return { html: result.value, messages: result.messages.map((m) => m.message).slice(0, 20) }
}

export function searchDocument(db: Db, documentId: string, query: string): SearchHit[] {
  const d = documentRow(db, documentId)
  const pages = all(
    db,
    db.kysely.selectFrom('document_pages').select(['page', 'text']).where('document_id', '=', documentId).orderBy('page')
  ).filter((p) => d.page_count === null || p.page <= d.page_count)
  return searchPages(
    pages.map((p) => p.text),
    query
  ).map((h) => ({ ...h, page: d.format === 'pdf' ? h.page : null }))
}

// ---- The expert's notes pinned to document pages -------------------------------------------------------------

function toNote(r: { id: string; document_id: string; page: number | null; text: string; created_at: string; updated_at: string }): DocumentNoteView {
  return { id: r.id, documentId: r.document_id, page: r.page, text: r.text, createdAt: r.created_at, updatedAt: r.updated_at }
}

export function listNotes(db: Db, expertId: string, documentId: string): DocumentNoteView[] {
  documentRow(db, documentId)
  return all(
    db,
    db.kysely
      .selectFrom('document_notes')
      .selectAll()
      .where('document_id', '=', documentId)
      .where('expert_id', '=', expertId)
      .where('deleted', '=', 0)
      .orderBy('page')
      .orderBy('created_at')
  ).map(toNote)
}

function requireExpertOfMeeting(db: Db, expertId: string, meetingId: string): void {
  const e = first(db, db.kysely.selectFrom('experts').select('id').where('id', '=', expertId).where('meeting_id', '=', meetingId).where('deleted', '=', 0))
  if (!e) throw new ApiError('forbidden', '当前评审身份不属于该项目所在的会议')
}

export function addNote(db: Db, expertId: string, documentId: string, page: number | null, text: string): DocumentNoteView {
  const d = documentRow(db, documentId)
  const project = projectRow(db, d.project_id)
  requireExpertOfMeeting(db, expertId, project.meeting_id)
  if (page !== null && (d.page_count === null || page > d.page_count)) {
    throw new ApiError('invalid_input', `页码超出范围：该文档共 ${d.page_count ?? 0} 页`)
  }
  // The row id names its owner, so every replica can check ownership from the id alone (shared/sync/rowIds.ts).
  const id = documentNoteRowId(expertId, uuidv7())
  const now = new Date().toISOString()
  writeChanges(db, expertId, (w) =>
    w.write('document_notes', id, { expert_id: expertId, project_id: d.project_id, document_id: documentId, page, text, created_at: now, updated_at: now, deleted: false })
  )
  return { id, documentId, page, text, createdAt: now, updatedAt: now }
}

function ownNote(db: Db, expertId: string, noteId: string) {
  const n = first(db, db.kysely.selectFrom('document_notes').selectAll().where('id', '=', noteId).where('deleted', '=', 0))
  if (!n) throw new ApiError('not_found', '找不到该批注，可能已被删除')
  if (n.expert_id !== expertId) throw new ApiError('forbidden', '只能修改自己的批注')
  return n
}

export function updateNote(db: Db, expertId: string, noteId: string, text: string): DocumentNoteView {
  const n = ownNote(db, expertId, noteId)
  const now = new Date().toISOString()
  writeChanges(db, expertId, (w) => w.write('document_notes', noteId, { text, updated_at: now }))
  return toNote({ ...n, text, updated_at: now })
}

export function deleteNote(db: Db, expertId: string, noteId: string): void {
  ownNote(db, expertId, noteId)
  writeChanges(db, expertId, (w) => w.write('document_notes', noteId, { deleted: true, updated_at: new Date().toISOString() }))
}

export { packageIds }
