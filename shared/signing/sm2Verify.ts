/**
 * SM2 signature verification (GB/T 32918.2 §7) with the curve arithmetic done here: s·G + t·P_A computed in Jacobian
 * coordinates by one comb over two precomputed affine tables — G's built once per process, one per public key (cached
 * by the caller, sm.ts) — so a check is 31 doublings and at most 64 mixed additions (8 multiplications and
 * 3 squarings each), and no inversion: x1 is compared as X = x·Z² (its candidates are r − e and r − e + n). sm-crypto-v2 does each of
 * the two multiplications with complete projective formulas (about 18 field multiplications an addition) in constant
 * time, normalising each result and then the sum (three inversions). Everything here is public (the key, the message
 * and the signature), so nothing needs to run in constant time.
 *
 * Same answers as sm-crypto-v2's doVerifySignature for every signature in canonical DER (tested against it and
 * against sm-crypto); sm.ts sends anything else (a DER it cannot parse strictly) to sm-crypto-v2 as before.
 */

/** The SM2 prime p = 2^256 − 2^224 − 2^96 + 2^64 − 1, the group order n and the curve y² = x³ − 3x + b. */
const P = 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn
const N = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n
const B = 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n
const GX = 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n
const GY = 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n

const mul = (a: bigint, b: bigint): bigint => (a * b) % P
const sub = (a: bigint, b: bigint): bigint => (a >= b ? a - b : a - b + P)
const add = (a: bigint, b: bigint): bigint => {
  const c = a + b
  return c >= P ? c - P : c
}

function inv(a: bigint): bigint {
  // Fermat: a^(p−2); used a few times per table only.
  let result = 1n
  let base = a % P
  let e = P - 2n
  while (e > 0n) {
    if (e & 1n) result = mul(result, base)
    base = mul(base, base)
    e >>= 1n
  }
  return result
}

/** Whether (x, y) lies on the curve (coordinates already in [0, p)). */
export function onCurve(x: bigint, y: bigint): boolean {
  if (x < 0n || x >= P || y < 0n || y >= P) return false
  return mul(y, y) === add(sub(mul(mul(x, x), x), mul(3n, x)), B)
}

/** A point in Jacobian coordinates (x = X/Z², y = Y/Z³); Z = 0 is the point at infinity. Mutated in place. */
export interface Jacobian {
  X: bigint
  Y: bigint
  Z: bigint
}

/** 2·p in place (a = −3: dbl-2001-b, 3M + 5S). */
function double(p: Jacobian): void {
  if (p.Z === 0n || p.Y === 0n) {
    p.Z = 0n
    return
  }
  const delta = mul(p.Z, p.Z)
  const gamma = mul(p.Y, p.Y)
  const beta = mul(p.X, gamma)
  const alpha = mul(3n, mul(sub(p.X, delta), add(p.X, delta)))
  const beta4 = mul(4n, beta)
  const X3 = sub(mul(alpha, alpha), add(beta4, beta4))
  const Z3 = sub(sub(mul(add(p.Y, p.Z), add(p.Y, p.Z)), gamma), delta)
  const gamma2 = mul(gamma, gamma)
  p.Y = sub(mul(alpha, sub(beta4, X3)), mul(8n, gamma2))
  p.X = X3
  p.Z = Z3
}

/** p + (x2, y2) in place, (x2, y2) affine and not at infinity (8M + 3S; doubling when they are the same point). */
function addAffine(p: Jacobian, x2: bigint, y2: bigint): void {
  if (p.Z === 0n) {
    p.X = x2
    p.Y = y2
    p.Z = 1n
    return
  }
  const z1z1 = mul(p.Z, p.Z)
  const h = sub(mul(x2, z1z1), p.X)
  const r = sub(mul(y2, mul(p.Z, z1z1)), p.Y)
  if (h === 0n) {
    if (r === 0n) double(p)
    else p.Z = 0n
    return
  }
  const hh = mul(h, h)
  const hhh = mul(h, hh)
  const v = mul(p.X, hh)
  const X3 = sub(sub(mul(r, r), hhh), add(v, v))
  p.Y = sub(mul(r, sub(v, X3)), mul(p.Y, hhh))
  p.X = X3
  p.Z = mul(p.Z, h)
}

/**
 * A comb table of a point Q (Lim–Lee, 8 teeth 32 bits apart): for idx in 1 … 255, the affine point
 * Σ_j bit_j(idx)·2^(32·j)·Q at xs[idx − 1], ys[idx − 1]. With the same comb for G and for the key, s·G + t·P_A shares
 * its 31 doublings and takes at most 64 additions. No entry is at infinity: Q has prime order n and each entry is a
 * multiple of Q by a sum of distinct powers 2^(32·j), which is below n.
 */
export interface PointTable {
  xs: bigint[]
  ys: bigint[]
}

const TEETH = 8
const SPACING = 32

/** Affine coordinates of Jacobian points (none at infinity), with one inversion (Montgomery's trick). */
function toAffineAll(points: Jacobian[]): PointTable {
  const prefix: bigint[] = new Array<bigint>(points.length)
  let acc = 1n
  for (let i = 0; i < points.length; i++) {
    prefix[i] = acc
    acc = mul(acc, (points[i] as Jacobian).Z)
  }
  let invAcc = inv(acc)
  const xs: bigint[] = new Array<bigint>(points.length)
  const ys: bigint[] = new Array<bigint>(points.length)
  for (let i = points.length - 1; i >= 0; i--) {
    const p = points[i] as Jacobian
    const zInv = mul(invAcc, prefix[i] as bigint)
    invAcc = mul(invAcc, p.Z)
    const zInv2 = mul(zInv, zInv)
    xs[i] = mul(p.X, zInv2)
    ys[i] = mul(p.Y, mul(zInv2, zInv))
  }
  return { xs, ys }
}

