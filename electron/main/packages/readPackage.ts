import { createHash } from 'node:crypto'
import type { ArithmeticCheck, ArithmeticTolerance } from '../../../shared/domain/budget/arithmetic'
import { parseDataList, type DataListKind, type ParsedDataList } from '../../../shared/domain/budget/dataLists'
import type { BudgetParseOptions } from '../../../shared/domain/budget/parseBudget'
import { checkDetailArithmetic, reconcileSummary, type SummaryReconciliation } from '../../../shared/domain/budget/reconcile'
import { chooseBudgetSheets, combineDetailSheets, type WorkbookSheetInfo } from '../../../shared/domain/budget/workbook'
import type { AmountUnit, ParsedBudget } from '../../../shared/domain/budget/types'
import { runRuleSet } from '../../../shared/domain/compliance/engine'
import { defaultRuleSet, ruleSetStamp, type RuleSet, type RuleSetStamp } from '../../../shared/domain/compliance/ruleSet'
import type { ContentDataList, Finding, PackageContent } from '../../../shared/domain/compliance/types'
import type { TextEncoding } from './csv'
import { extractDocText } from './docText'
import { extractDocxText } from './docxText'
import { PackageError } from './errors'
import { assertFileType } from './fileType'
import { resolveLimits, type PackageLimits } from './limits'
import { MANIFEST_FILE, parseManifest, type Manifest } from './manifest'
import { extensionOf } from './paths'
import { defaultPdfAssets, type PdfAssets } from './pdfText'
import { openPdfThread, type PdfThread, type PdfThreadOptions } from './pdfThread'
import { readSheetFile } from './sheets'
import { PackageProblems } from './problems'
import { openPackageSource, type PackageInput } from './source'

export type ReadStage = 'open' | 'manifest' | 'budget' | 'dataLists' | 'documents' | 'rules' | 'done'

export interface ReadProgress {
  stage: ReadStage
  /** Steps done and total within the stage (files unzipped, documents read, pages extracted…). */
  done: number
  total: number
  /** The file being worked on, when there is one. */
  file?: string
}

export interface ReadPackageOptions {
  limits?: Partial<PackageLimits>
  /** The rule set (categories, rules, vetoes): the meeting's, else the shipped default. */
  ruleSet?: RuleSet
  /** Its stamp when the caller has it already (saves hashing it again). */
  ruleSetStamp?: RuleSetStamp
  tolerance?: ArithmeticTolerance
  budgetOptions?: Omit<BudgetParseOptions, 'declaredInvestment'>
  /** The expert's switch: read these sheets as the budget detail instead of the ones chosen automatically. */
  budgetSheets?: readonly string[]
  pdfAssets?: PdfAssets
  /** Where PDFs are read (a worker thread by default) and their time limit (pdfThread.ts). */
  pdfThread?: PdfThreadOptions
  onProgress?: (progress: ReadProgress) => void
}

export interface PackageFile {
  path: string
  size: number
  /** Lower-case hex SHA-256 of the bytes. */
  sha256: string
  bytes: Uint8Array
}

export interface PackageBudget {
  path: string
  format: 'xlsx' | 'xls' | 'csv'
  encoding: TextEncoding | null
  /** The unit the sheet was written in (amounts in `parsed` are always 万元). */
  sourceUnit: AmountUnit
  parsed: ParsedBudget
  arithmetic: ArithmeticCheck[]
  /** Every sheet of the workbook: which were read as the detail, which is the summary, which are notes. */
  sheets: WorkbookSheetInfo[]
  /** 汇总 vs 明细, when the workbook has a summary sheet. */
  reconciliation: SummaryReconciliation | null
}

export interface PackageDataList {
  path: string
  format: 'xlsx' | 'xls' | 'csv'
  encoding: TextEncoding | null
  list: ParsedDataList
}

export interface PackageDocument {
  path: string
  title: string
  role: 'main' | 'attachment'
  format: 'pdf' | 'docx' | 'doc' | 'other'
  /** Pages for PDF; null for DOCX/DOC (no fixed pages) and other files. */
  pageCount: number | null
  /** Text per page (PDF), one entry for DOCX/DOC, none for other files. */
  pages: string[]
}

