/** A read package (readPackage) as the input of the version comparison (shared/domain/revision). */
import type { DiffPackageInput } from '../../../shared/domain/revision'
import type { ParsedPackage } from './readPackage'

/** `sha256` overrides the package's own digest (a folder has none; the app passes the stored one). */
export function diffInputOf(parsed: ParsedPackage, sha256?: string): DiffPackageInput {
  const lineNames = new Map(parsed.budget.parsed.lines.map((l) => [l.id, l.name]))
  return {
    name: parsed.manifest.project.name,
    sha256: sha256 ?? parsed.source.sha256 ?? '',
    revises: parsed.manifest.revises ?? null,
    documents: parsed.documents.map((d) => ({ path: d.path, title: d.title, role: d.role, pages: d.pages, paged: d.format === 'pdf' })),
    budget: {
      lines: parsed.budget.parsed.lines,
      computedTotal: parsed.budget.parsed.computedTotal,
      sheetTotal: parsed.budget.parsed.sheetTotal,
      declaredInvestment: parsed.manifest.project.declaredInvestment
    },
    dataCatalog: parsed.dataCatalog?.list.rows ?? null,
    dataNeeds: parsed.dataNeeds?.list.rows ?? null,
    findings: parsed.findings.map((f) => ({
      code: f.code,
      article: f.article,
      severity: f.severity,
      message: f.message,
      targets: f.refs.map((r) => (r.kind === 'budgetLine' ? (lineNames.get(r.lineId) ?? r.lineId) : r.documentPath))
    }))
  }
}
