/** Byte arrays joined into one. */

export function concatBytes(pieces: readonly Uint8Array[]): Uint8Array {
  let size = 0
  for (const p of pieces) size += p.length
  const all = new Uint8Array(size)
  let o = 0
  for (const p of pieces) {
    all.set(p, o)
    o += p.length
  }
  return all
}