export interface ParsedPackage {
  source: { kind: 'archive' | 'folder'; path: string | null; size: number | null; sha256: string | null }
  manifest: Manifest
  /** Every file in the package, sorted by path, manifest.json included. */
  files: PackageFile[]
  budget: PackageBudget
  dataCatalog: PackageDataList | null
  dataNeeds: PackageDataList | null
  documents: PackageDocument[]
  /** What the rules saw (amounts in 万元). */
  content: PackageContent
  findings: Finding[]
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

function requireFile(files: Map<string, Uint8Array>, path: string, label: string, what: string): Uint8Array {
  const bytes = files.get(path)
  if (!bytes) throw new PackageError('file-missing', `${label} 的 manifest.json 列出了${what}“${path}”，但包中没有这个文件。`, path)
  return bytes
}

/** Reads a package's budget file alone (the basis preview: which sheets, what a sheet's lines are), as the import reads it. */
export function readBudgetFile(path: string, bytes: Uint8Array, declared: number, options: Omit<ReadPackageOptions, 'onProgress'> = {}): Promise<PackageBudget> {
  return readBudget(path, bytes, declared, resolveLimits(options.limits), options)
}

async function readBudget(path: string, bytes: Uint8Array, declared: number, limits: PackageLimits, options: ReadPackageOptions): Promise<PackageBudget> {
  const file = await readSheetFile(path, bytes, limits.maxSheetRows)
  const parseOptions = { categoryRules: options.ruleSet?.categories, ...options.budgetOptions, declaredInvestment: declared }
  const choice = chooseBudgetSheets(file.sheets, parseOptions, options.budgetSheets ?? [])
  const combined = combineDetailSheets(choice.details, file.sheets)
  if (!combined) {
    if (options.budgetSheets?.length) {
      throw new PackageError('budget-no-header', `概算表“${path}”中没有可读的工作表“${options.budgetSheets.join('、')}”。`, path)
    }
    const code = choice.error?.code === 'budget.no-lines' ? 'budget-no-lines' : 'budget-no-header'
    throw new PackageError(code, `概算表“${path}”：${choice.error?.message ?? '没有可识别的内容。'}`, path)
  }
  const names = file.sheets.map((s) => s.name)
  return {
    path,
    format: file.format,
    encoding: file.encoding,
    sourceUnit: combined.unit.unit,
    parsed: combined,
    arithmetic: checkDetailArithmetic(choice.details, combined, declared, names, options.tolerance),
    sheets: choice.sheets,
    reconciliation: choice.summary ? reconcileSummary(choice.summary.budget, choice.summary.sheet.name, combined) : null
  }
}

async function readDataList(path: string, bytes: Uint8Array, kind: DataListKind, limits: PackageLimits): Promise<PackageDataList> {
  const file = await readSheetFile(path, bytes, limits.maxSheetRows)
  const lists = file.sheets.map((sheet) => parseDataList(sheet, kind))
  const best = [...lists].sort((a, b) => a.missingColumns.length - b.missingColumns.length || b.rows.length - a.rows.length)[0]
  if (!best) throw new PackageError('sheet-empty', `表格文件“${path}”没有任何工作表。`, path)
  return { path, format: file.format, encoding: file.encoding, list: best }
}

async function readDocument(
  doc: Manifest['documents'][number],
  bytes: Uint8Array,
  assets: PdfAssets,
  pdfs: PdfThread
): Promise<PackageDocument> {
  const ext = extensionOf(doc.path)
  const base = { path: doc.path, title: doc.title, role: doc.role }
  if (ext === 'pdf') {
    assertFileType(doc.path, bytes)
    const pages = await pdfs.extract(bytes, doc.path, assets)
    return { ...base, format: 'pdf', pageCount: pages.length, pages }
  }
  if (ext === 'docx') {
    assertFileType(doc.path, bytes)
    return { ...base, format: 'docx', pageCount: null, pages: [await extractDocxText(bytes, doc.path)] }
  }
  if (ext === 'doc' && doc.role === 'main') {
    assertFileType(doc.path, bytes)
    return { ...base, format: 'doc', pageCount: null, pages: [await extractDocText(bytes, doc.path)] }
  }
  if (doc.role === 'main') {
    throw new PackageError(
      'file-unsupported-type',
      `主文档“${doc.path}”的格式 .${ext || '（无扩展名）'} 不受支持，请提供 PDF、DOCX 或 DOC。`,
      doc.path
    )
  }
  return { ...base, format: 'other', pageCount: null, pages: [] }
}

function contentList(list: PackageDataList | null): ContentDataList {
  if (!list) return { present: false, path: null, rowCount: 0, missingColumns: [] }
  return { present: true, path: list.path, rowCount: list.list.rows.length, missingColumns: list.list.missingColumns }
}

/** A read budget as the rules see it, without the workbook's sheet list (a previewed sheet has none of its own). */
export function budgetContent(budget: PackageBudget): Omit<NonNullable<PackageContent['budget']>, 'workbook'> {
  return {
    path: budget.path,
    unit: budget.sourceUnit,
    lines: budget.parsed.lines,
    computedTotal: budget.parsed.computedTotal,
    sheetTotal: budget.parsed.sheetTotal,
    totalLineId: budget.parsed.totalLineId,
    arithmetic: budget.arithmetic
  }
}

/** The normalised content the compliance rules read. */
export function packageContent(
  manifest: Manifest,
  budget: PackageBudget,
  dataCatalog: PackageDataList | null,
  dataNeeds: PackageDataList | null,
  documents: readonly PackageDocument[]
): PackageContent {
  return {
    project: {
      name: manifest.project.name,
      ownerUnit: manifest.project.ownerUnit,
      authorUnit: manifest.project.authorUnit ?? null,
      declaredInvestment: manifest.project.declaredInvestment,
      approvedEstimate: manifest.project.approvedEstimate ?? null
    },
    budget: { ...budgetContent(budget), workbook: { sheets: budget.sheets, reconciliation: budget.reconciliation } },
    dataCatalog: contentList(dataCatalog),
    dataNeeds: contentList(dataNeeds),
    documents: documents
      .filter((d) => d.format !== 'other')
      .map((d) => ({ path: d.path, title: d.title, role: d.role, pages: d.pages, paged: d.format === 'pdf' }))
  }
}

/**
 * Reads a proposal package (.pdpkg path, folder path, archive bytes, or files by path): checks the archive and the
 * manifest, hashes every file, parses the budget and data lists, extracts document text and runs the
 * compliance rules. Writes nothing. Every failure is a PackageError with a Chinese message.
 */
export async function readPackage(input: PackageInput, options: ReadPackageOptions = {}): Promise<ParsedPackage> {
  const limits = resolveLimits(options.limits)
  const progress = options.onProgress ?? (() => {})
  progress({ stage: 'open', done: 0, total: 1 })
  const source = await openPackageSource(input, limits, (done, total, file) => progress({ stage: 'open', done, total, file }))
  const where = source.kind === 'folder' ? `文件夹“${source.label}”` : `“${source.label}”`

  progress({ stage: 'manifest', done: 0, total: 1, file: MANIFEST_FILE })
  const manifestBytes = source.files.get(MANIFEST_FILE)
  if (!manifestBytes) {
    throw new PackageError('manifest-missing', `${where} 中没有 manifest.json，不是评审台申报包。`, MANIFEST_FILE)
  }
  const manifest = parseManifest(manifestBytes, where)
  const problems = new PackageProblems()
  const need = (path: string, what: string) => problems.check(() => requireFile(source.files, path, where, what))
  const budgetBytes = need(manifest.budget, '概算表')
  const catalogBytes = manifest.dataCatalog ? need(manifest.dataCatalog, '数据目录') : null
  const needsBytes = manifest.dataNeeds ? need(manifest.dataNeeds, '数据需求清单') : null
  const documentBytes = manifest.documents.map((d) => need(d.path, '文档'))
  progress({ stage: 'manifest', done: 1, total: 1, file: MANIFEST_FILE })

  // PDFs are read in a worker thread from now on, while the budget and data lists are read here.
  const assets = options.pdfAssets ?? defaultPdfAssets()
  const pdfs = openPdfThread(options.pdfThread)
  try {
    const early = manifest.documents.map((doc, i) => startPdf(doc, documentBytes[i] ?? null, assets, pdfs))
    return await readRest(source, manifest, problems, { budgetBytes, catalogBytes, needsBytes, documentBytes, early }, assets, pdfs, limits, options)
  } finally {
    pdfs.close()
  }
}

function startPdf(doc: Manifest['documents'][number], bytes: Uint8Array | null, assets: PdfAssets, pdfs: PdfThread): Promise<PackageDocument> | null {
  if (!bytes || extensionOf(doc.path) !== 'pdf') return null
  const read = readDocument(doc, bytes, assets, pdfs)
  // Awaited in order later (problems are reported in the manifest's order); not an unhandled rejection meanwhile.
  read.catch(() => undefined)
  return read
}

interface PackageBytes {
  budgetBytes: Uint8Array | null
  catalogBytes: Uint8Array | null
  needsBytes: Uint8Array | null
  documentBytes: (Uint8Array | null)[]
  /** PDF reads started in the worker, by document index. */
  early: (Promise<PackageDocument> | null)[]
}

async function readRest(
  source: Awaited<ReturnType<typeof openPackageSource>>,
  manifest: Manifest,
  problems: PackageProblems,
  { budgetBytes, catalogBytes, needsBytes, documentBytes, early }: PackageBytes,
  assets: PdfAssets,
  pdfs: PdfThread,
  limits: PackageLimits,
  options: ReadPackageOptions
): Promise<ParsedPackage> {
  const progress = options.onProgress ?? (() => {})
  progress({ stage: 'budget', done: 0, total: 1, file: manifest.budget })
  const budget = budgetBytes ? await problems.attempt(() => readBudget(manifest.budget, budgetBytes, manifest.project.declaredInvestment, limits, options)) : null
  progress({ stage: 'budget', done: 1, total: 1, file: manifest.budget })

  const listTotal = Number(catalogBytes !== null) + Number(needsBytes !== null)
  progress({ stage: 'dataLists', done: 0, total: listTotal })
  const catalogPath = manifest.dataCatalog
  const dataCatalog = catalogPath && catalogBytes ? await problems.attempt(() => readDataList(catalogPath, catalogBytes, 'dataCatalog', limits)) : null
  if (catalogPath && catalogBytes) progress({ stage: 'dataLists', done: 1, total: listTotal, file: catalogPath })
  const needsPath = manifest.dataNeeds
  const dataNeeds = needsPath && needsBytes ? await problems.attempt(() => readDataList(needsPath, needsBytes, 'dataNeeds', limits)) : null
  if (needsPath && needsBytes) progress({ stage: 'dataLists', done: listTotal, total: listTotal, file: needsPath })

  const documents: PackageDocument[] = []
  for (let i = 0; i < manifest.documents.length; i++) {
    const doc = manifest.documents[i]
    const bytes = documentBytes[i]
    if (!doc || !bytes) continue
    progress({ stage: 'documents', done: i, total: manifest.documents.length, file: doc.path })
    const read = await problems.attempt(() => early[i] ?? readDocument(doc, bytes, assets, pdfs))
    if (read) documents.push(read)
  }
  progress({ stage: 'documents', done: manifest.documents.length, total: manifest.documents.length })
  problems.throwIfAny()
  if (!budget) throw new PackageError('budget-no-header', `概算表“${manifest.budget}”没有可识别的内容。`, manifest.budget)

  progress({ stage: 'rules', done: 0, total: 1 })
  const content = packageContent(manifest, budget, dataCatalog, dataNeeds, documents)
  const ruleSet = options.ruleSet ?? defaultRuleSet()
  const findings = runRuleSet(content, ruleSet, options.ruleSetStamp ?? ruleSetStamp(ruleSet))
  progress({ stage: 'rules', done: 1, total: 1 })

  const files: PackageFile[] = [...source.files.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([path, bytes]) => ({ path, size: bytes.byteLength, sha256: sha256Hex(bytes), bytes }))
  progress({ stage: 'done', done: 1, total: 1 })
  return {
    source: {
      kind: source.kind,
      path: source.path,
      size: source.archive?.byteLength ?? null,
      sha256: source.archive ? sha256Hex(source.archive) : null
    },
    manifest,
    files,
    budget,
    dataCatalog,
    dataNeeds,
    documents,
    content,
    findings
  }
}
