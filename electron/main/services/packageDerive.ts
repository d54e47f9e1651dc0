/**
 * The derived rows of proposal packages (issue 3): documents, page text, budget lines, data-list rows and
 * findings are read out of a package's files, deterministically, on every device. They are local tables written
 * with plain SQL (never through the change log, never sent): only the packages row and package_files replicate,
 * and the files travel as content-addressed blobs.
 *
 *  - The importing device writes them in the same transaction as the replicated rows (packageImport.ts).
 *  - Another device derives them after a sync run and at start (PackageDeriver): for every project whose current
 *    package differs from the one recorded in package_derivations, it rebuilds the package from the blob store,
 *    reads it exactly as an import does, and writes the rows and the record in one transaction. Missing blobs are
 *    recorded (材料文件尚未同步) and retried after the next sync; a project without a current package (tombstoned,
 *    or the project removed) has its derived rows removed.
 *
 * Ids are natural keys (packageIds), so every device derives the same ids and values from the same files, and a
 * revised package keeps the ids of the rows that still exist (budget reviews and notes refer to them).
 */
import { ApiError } from '../../../shared/api/errors'
import type { MaterialsDerivation } from '../../../shared/api/packageTypes'
import type { BudgetLine } from '../../../shared/domain/budget/types'
import type { FindingRef } from '../../../shared/domain/compliance/types'
import { naturalId } from '../../../shared/domain/ids'
import { REPLICATED_TABLES } from '../../../shared/sync/tables'
import type { Registry } from '../../../shared/sync/verdict'
import type { BlobStore } from '../blobs/store'
import type { Db } from '../db/connection'
import { first, prepare } from '../db/query'
import { BAD_BASIS_MESSAGE, isPackageError, parseBudgetBasis, readPackage, type ParsedPackage, type ReadPackageOptions } from '../packages'
import { CellWriter } from '../sync/cells'
import { projectRules, projectRulesDigest, rulesReadOptions } from './ruleSets'

/** Ids of stored rows, derived from natural keys so that a re-import of the same project reuses them. */
export const packageIds = {
  line: (projectId: string, lineKey: string) => naturalId(projectId, lineKey),
  document: (projectId: string, path: string) => naturalId(projectId, 'doc', path),
  page: (documentId: string, page: number) => naturalId(documentId, page),
  dataRow: (projectId: string, kind: string, sourceRow: number) => naturalId(projectId, kind, sourceRow),
  finding: (projectId: string, key: string) => naturalId(projectId, 'finding', key),
  file: (packageId: string, path: string) => naturalId(packageId, path)
}

export const MISSING_FILES_MESSAGE = '材料文件尚未同步'
export const PROCESSING_MESSAGE = '材料处理中'

/**
 * The current package of a project: the newest non-deleted one that is not the package of a later version (a
 * 修改稿, project_versions: compared with the reviewed package, never replacing it).
 */
export function currentPackageRow(db: Db, projectId: string) {
  return first(
    db,
    db.kysely
      .selectFrom('packages')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('deleted', '=', 0)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('project_versions as v').select('v.id').whereRef('v.package_id', '=', 'packages.id'))))
      .orderBy('imported_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
  )
}

export function lineKind(line: BudgetLine): 'item' | 'subtotal' | 'total' | 'memo' {
  if (line.isTotal) return 'total'
  if (line.isSubtotal) return 'subtotal'
  if (line.isMemo) return 'memo'
  return 'item'
}

function storedRefs(projectId: string, refs: readonly FindingRef[]): FindingRef[] {
  return refs.map((r) => (r.kind === 'budgetLine' ? { kind: 'budgetLine', lineId: packageIds.line(projectId, r.lineId) } : r))
}

type DerivedTable = 'package_documents' | 'budget_lines' | 'data_list_rows' | 'findings'

