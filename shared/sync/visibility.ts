/**
 * What the sync server shows an expert's device: never another expert's sheet (or its scores, opinions, budget
 * review, 回避 declaration) for a project before this expert has submitted their own sheet for it. A transaction
 * is shown or withheld as a whole; a withheld one travels as a stub (no values) so version vectors still advance,
 * and the device asks for it again once its own submission is in.
 */
import type { Change } from './change'
import { SECRETARIAT_AUTHOR, rowOwner } from './ownership'

/** The project an expert may not see yet because of this change, or null when the change is visible. */
export function hiddenProject(viewer: string, c: Pick<Change, 'tbl' | 'rowId'>, submittedProjects: ReadonlySet<string>): string | null {
  if (viewer === SECRETARIAT_AUTHOR) return null
  const owner = rowOwner(c.tbl, c.rowId)
  if (!owner || owner.kind !== 'expert' || owner.expertId === viewer || owner.projectId === null) return null
  return submittedProjects.has(owner.projectId) ? null : owner.projectId
}

export function isTransactionVisible(viewer: string, tx: readonly Change[], submittedProjects: ReadonlySet<string>): boolean {
  return tx.every((c) => hiddenProject(viewer, c, submittedProjects) === null)
}

export function stubOf(c: Change): Change {
  return { ...c, value: '', withheld: true }
}

/** A submitted-sheet change: the project it unlocks for its expert. */
export function submissionOf(c: Pick<Change, 'tbl' | 'rowId' | 'col' | 'value'>): { expertId: string; projectId: string } | null {
  if (c.tbl !== 'score_sheets' || c.col !== 'status' || c.value !== '"submitted"') return null
  const owner = rowOwner(c.tbl, c.rowId)
  return owner?.kind === 'expert' && owner.projectId ? { expertId: owner.expertId, projectId: owner.projectId } : null
}