/** The comb table of the affine point (x, y), which must lie on the curve (so it has order n). */
export function pointTable(x: bigint, y: bigint): PointTable {
  const bases: Jacobian[] = []
  const cur: Jacobian = { X: x, Y: y, Z: 1n }
  for (let j = 0; j < TEETH; j++) {
    bases.push({ ...cur })
    for (let k = 0; k < SPACING; k++) double(cur)
  }
  const base = toAffineAll(bases)
  const all: Jacobian[] = [{ X: 0n, Y: 0n, Z: 0n }]
  for (let j = 0; j < TEETH; j++) {
    const bx = base.xs[j] as bigint
    const by = base.ys[j] as bigint
    for (let rest = 0; rest < 1 << j; rest++) {
      const p: Jacobian = { ...(all[rest] as Jacobian) }
      addAffine(p, bx, by)
      all.push(p)
    }
  }
  return toAffineAll(all.slice(1))
}

/** The 8 32-bit words of a scalar in [0, 2^256), least significant first. */
function words(k: bigint): number[] {
  const hex = k.toString(16).padStart(64, '0')
  const out: number[] = []
  for (let j = 0; j < TEETH; j++) out.push(parseInt(hex.slice(64 - 8 * (j + 1), 64 - 8 * j), 16))
  return out
}

/** The comb index of column c: bit c of each word, word j as bit j. */
function column(w: number[], c: number): number {
  let idx = 0
  for (let j = 0; j < TEETH; j++) idx |= ((((w[j] as number) >>> c) & 1) << j)
  return idx
}

let gTable: PointTable | null = null

/** The table of an uncompressed public key (130 hex chars, 04 ‖ x ‖ y), or null when it is not a point of the curve. */
export function publicKeyTable(publicKey: string): PointTable | null {
  if (!/^04[0-9a-f]{128}$/.test(publicKey)) return null
  const x = BigInt(`0x${publicKey.slice(2, 66)}`)
  const y = BigInt(`0x${publicKey.slice(66)}`)
  if (!onCurve(x, y)) return null
  return pointTable(x, y)
}

/** s·G + t·Q (s, t in [0, 2^256)) in Jacobian coordinates, through G's table and Q's: one comb, shared doublings. */
export function combSum(s: bigint, t: bigint, key: PointTable): Jacobian {
  const g = (gTable ??= pointTable(GX, GY))
  const ws = words(s)
  const wt = words(t)
  const acc: Jacobian = { X: 0n, Y: 1n, Z: 0n }
  for (let c = SPACING - 1; c >= 0; c--) {
    double(acc)
    const i = column(ws, c)
    if (i) addAffine(acc, g.xs[i - 1] as bigint, g.ys[i - 1] as bigint)
    const k = column(wt, c)
    if (k) addAffine(acc, key.xs[k - 1] as bigint, key.ys[k - 1] as bigint)
  }
  return acc
}

/** The affine coordinates of a Jacobian point, or null at infinity (for tests and callers that need y). */
export function affine(p: Jacobian): { x: bigint; y: bigint } | null {
  if (p.Z === 0n) return null
  const zInv = inv(p.Z)
  const zInv2 = mul(zInv, zInv)
  return { x: mul(p.X, zInv2), y: mul(p.Y, mul(zInv2, zInv)) }
}

/**
 * Step B3–B7 of GB/T 32918.2 §7.1 for a digest e (e = SM3(Z_A ‖ M) as a number), a signature (r, s) and the signer's
 * key table: r, s in [1, n − 1], t = (r + s) mod n ≠ 0, (x1, y1) = s·G + t·P_A not at infinity, and (e + x1) mod n = r.
 */
export function verifyDigest(e: bigint, r: bigint, s: bigint, key: PointTable): boolean {
  if (r < 1n || r >= N || s < 1n || s >= N) return false
  const t = (r + s) % N
  if (t === 0n) return false
  const acc = combSum(s, t, key)
  if (acc.Z === 0n) return false
  // x1 = X / Z² with x1 ≡ r − e (mod n) and x1 in [0, p): x1 is v or v + n (p < 2n).
  const v = (((r - e) % N) + N) % N
  const zz = mul(acc.Z, acc.Z)
  if (mul(v, zz) === acc.X) return true
  return v + N < P && mul(v + N, zz) === acc.X
}

/**
 * (r, s) of a DER signature in canonical form (SEQUENCE of two positive INTEGERs, short lengths, no leading zero
 * byte but the one a high bit needs, nothing after), lower-case hex; null otherwise.
 */
export function parseDerSignature(hex: string): { r: bigint; s: bigint } | null {
  if (!/^30[0-9a-f]+$/.test(hex) || hex.length % 2 !== 0) return null
  const byte = (i: number): number => parseInt(hex.slice(2 * i, 2 * i + 2), 16)
  const total = hex.length / 2
  if (total < 8 || total > 2 + 2 * 35 || byte(1) !== total - 2) return null
  let at = 2
  const ints: bigint[] = []
  for (let k = 0; k < 2; k++) {
    if (at + 2 > total || byte(at) !== 0x02) return null
    const len = byte(at + 1)
    if (len < 1 || len > 33 || at + 2 + len > total) return null
    const first = byte(at + 2)
    if (first & 0x80) return null // negative
    if (first === 0 && (len === 1 || !(byte(at + 3) & 0x80))) return null // not minimal (or zero)
    ints.push(BigInt(`0x${hex.slice(2 * (at + 2), 2 * (at + 2 + len))}`))
    at += 2 + len
  }
  if (at !== total) return null
  return { r: ints[0] as bigint, s: ints[1] as bigint }
}