const COLUMNS: Record<DerivedTable | 'document_pages', readonly string[]> = {
  package_documents: ['id', 'project_id', 'package_id', 'path', 'title', 'role', 'format', 'page_count', 'sha256', 'size', 'sort_order', 'deleted'],
  document_pages: ['id', 'document_id', 'page', 'text'],
  budget_lines: [
    'id', 'project_id', 'package_id', 'line_key', 'parent_id', 'level', 'numbering', 'name', 'spec', 'unit', 'quantity', 'unit_price',
    'amount', 'remark', 'kind', 'category', 'source_row', 'sort_order', 'deleted'
  ],
  data_list_rows: ['id', 'project_id', 'package_id', 'kind', 'source_row', 'sort_order', 'row_values', 'deleted'],
  findings: [
    'id', 'project_id', 'package_id', 'finding_key', 'article', 'code', 'severity', 'message', 'refs', 'suggested_cut', 'veto', 'rule_set_version', 'rule_set_digest',
    'sort_order', 'deleted'
  ]
}

/** An INSERT … ON CONFLICT (id) DO UPDATE of every column: the row ends up exactly as derived. */
function upsert(db: Db, table: DerivedTable | 'document_pages'): (...values: unknown[]) => void {
  const cols = COLUMNS[table]
  const sets = cols.filter((c) => c !== 'id').map((c) => `${c} = excluded.${c}`).join(', ')
  const stmt = prepare(db, `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')}) ON CONFLICT (id) DO UPDATE SET ${sets}`)
  return (...values) => {
    stmt.run(...values)
  }
}

/** Marks deleted the project's live rows of a table that are not in `keep` (ids stay: reviews and notes refer to them). */
function retireOthers(db: Db, table: DerivedTable, projectId: string, keep: ReadonlySet<string>): void {
  const live = prepare(db, `SELECT id FROM ${table} WHERE project_id = ? AND deleted = 0`).all(projectId) as { id: string }[]
  const retire = prepare(db, `UPDATE ${table} SET deleted = 1 WHERE id = ?`)
  for (const r of live) if (!keep.has(r.id)) retire.run(r.id)
}

function removePagesOfProject(db: Db, projectId: string): void {
  prepare(db, 'DELETE FROM document_pages WHERE document_id IN (SELECT id FROM package_documents WHERE project_id = ?)').run(projectId)
}

/**
 * Writes the derived rows of a parsed package for a project (plain SQL, inside the caller's transaction): every
 * row as derived, rows of the project that no longer exist marked deleted, page text replaced.
 */
export function writeDerivedRows(db: Db, projectId: string, packageId: string, parsed: ParsedPackage): void {
  const json = (v: unknown) => JSON.stringify(v)

  const lines = new Set<string>()
  const putLine = upsert(db, 'budget_lines')
  parsed.budget.parsed.lines.forEach((line, index) => {
    const id = packageIds.line(projectId, line.id)
    lines.add(id)
    putLine(
      id, projectId, packageId, line.id, line.parentId ? packageIds.line(projectId, line.parentId) : null, line.level, line.numbering, line.name,
      line.spec, line.unit, line.quantity, line.unitPrice, line.amount, line.remark, lineKind(line), line.category, line.sourceRow, index, 0
    )
  })
  retireOthers(db, 'budget_lines', projectId, lines)

  removePagesOfProject(db, projectId)
  const docs = new Set<string>()
  const putDoc = upsert(db, 'package_documents')
  const putPage = upsert(db, 'document_pages')
  const fileByPath = new Map(parsed.files.map((f) => [f.path, f]))
  parsed.documents.forEach((doc, index) => {
    const id = packageIds.document(projectId, doc.path)
    docs.add(id)
    const file = fileByPath.get(doc.path)
    // the table's CHECK knows pdf, docx and other: a .doc is stored as 'other', its text in document_pages
    putDoc(id, projectId, packageId, doc.path, doc.title, doc.role, doc.format === 'doc' ? 'other' : doc.format, doc.pageCount, file?.sha256 ?? '', file?.size ?? 0, index, 0)
    doc.pages.forEach((text, i) => putPage(packageIds.page(id, i + 1), id, i + 1, text))
  })
  retireOthers(db, 'package_documents', projectId, docs)

  const rows = new Set<string>()
  const putRow = upsert(db, 'data_list_rows')
  for (const list of [parsed.dataCatalog, parsed.dataNeeds]) {
    if (!list) continue
    list.list.rows.forEach((row, index) => {
      const id = packageIds.dataRow(projectId, list.list.kind, row.sourceRow)
      rows.add(id)
      putRow(id, projectId, packageId, list.list.kind, row.sourceRow, index, json(row.values), 0)
    })
  }
  retireOthers(db, 'data_list_rows', projectId, rows)

  const findings = new Set<string>()
  const putFinding = upsert(db, 'findings')
  parsed.findings.forEach((f, index) => {
    const id = packageIds.finding(projectId, f.id)
    findings.add(id)
    const cut = f.suggestedCut ? json({ amount: f.suggestedCut.amount, reason: f.suggestedCut.reason }) : null
    const veto = f.veto ? json({ reason: f.veto.reason }) : null
    putFinding(
      id, projectId, packageId, f.id, f.article, f.code, f.severity, f.message, json(storedRefs(projectId, f.refs)), cut, veto, f.ruleSet?.version ?? '',
      f.ruleSet?.digest ?? '', index, 0
    )
  })
  retireOthers(db, 'findings', projectId, findings)
}

