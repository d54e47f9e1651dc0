/**
 * Sealed units (seal.ts): how a stream of one origin's whole transactions is cut into units, on the device that
 * seals its own log and on every replica that receives it.
 *
 * A unit is a run of consecutive transactions of one origin with one author and one *scope* (whose data it is:
 * the secretariat's, or one expert's for one project or for no project), at most UNIT_MAX_CHANGES changes unless a
 * single transaction is larger. Cutting by scope lets the sync server withhold a unit whole (another expert's
 * sheet for a project) while the device still verifies every unit it does receive.
 */
import type { Change } from './change'
import { rowOwner } from './ownership'

export const UNIT_MAX_CHANGES = 4000

/**
 * The panel_opinions rows a transaction signs: it writes a non-null `signed_payload` for them (the 组长 signing the
 * 专家组评审意见). Drafts and edits that return the opinion to a draft are not in it.
 */
export function signedPanelOpinionRows(tx: readonly Change[]): Set<string> {
  const rows = new Set<string>()
  for (const c of tx) if (c.tbl === 'panel_opinions' && c.col === 'signed_payload' && c.value !== 'null') rows.add(c.rowId)
  return rows
}

/**
 * Whose data a transaction writes: 'S' (secretariat rows), 'P:<expert>' (an expert's public rows: signatures over
 * content the secretariat published), 'O:<expert>:<project>' (the 组长 signing the 专家组评审意见: released to the
 * named re-reviewers too, so it is its own scope, never in a unit or content key with the 组长's sheet or drafts),
 * 'E:<expert>:<project|->' per other expert row; sorted.
 */
export function scopeKey(tx: readonly Change[]): string {
  const keys = new Set<string>()
  let signed: Set<string> | undefined
  for (const c of tx) {
    const o = rowOwner(c.tbl, c.rowId)
    if (o?.kind === 'expert' && c.tbl === 'panel_opinions' && (signed ??= signedPanelOpinionRows(tx)).has(c.rowId)) keys.add(`O:${o.expertId}:${o.projectId ?? '-'}`)
    else keys.add(!o ? '?' : o.kind === 'secretariat' ? 'S' : o.public ? `P:${o.expertId}` : `E:${o.expertId}:${o.projectId ?? '-'}`)
  }
  return [...keys].sort().join('|')
}

/**
 * `isPlainScope(scopeKey(tx))` without building the scope: false at the first change that is neither the
 * secretariat's nor an expert's public row (a signed 组长 opinion counts as not public, as in scopeKey). The folder
 * export asks it of every unit; an expert's unit is answered at its first change instead of after all of them.
 */
export function isPlainUnit(tx: readonly Change[]): boolean {
  if (tx.length === 0) return false
  let signed: Set<string> | undefined
  for (const c of tx) {
    const o = rowOwner(c.tbl, c.rowId)
    if (!o) return false
    if (o.kind === 'secretariat') continue
    if (!o.public || (c.tbl === 'panel_opinions' && (signed ??= signedPanelOpinionRows(tx)).has(c.rowId))) return false
  }
  return true
}

/** Whether a unit of this scope goes into the folder in plaintext: the secretariat's, or an expert's public rows only. */
export function isPlainScope(scope: string): boolean {
  return scope !== '' && scope.split('|').every((k) => k === 'S' || k.startsWith('P:'))
}

/** Groups whole transactions (seq order, one origin) into runs to seal: same author, same scope, bounded size. */
export function unitsToSeal(txs: readonly Change[][]): Change[][][] {
  const out: Change[][][] = []
  let cur: Change[][] = []
  let curKey = ''
  let size = 0
  for (const tx of txs) {
    const first = tx[0] as Change
    const key = `${first.author}\u0000${scopeKey(tx)}`
    if (cur.length > 0 && (key !== curKey || size + tx.length > UNIT_MAX_CHANGES)) {
      out.push(cur)
      cur = []
      size = 0
    }
    cur.push(tx)
    curKey = key
    size += tx.length
  }
  if (cur.length) out.push(cur)
  return out
}

export type Piece = { kind: 'unit'; txs: Change[][]; changes: Change[]; seal: string } | { kind: 'stub'; tx: Change[] }

/**
 * Cuts received whole transactions of one origin (seq order, contiguous) into sealed units and withheld stubs.
 * `rest` is what cannot be taken yet: transactions whose seal has not arrived (a later page), or a unit broken by
 * a stub (never made by an honest relay).
 */
export function cutPieces(txs: readonly Change[][]): { pieces: Piece[]; rest: Change[][] } {
  const pieces: Piece[] = []
  let cur: Change[][] = []
  for (let i = 0; i < txs.length; i++) {
    const tx = txs[i] as Change[]
    if (tx.some((c) => c.withheld)) {
      if (cur.length) return { pieces, rest: txs.slice(i - cur.length) }
      pieces.push({ kind: 'stub', tx })
      continue
    }
    cur.push(tx)
    const seal = (tx[tx.length - 1] as Change).seal
    if (seal) {
      pieces.push({ kind: 'unit', txs: cur, changes: cur.flat(), seal })
      cur = []
    }
  }
  return { pieces, rest: cur }
}
