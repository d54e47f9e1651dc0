/**
 * The change format: one field change of one replicated transaction, as stored in change_log and as sent on
 * every transport. `value` is the typed JSON text exactly as the writer logged it.
 */
import { z } from 'zod'

export interface Change {
  /** The database that made the change (kept when the change is relayed). */
  origin: string
  /** Gap-free per origin, from 1. */
  seq: number
  /** seq of the first change of its transaction. */
  tx: number
  /** seq of the last change of its transaction: a receiver applies a transaction only when it has all of it. */
  txEnd: number
  hlc: string
  /** 'secretariat' or an expert id. */
  author: string
  tbl: string
  rowId: string
  col: string
  /** JSON text; '' in a withheld stub. */
  value: string
  /** Set by the sync server on a change it does not show this device yet (the value is left out). */
  withheld?: true
  /** On the last change of a sealed unit: the unit's signed seal (JSON text, shared/sync/seal.ts). */
  seal?: string
}

/** Status of a change in a replica's log. */
export type ChangeStatus = 'applied' | 'rejected' | 'held' | 'deferred' | 'withheld'

const HLC_RE = /^[0-9a-f]{12}-[0-9a-f]{4}-.{1,80}$/

export const changeSchema = z
  .object({
    origin: z.string().min(1).max(80),
    seq: z.number().int().min(1).max(2 ** 50),
    tx: z.number().int().min(1).max(2 ** 50),
    txEnd: z.number().int().min(1).max(2 ** 50),
    hlc: z.string().regex(HLC_RE),
    author: z.string().min(1).max(200),
    tbl: z.string().min(1).max(80),
    rowId: z.string().min(1).max(1000),
    col: z.string().min(1).max(80),
    value: z.string().max(16 * 1024 * 1024),
    withheld: z.literal(true).optional(),
    seal: z.string().max(8000).optional()
  })
  .strict()
  .refine((c) => c.tx <= c.seq && c.seq <= c.txEnd, { message: 'seq outside its transaction' })

const CHANGE_KEYS = new Set(['origin', 'seq', 'tx', 'txEnd', 'hlc', 'author', 'tbl', 'rowId', 'col', 'value', 'withheld', 'seal'])
const isSeq = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 1 && n <= 2 ** 50
const isText = (s: unknown, min: number, max: number): s is string => typeof s === 'string' && s.length >= min && s.length <= max

/**
 * Whether `x` passes `changeSchema`, checked by hand (no copies): a page of thousands of changes is checked in a
 * fraction of the time. It accepts nothing the schema refuses (tested on random and mutated input), so callers may
 * take a value it accepts as is, and ask the schema about anything else.
 */
export function isPlainChange(x: unknown): x is Change {
  if (typeof x !== 'object' || x === null || Array.isArray(x) || Object.getPrototypeOf(x) !== Object.prototype) return false
  for (const k of Object.keys(x)) if (!CHANGE_KEYS.has(k)) return false
  const c = x as Record<string, unknown>
  if (!isText(c.origin, 1, 80) || !isSeq(c.seq) || !isSeq(c.tx) || !isSeq(c.txEnd)) return false
  if (typeof c.hlc !== 'string' || !HLC_RE.test(c.hlc)) return false
  if (!isText(c.author, 1, 200) || !isText(c.tbl, 1, 80) || !isText(c.rowId, 1, 1000) || !isText(c.col, 1, 80) || !isText(c.value, 0, 16 * 1024 * 1024)) return false
  if ('withheld' in c && c.withheld !== true) return false
  if ('seal' in c && !isText(c.seal, 0, 8000)) return false
  return c.tx <= c.seq && c.seq <= c.txEnd
}

/** Approximate wire size of a change (for pages near 1 MB). */
export function changeSize(c: Change): number {
  return 120 + (c.seal?.length ?? 0) + c.origin.length + c.hlc.length + c.author.length + c.tbl.length + c.rowId.length + c.col.length + c.value.length
}

/** A key that identifies a change everywhere. */
export const changeKey = (c: Pick<Change, 'origin' | 'seq'>): string => `${c.origin}#${c.seq}`

/** Two copies of the same (origin, seq) that differ: the sign of a copied database (a fork of one origin). */
export function sameChange(a: Change, b: Change): boolean {
  return a.hlc === b.hlc && a.tbl === b.tbl && a.rowId === b.rowId && a.col === b.col && a.author === b.author && a.tx === b.tx
}

/** Groups changes of one origin, sorted by seq, into transactions; drops nothing. */
export function groupTransactions(sorted: Change[]): Change[][] {
  const out: Change[][] = []
  let cur: Change[] = []
  for (const c of sorted) {
    if (cur.length > 0 && (cur[0] as Change).tx !== c.tx) {
      out.push(cur)
      cur = []
    }
    cur.push(c)
  }
  if (cur.length) out.push(cur)
  return out
}

/** True when `tx` holds exactly seqs tx..txEnd, consistently labelled. */
export function isCompleteTransaction(tx: Change[]): boolean {
  const first = tx[0]
  if (!first || first.seq !== first.tx) return false
  for (let i = 0; i < tx.length; i++) {
    const c = tx[i] as Change
    if (c.tx !== first.tx || c.txEnd !== first.txEnd || c.origin !== first.origin || c.seq !== first.tx + i) return false
  }
  return (tx[tx.length - 1] as Change).seq === first.txEnd
}