/** Removes a project's derived rows (no current package): rows marked deleted, page text dropped. */
export function clearDerivedRows(db: Db, projectId: string): void {
  removePagesOfProject(db, projectId)
  for (const t of ['budget_lines', 'package_documents', 'data_list_rows', 'findings'] as const) retireOthers(db, t, projectId, new Set())
}

export interface DerivationRecord {
  packageId: string | null
  sha256: string
  status: 'derived' | 'missing-files' | 'failed'
  error?: string
  /** The digest of the rule set the rows were derived with (a new rule set derives them again). */
  rulesDigest?: string
  /** The package's budget basis (packages.budget_sheets text) the rows were derived with; '[]' by default. */
  budgetSheets?: string
}

export function recordDerivation(db: Db, projectId: string, r: DerivationRecord): void {
  prepare(
    db,
    `INSERT INTO package_derivations (project_id, package_id, sha256, status, error, updated_at, rules_digest, budget_sheets) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (project_id) DO UPDATE SET package_id = excluded.package_id, sha256 = excluded.sha256, status = excluded.status,
       error = excluded.error, updated_at = excluded.updated_at, rules_digest = excluded.rules_digest, budget_sheets = excluded.budget_sheets`
  ).run(projectId, r.packageId, r.sha256, r.status, r.error ?? '', new Date().toISOString(), r.rulesDigest ?? '', r.budgetSheets ?? '[]')
}

interface DerivationRow {
  project_id: string
  package_id: string | null
  sha256: string
  status: DerivationRecord['status']
  error: string
  rules_digest: string
  budget_sheets: string
}

function derivationRow(db: Db, projectId: string): DerivationRow | undefined {
  return prepare(db, 'SELECT project_id, package_id, sha256, status, error, budget_sheets FROM package_derivations WHERE project_id = ?').get(projectId) as DerivationRow | undefined
}

interface CurrentPackage {
  id: string
  project_id: string
  sha256: string
  source_name: string
  budget_sheets: string
}

/** A project whose derived rows are not those of its current package (or of none). */
export interface StaleProject {
  projectId: string
  /** The package to derive from, or null: remove the derived rows. */
  pkg: CurrentPackage | null
}

