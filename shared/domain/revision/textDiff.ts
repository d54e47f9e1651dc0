/**
 * Line diff (Myers' O((N+M)·D) greedy algorithm) with a bound on the number of edits: past `maxEdits` the two texts
 * are reported as rewritten (everything removed and added) instead of spending quadratic time and memory on them.
 */

export type LineOp = { op: 'same' | 'add' | 'remove'; oldIndex: number | null; newIndex: number | null }

export interface LineDiffResult {
  ops: LineOp[]
  /** True when the edit bound was reached: ops then remove every old line and add every new one. */
  rewritten: boolean
}

export const DEFAULT_MAX_EDITS = 2000

function rewrite(n: number, m: number): LineDiffResult {
  const ops: LineOp[] = []
  for (let i = 0; i < n; i++) ops.push({ op: 'remove', oldIndex: i, newIndex: null })
  for (let j = 0; j < m; j++) ops.push({ op: 'add', oldIndex: null, newIndex: j })
  return { ops, rewritten: true }
}

/** The shortest edit script from `a` to `b` (compared with ===), or a rewrite past `maxEdits` edits. */
export function diffLines(a: readonly string[], b: readonly string[], maxEdits = DEFAULT_MAX_EDITS): LineDiffResult {
  const ops = shortestEdit(a, b, maxEdits)
  return ops ? { ops, rewritten: false } : rewrite(a.length, b.length)
}

/** The shortest edit script from `a` to `b`, or null when it needs more than `maxEdits` edits. */
export function shortestEdit(a: readonly string[], b: readonly string[], maxEdits: number): LineOp[] | null {
  const n = a.length
  const m = b.length
  // Common prefix and suffix first: most revisions touch a few places.
  let start = 0
  while (start < n && start < m && a[start] === b[start]) start++
  let endA = n
  let endB = m
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--
    endB--
  }
  const head: LineOp[] = []
  for (let i = 0; i < start; i++) head.push({ op: 'same', oldIndex: i, newIndex: i })
  const tail: LineOp[] = []
  for (let i = endA, j = endB; i < n; i++, j++) tail.push({ op: 'same', oldIndex: i, newIndex: j })
  const middle = myers(a, b, start, endA, start, endB, maxEdits)
  return middle ? [...head, ...middle, ...tail] : null
}

function myers(a: readonly string[], b: readonly string[], a0: number, a1: number, b0: number, b1: number, maxEdits: number): LineOp[] | null {
  const n = a1 - a0
  const m = b1 - b0
  const max = Math.min(n + m, maxEdits)
  const offset = max + 1
  const v = new Int32Array(2 * max + 3)
  const trace: Int32Array[] = []
  let found = -1
  for (let d = 0; d <= max && found < 0; d++) {
    trace.push(v.slice())
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && (v[offset + k - 1] as number) < (v[offset + k + 1] as number)) ? (v[offset + k + 1] as number) : (v[offset + k - 1] as number) + 1
      let y = x - k
      while (x < n && y < m && a[a0 + x] === b[b0 + y]) {
        x++
        y++
      }
      v[offset + k] = x
      if (x >= n && y >= m) {
        found = d
        break
      }
    }
  }
  if (found < 0) return null
  // Walk back through the saved frontiers.
  const ops: LineOp[] = []
  let x = n
  let y = m
  for (let d = found; d > 0; d--) {
    const prev = trace[d] as Int32Array
    const k = x - y
    const down = k === -d || (k !== d && (prev[offset + k - 1] as number) < (prev[offset + k + 1] as number))
    const prevK = down ? k + 1 : k - 1
    const prevX = prev[offset + prevK] as number
    const prevY = prevX - prevK
    while (x > prevX && y > prevY) {
      x--
      y--
      ops.push({ op: 'same', oldIndex: a0 + x, newIndex: b0 + y })
    }
    if (down) {
      y--
      ops.push({ op: 'add', oldIndex: null, newIndex: b0 + y })
    } else {
      x--
      ops.push({ op: 'remove', oldIndex: a0 + x, newIndex: null })
    }
  }
  while (x > 0 && y > 0) {
    x--
    y--
    ops.push({ op: 'same', oldIndex: a0 + x, newIndex: b0 + y })
  }
  return ops.reverse()
}
