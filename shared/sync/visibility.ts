/**
 * Withheld transactions: what the sync server does not show a device yet (another expert's work before this
 * expert's own accepted submission, another meeting's data, rejected changes of others) travels as stubs that carry
 * only what version vectors need — origin, seq, tx, txEnd — so the device's log stays gap-free without learning
 * who wrote what, where, or when. The device asks for them again (`refetch`) when the server says more projects
 * are unlocked for it. The rules are the server's (server/scope.ts).
 */
import type { Change } from './change'
import { rowOwner } from './ownership'

/** A withheld change as it travels: no author, table, row, column, value or clock. */
export interface WithheldStub {
  origin: string
  seq: number
  tx: number
  txEnd: number
  withheld: true
}

export function stubOf(c: Pick<Change, 'origin' | 'seq' | 'tx' | 'txEnd'>): WithheldStub {
  return { origin: c.origin, seq: c.seq, tx: c.tx, txEnd: c.txEnd, withheld: true }
}

/** A received stub as a change of the device's log (empty fields; it is logged as `withheld` and never applied). */
export function stubChange(s: Pick<Change, 'origin' | 'seq' | 'tx' | 'txEnd'>): Change {
  return { origin: s.origin, seq: s.seq, tx: s.tx, txEnd: s.txEnd, hlc: '', author: '', tbl: '', rowId: '', col: '', value: '', withheld: true }
}

/** A submitted-sheet change: the project it unlocks for its expert. */
export function submissionOf(c: Pick<Change, 'tbl' | 'rowId' | 'col' | 'value'>): { expertId: string; projectId: string } | null {
  if (c.tbl !== 'score_sheets' || c.col !== 'status' || c.value !== '"submitted"') return null
  const owner = rowOwner(c.tbl, c.rowId)
  return owner?.kind === 'expert' && owner.projectId ? { expertId: owner.expertId, projectId: owner.projectId } : null
}
