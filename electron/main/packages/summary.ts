import type { WorkbookSheetInfo } from '../../../shared/domain/budget/workbook'
import type { Finding } from '../../../shared/domain/compliance/types'
import type { ParsedPackage } from './readPackage'

/** The JSON object `paneldesk package inspect --json` prints (amounts in 万元). */
export interface PackageInspection {
  project: ParsedPackage['manifest']['project']
  source: ParsedPackage['source']
  files: { path: string; size: number; sha256: string }[]
  budget: {
    path: string
    /** The unit the sheet was written in; all amounts here are 万元. */
    unit: '万元' | '元'
    /** The sheet(s) read as the budget detail. */
    sheet: string
    /** Every sheet of the workbook with its role (明细 read, 汇总, 说明 ignored…). */
    sheets: WorkbookSheetInfo[]
    lineCount: number
    computedTotal: number
    sheetTotal: number | null
    declaredTotal: number
  }
  dataCatalog: { path: string; rowCount: number; missingColumns: string[] } | null
  dataNeeds: { path: string; rowCount: number; missingColumns: string[] } | null
  documents: { path: string; title: string; role: string; format: string; pageCount: number | null }[]
  findings: Finding[]
}

export function inspectPackage(parsed: ParsedPackage): PackageInspection {
  const list = (l: ParsedPackage['dataCatalog']) =>
    l ? { path: l.path, rowCount: l.list.rows.length, missingColumns: l.list.missingColumns } : null
  return {
    project: parsed.manifest.project,
    source: parsed.source,
    files: parsed.files.map(({ path, size, sha256 }) => ({ path, size, sha256 })),
    budget: {
      path: parsed.budget.path,
      unit: parsed.budget.sourceUnit,
      sheet: parsed.budget.parsed.sheetName,
      sheets: parsed.budget.sheets,
      lineCount: parsed.budget.parsed.lines.length,
      computedTotal: parsed.budget.parsed.computedTotal,
      sheetTotal: parsed.budget.parsed.sheetTotal,
      declaredTotal: parsed.manifest.project.declaredInvestment
    },
    dataCatalog: list(parsed.dataCatalog),
    dataNeeds: list(parsed.dataNeeds),
    documents: parsed.documents.map(({ path, title, role, format, pageCount }) => ({ path, title, role, format, pageCount })),
    findings: parsed.findings
  }
}