/** Projects to derive: a new, replaced or tombstoned package, or files that had not arrived at the last try. */
export function staleProjects(db: Db): StaleProject[] {
  const rows = prepare(
    db,
    `SELECT k.id, k.project_id, k.sha256, k.source_name, k.budget_sheets FROM packages k JOIN projects p ON p.id = k.project_id
     WHERE k.deleted = 0 AND p.deleted = 0 AND NOT EXISTS (SELECT 1 FROM project_versions v WHERE v.package_id = k.id) ORDER BY k.project_id, k.imported_at DESC, k.id DESC`
  ).all() as CurrentPackage[]
  const current = new Map<string, CurrentPackage>()
  for (const r of rows) if (!current.has(r.project_id)) current.set(r.project_id, r)
  const records = new Map((prepare(db, 'SELECT project_id, package_id, sha256, status, error, rules_digest, budget_sheets FROM package_derivations').all() as DerivationRow[]).map((d) => [d.project_id, d]))
  const out: StaleProject[] = []
  for (const [projectId, pkg] of current) {
    const d = records.get(projectId)
    // Derived with another rule set than the meeting's current one (the secretariat imported a new one): again.
    // … or with another budget basis than the one the secretariat chose (budgetBasis.ts).
    const done =
      d && d.package_id === pkg.id && d.sha256 === pkg.sha256 && d.budget_sheets === pkg.budget_sheets && d.status !== 'missing-files' && d.rules_digest === projectRulesDigest(db, projectId)
    if (!done) out.push({ projectId, pkg })
  }
  for (const [projectId, d] of records) if (d.package_id !== null && !current.has(projectId)) out.push({ projectId, pkg: null })
  return out
}

/** What the project page says about the derived rows of the current package. */
export function derivationState(db: Db, projectId: string, pkg: { id: string; sha256: string; budget_sheets?: string } | null | undefined): MaterialsDerivation {
  if (!pkg) return { state: 'none', message: null }
  const d = derivationRow(db, projectId)
  if (d && d.package_id === pkg.id && d.sha256 === pkg.sha256 && (pkg.budget_sheets === undefined || d.budget_sheets === pkg.budget_sheets)) {
    if (d.status === 'derived') return { state: 'ready', message: null }
    if (d.status === 'missing-files') return { state: 'missing-files', message: d.error || MISSING_FILES_MESSAGE }
    return { state: 'failed', message: d.error }
  }
  return { state: 'processing', message: PROCESSING_MESSAGE }
}

function stillCurrent(db: Db, s: StaleProject): boolean {
  const project = prepare(db, 'SELECT deleted FROM projects WHERE id = ?').get(s.projectId) as { deleted: number } | undefined
  const now = project && project.deleted === 0 ? currentPackageRow(db, s.projectId) : undefined
  return s.pkg ? now?.id === s.pkg.id && now.sha256 === s.pkg.sha256 && now.budget_sheets === s.pkg.budget_sheets : !now
}

/** Rows received through sync that waited for a derived parent (a note on a document) are written now. */
function settlePending(db: Db): void {
  const waiting = prepare(db, 'SELECT 1 FROM sync_pending_cells LIMIT 1').get()
  if (waiting) new CellWriter(db, REPLICATED_TABLES as unknown as Registry).settle()
}

export type DeriveOutcome = 'derived' | 'cleared' | 'missing-files' | 'failed' | 'superseded'

/** A stored package's files by path from the blob store, or null while any of them has not arrived (or it has none). */
export function storedPackageFiles(db: Db, blobs: BlobStore, packageId: string): Map<string, Uint8Array> | null {
  const files = prepare(db, 'SELECT path, sha256 FROM package_files WHERE package_id = ? ORDER BY path').all(packageId) as { path: string; sha256: string }[]
  if (files.length === 0 || files.some((f) => !blobs.has(f.sha256))) return null
  return new Map(files.map((f) => [f.path, new Uint8Array(blobs.get(f.sha256))]))
}

