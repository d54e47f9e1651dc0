/**
 * Merge rules per cell. Each rule is a total order on (value, hlc); a cell holds the greatest accepted write, so
 * replicas that applied the same changes agree whatever the order (max is commutative and idempotent).
 *  - lww: the highest HLC wins.
 *  - status-max: a sheet's status only moves forward, draft < submitted < reopened (then by HLC).
 *  - first-write: the first non-null write wins (lowest HLC): a submitted revision's signed payload is write-once,
 *    and so is a meeting's scoring-started marker.
 */
export type MergeRule = 'lww' | 'status-max' | 'first-write'

export interface CellWrite {
  /** JSON text */
  value: string
  hlc: string
}

const SPECIAL: Record<string, MergeRule> = {
  'score_sheets.status': 'status-max',
  'score_sheets.signed_payload': 'first-write',
  'score_sheets.submitted_at': 'first-write',
  // The first "scoring started" statement (lowest HLC) stands everywhere; it is never taken back.
  'meetings.scoring_marker': 'first-write'
}

export function mergeRule(tbl: string, col: string): MergeRule {
  return SPECIAL[`${tbl}.${col}`] ?? 'lww'
}

export const SHEET_STATUS_RANK: Record<string, number> = { draft: 0, submitted: 1, reopened: 2 }

function statusRank(value: string): number {
  try {
    const v: unknown = JSON.parse(value)
    return typeof v === 'string' ? (SHEET_STATUS_RANK[v] ?? -1) : -1
  } catch {
    return -1
  }
}

/** True when `cand` is greater than `cur` under the cell's rule (so it replaces it). */
export function beats(rule: MergeRule, cand: CellWrite, cur: CellWrite): boolean {
  switch (rule) {
    case 'lww':
      return cand.hlc > cur.hlc
    case 'status-max': {
      const a = statusRank(cand.value)
      const b = statusRank(cur.value)
      return a !== b ? a > b : cand.hlc > cur.hlc
    }
    case 'first-write': {
      const an = cand.value !== 'null'
      const bn = cur.value !== 'null'
      if (an !== bn) return an
      return an ? cand.hlc < cur.hlc : cand.hlc > cur.hlc
    }
  }
}

/** The winning write among several (used by the invariant checks and to recompute a cell). */
export function winner(rule: MergeRule, writes: CellWrite[]): CellWrite | null {
  let best: CellWrite | null = null
  for (const w of writes) if (!best || beats(rule, w, best)) best = w
  return best
}
