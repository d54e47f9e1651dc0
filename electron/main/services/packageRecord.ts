/**
 * The replicated record of an imported package (the packages row and its files) and the staging of its files in the
 * blob store around the one transaction: shared by a new import (packageImport.ts) and a 修改稿 (projectVersions.ts).
 */
import { createHash } from 'node:crypto'
import type { ImportStage } from '../../../shared/domain/packages/importProgress'
import type { BlobStaging, BlobStore } from '../blobs/store'
import type { ChangeWriter } from '../db/changeWriter'
import type { ParsedPackage } from '../packages'
import { packageIds } from './packageDerive'

/** The package's digest: the archive's SHA-256, or for a folder a digest over its files' paths and digests. */
export function packageDigest(parsed: ParsedPackage): string {
  if (parsed.source.sha256) return parsed.source.sha256
  const h = createHash('sha256')
  for (const f of parsed.files) h.update(`${f.path}\0${f.sha256}\n`)
  return h.digest('hex')
}

/** Writes the replicated rows of a parsed package (inside the caller's writeChanges): the packages row and its files. */
export function writePackageRecord(w: ChangeWriter, projectId: string, packageId: string, parsed: ParsedPackage, sourceName: string, digest: string, size: number): void {
  const m = parsed.manifest
  const listMeta = (l: ParsedPackage['dataCatalog']) =>
    l ? { path: l.path, sheetName: l.list.sheetName, columns: l.list.columns, missingColumns: l.list.missingColumns } : null
  w.write('packages', packageId, {
    project_id: projectId,
    sha256: digest,
    size,
    source_name: sourceName,
    format: m.format,
    manifest: m as unknown as Record<string, unknown>,
    imported_at: new Date().toISOString(),
    budget_path: parsed.budget.path,
    budget_format: parsed.budget.format,
    budget_unit: parsed.budget.sourceUnit,
    budget_sheet: parsed.budget.parsed.sheetName,
    budget_notes: parsed.budget.parsed.notes,
    computed_total: parsed.budget.parsed.computedTotal,
    sheet_total: parsed.budget.parsed.sheetTotal,
    declared_total: m.project.declaredInvestment,
    data_catalog: listMeta(parsed.dataCatalog),
    data_needs: listMeta(parsed.dataNeeds),
    deleted: false
  })
  for (const f of parsed.files) {
    w.write('package_files', packageIds.file(packageId, f.path), { package_id: packageId, path: f.path, size: f.size, sha256: f.sha256 })
  }
}

export type ImportReporter = (stage: ImportStage, done: number, total: number, file?: string) => void

/**
 * Stages the package's files in the blob store, runs `commit` (one transaction), and only then promotes the files;
 * when anything before the commit fails, the staged files are discarded.
 */
export function stageAndCommit(blobs: BlobStore, parsed: ParsedPackage, report: ImportReporter, commit: () => void): void {
  const staging: BlobStaging = blobs.staging()
  let committed = false
  try {
    parsed.files.forEach((f, i) => {
      report('store', i, parsed.files.length, f.path)
      staging.stage(f.bytes)
    })
    report('commit', 0, 1)
    commit()
    committed = true
    // Committed: the files may now reach their final place. (Should this fail, recoverPackageBlobs finishes it.)
    staging.promote()
  } catch (err) {
    if (!committed) staging.discard()
    throw err
  }
}