/** Derives (or clears) one project's rows from its current package's blobs. */
export async function deriveProject(db: Db, blobs: BlobStore, s: StaleProject, readOptions: Omit<ReadPackageOptions, 'onProgress'> = {}, log?: (message: string, err?: unknown) => void): Promise<DeriveOutcome> {
  const pkg = s.pkg
  const commit = (fn: () => DeriveOutcome): DeriveOutcome => db.sqlite.transaction(() => (stillCurrent(db, s) ? fn() : 'superseded')).immediate()
  if (!pkg) {
    return commit(() => {
      clearDerivedRows(db, s.projectId)
      recordDerivation(db, s.projectId, { packageId: null, sha256: '', status: 'derived' })
      return 'cleared'
    })
  }
  const bytes = storedPackageFiles(db, blobs, pkg.id)
  if (!bytes) {
    return commit(() => {
      clearDerivedRows(db, s.projectId)
      recordDerivation(db, s.projectId, { packageId: pkg.id, sha256: pkg.sha256, status: 'missing-files', error: MISSING_FILES_MESSAGE, budgetSheets: pkg.budget_sheets })
      return 'missing-files'
    })
  }
  let parsed: ParsedPackage
  const rulesDigest = projectRulesDigest(db, s.projectId)
  const failed = (message: string) =>
    commit(() => {
      clearDerivedRows(db, s.projectId)
      recordDerivation(db, s.projectId, { packageId: pkg.id, sha256: pkg.sha256, status: 'failed', error: message, rulesDigest, budgetSheets: pkg.budget_sheets })
      return 'failed'
    })
  const basis = parseBudgetBasis(pkg.budget_sheets)
  if (!basis) return failed(BAD_BASIS_MESSAGE)
  try {
    const rules = projectRules(db, s.projectId)
    const sheets = basis.length ? { budgetSheets: basis } : {}
    parsed = await readPackage({ kind: 'files', label: pkg.source_name || '申报包', files: bytes }, { ...rulesReadOptions(rules), ...sheets, ...readOptions })
  } catch (err) {
    const known = isPackageError(err) || err instanceof ApiError
    const message = known ? `材料无法读取：${err.message}` : '材料无法读取：程序内部错误，已记录日志。'
    if (!known) log?.(`申报包 ${pkg.id} 的材料无法读取`, err)
    return failed(message)
  }
  return commit(() => {
    writeDerivedRows(db, s.projectId, pkg.id, parsed)
    recordDerivation(db, s.projectId, { packageId: pkg.id, sha256: pkg.sha256, status: 'derived', rulesDigest, budgetSheets: pkg.budget_sheets })
    settlePending(db)
    return 'derived'
  })
}

/**
 * Derives packages in the background, one at a time: `request()` after a sync run and at start. A request made
 * while a pass runs makes it look again before it finishes, so the promise covers every change known at the call.
 */
export class PackageDeriver {
  private running: Promise<number> | null = null
  private again = false

  constructor(
    private readonly db: () => Db,
    private readonly blobs: () => BlobStore,
    private readonly log: (message: string, err?: unknown) => void = (m, e) => console.warn(m, e ?? ''),
    private readonly readOptions: Omit<ReadPackageOptions, 'onProgress'> = {}
  ) {}

  /** Derives what is stale; resolves with the number of projects handled. */
  request(): Promise<number> {
    if (this.running) {
      this.again = true
      return this.running
    }
    let stale: StaleProject[]
    try {
      stale = staleProjects(this.db())
    } catch (err) {
      this.log('申报包材料处理失败', err)
      return Promise.resolve(0)
    }
    if (stale.length === 0) return Promise.resolve(0)
    this.running = (async () => {
      let n = 0
      let list = stale
      for (;;) {
        this.again = false
        for (const s of list) {
          await new Promise((r) => setImmediate(r)) // never hold the event loop for a whole pass
          if (!this.db().sqlite.open) return n // the backend closed meanwhile
          try {
            await deriveProject(this.db(), this.blobs(), s, this.readOptions, this.log)
            n++
          } catch (err) {
            this.log(`项目 ${s.projectId} 的申报包材料处理失败`, err)
          }
        }
        if (!this.again) return n
        list = staleProjects(this.db()).filter((s) => !list.some((x) => x.projectId === s.projectId && x.pkg?.id === s.pkg?.id && s.pkg !== null))
      }
    })().finally(() => {
      this.running = null
    })
    return this.running
  }

  /** True while a pass is running. */
  busy(): boolean {
    return this.running !== null
  }
}
