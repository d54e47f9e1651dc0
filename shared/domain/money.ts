/**
 * Money as integer 分. Amounts are shown and stored in 万元 (1 万元 = 1,000,000 分); every sum, difference and
 * rate-based amount is computed on integer 分 and turned back into 万元 only at the end, by one division of an
 * integer by 10^6. That division gives the double nearest to the exact decimal, which prints with at most six
 * decimals (418.04, never 418.03999999999996).
 */
export const FEN_PER_WAN = 1_000_000
export const FEN_PER_YUAN = 100

/** 万元 (as read from a sheet or typed) to integer 分, rounded half away from zero. */
export function wanToFen(wan: number): number {
  const fen = Math.round(Math.abs(wan) * FEN_PER_WAN)
  return wan < 0 ? -fen : fen
}

/** 元 to integer 分. */
export function yuanToFen(yuan: number): number {
  const fen = Math.round(Math.abs(yuan) * FEN_PER_YUAN)
  return yuan < 0 ? -fen : fen
}

/** Integer 分 to 万元 with no binary noise. */
export function fenToWan(fen: number): number {
  return fen / FEN_PER_WAN
}

/** A 万元 amount snapped to whole 分 (what any amount this program prints or stores should be). */
export function exactWan(wan: number): number {
  return fenToWan(wanToFen(wan))
}

export function sumFen(values: Iterable<number>): number {
  let s = 0
  for (const v of values) s += v
  return s
}

/** Sum of 万元 amounts, exactly (each snapped to 分 first). */
export function sumWan(values: Iterable<number | null | undefined>): number {
  let s = 0
  for (const v of values) if (v !== null && v !== undefined) s += wanToFen(v)
  return fenToWan(s)
}

/** `fen × rate`, rounded to whole 分 (a fee that is a rate of a base). */
export function fenTimes(fen: number, rate: number): number {
  return Math.round(fen * rate)
}

/** True when a number printed by JSON.stringify shows binary noise (more than six decimals). */
export function hasFloatNoise(value: number): boolean {
  if (!Number.isFinite(value) || Number.isInteger(value)) return false
  const text = String(value)
  if (text.includes('e')) return true
  return (text.split('.')[1]?.length ?? 0) > 6
}

/** Every number anywhere in a JSON-able value that prints with binary noise, with its path (for tests and benches). */
export function noisyNumbers(value: unknown, path = '$'): string[] {
  if (typeof value === 'number') return hasFloatNoise(value) ? [`${path} = ${value}`] : []
  if (Array.isArray(value)) return value.flatMap((v, i) => noisyNumbers(v, `${path}[${i}]`))
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => noisyNumbers(v, `${path}.${k}`))
  return []
}
