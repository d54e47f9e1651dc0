/** Comparing two versions of a proposal package (issue 12): pure functions over what the package reader produced. */
import { diffBudgets, type DiffBudgetInput } from './budgetDiff'
import { diffDocuments, type DiffDocumentInput } from './documentDiff'
import { diffDataList, diffFindings, type DiffDataRow, type DiffFinding } from './listDiff'
import { toFen } from './similarity'
import type { PackageDiff } from './types'

export type * from './types'
export { APPROVAL_LABELS } from './types'
export type { DiffBudgetInput, DiffBudgetLine } from './budgetDiff'
export type { DiffDocumentInput } from './documentDiff'
export type { DiffDataRow, DiffFinding } from './listDiff'
export { diffBudgets } from './budgetDiff'
export { diffDocument, diffDocuments } from './documentDiff'
export { diffDataList, diffFindings } from './listDiff'
export { formatPackageDiff } from './format'
export { matchResponses, opinionPoints, parseResponseRows, parseResponseText, type ChecklistMatch, type OpinionPoint, type ResponseItem } from './checklist'

export interface DiffPackageInput {
  name: string
  sha256: string
  /** The digest the package says it revises (manifest `revises`). */
  revises: string | null
  documents: readonly DiffDocumentInput[]
  budget: DiffBudgetInput
  dataCatalog: readonly DiffDataRow[] | null
  dataNeeds: readonly DiffDataRow[] | null
  findings: readonly DiffFinding[]
}

/** Everything that changed from `a` (the reviewed version) to `b`; `approved` maps a's line ids to 核定 amounts (万元). */
export function diffPackages(a: DiffPackageInput, b: DiffPackageInput, approved?: ReadonlyMap<string, number>): PackageDiff {
  return {
    format: 'paneldesk.package-diff/1',
    old: { name: a.name, sha256: a.sha256, declaredFen: toFen(a.budget.declaredInvestment) ?? 0 },
    new: { name: b.name, sha256: b.sha256, declaredFen: toFen(b.budget.declaredInvestment) ?? 0, revises: b.revises },
    revisesOld: b.revises === null ? null : b.revises === a.sha256,
    documents: diffDocuments(a.documents, b.documents),
    budget: diffBudgets(a.budget, b.budget, approved),
    dataLists: [diffDataList('dataCatalog', a.dataCatalog, b.dataCatalog), diffDataList('dataNeeds', a.dataNeeds, b.dataNeeds)].filter((l) => l.oldCount + l.newCount > 0),
    findings: diffFindings(a.findings, b.findings)
  }
}
