/** Merging the unmatched old items of a comparison into the new order (after the new item matched to the old item before them). */

/**
 * Positions for a side-by-side list: every new item in its order, and each old item without a match placed right
 * after the new item matched to the nearest old item before it (or first). `matchOfOld[i]` is the new index of old
 * item i, or null.
 */
export function interleave(newCount: number, matchOfOld: readonly (number | null)[]): { old: number | null; new: number | null }[] {
  const removedAfter = new Map<number, number[]>()
  let anchor = -1
  matchOfOld.forEach((m, i) => {
    if (m !== null) anchor = m
    else {
      const list = removedAfter.get(anchor) ?? []
      list.push(i)
      removedAfter.set(anchor, list)
    }
  })
  const newToOld = new Map<number, number>()
  matchOfOld.forEach((m, i) => {
    if (m !== null) newToOld.set(m, i)
  })
  const out: { old: number | null; new: number | null }[] = []
  for (const i of removedAfter.get(-1) ?? []) out.push({ old: i, new: null })
  for (let j = 0; j < newCount; j++) {
    out.push({ old: newToOld.get(j) ?? null, new: j })
    for (const i of removedAfter.get(j) ?? []) out.push({ old: i, new: null })
  }
  return out
}
