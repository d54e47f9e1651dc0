/** Version vectors: per origin, the highest seq a replica holds (it holds every seq below it too). */
export type VersionVector = Record<string, number>

export function vvGet(vv: VersionVector, origin: string): number {
  return Object.prototype.hasOwnProperty.call(vv, origin) ? (vv[origin] as number) : 0
}

/** a ≥ b on every origin. */
export function vvCovers(a: VersionVector, b: VersionVector): boolean {
  return Object.keys(b).every((o) => vvGet(a, o) >= vvGet(b, o))
}

export function vvEqual(a: VersionVector, b: VersionVector): boolean {
  return vvCovers(a, b) && vvCovers(b, a)
}

export function vvMerge(a: VersionVector, b: VersionVector): VersionVector {
  const out: VersionVector = { ...a }
  for (const [o, s] of Object.entries(b)) if (s > vvGet(out, o)) out[o] = s
  return out
}

/** How many changes `have` lacks of `want`. */
export function vvMissing(have: VersionVector, want: VersionVector): number {
  let n = 0
  for (const [o, s] of Object.entries(want)) n += Math.max(0, s - vvGet(have, o))
  return n
}
