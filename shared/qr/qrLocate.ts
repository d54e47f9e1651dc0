/**
 * Finds a QR code in a grey picture: an adaptive threshold, the three finder patterns (dark-light-dark-light-dark
 * runs in the ratio 1:1:3:1:1 across and down), the bottom-right alignment pattern when the version has one, and a
 * perspective map from module coordinates to pixels that the modules are read through. Every loop is bounded by the
 * picture's size or a fixed count.
 */
export interface Grey {
  width: number
  height: number
  /** luminance 0–255, row by row */
  data: Uint8Array | Uint8ClampedArray
}

export interface Point {
  x: number
  y: number
}
interface Finder extends Point {
  module: number
  hits: number
}

const MAX_FINDERS = 40
const MAX_TRIES = 10

/**
 * Dark pixels: darker than 0.85 of the mean of the square around them (a side of 1/8 of the picture, or 1/2 for
 * `wide`: a code close to the camera, whose finder centres are larger than the small square).
 */
export function binarize(g: Grey, wide = false): Uint8Array {
  const { width: w, height: h, data } = g
  const sum = new Float64Array((w + 1) * (h + 1))
  for (let y = 0; y < h; y++) {
    let row = 0
    for (let x = 0; x < w; x++) {
      row += data[y * w + x]!
      sum[(y + 1) * (w + 1) + x + 1] = sum[y * (w + 1) + x + 1]! + row
    }
  }
  const r = Math.max(8, Math.floor(Math.min(w, h) / (wide ? 4 : 16)))
  const out = new Uint8Array(w * h)
  for (let y = 0; y < h; y++) {
    const y0 = Math.max(0, y - r)
    const y1 = Math.min(h, y + r + 1)
    for (let x = 0; x < w; x++) {
      const x0 = Math.max(0, x - r)
      const x1 = Math.min(w, x + r + 1)
      const s = sum[y1 * (w + 1) + x1]! - sum[y0 * (w + 1) + x1]! - sum[y1 * (w + 1) + x0]! + sum[y0 * (w + 1) + x0]!
      const mean = s / ((x1 - x0) * (y1 - y0))
      out[y * w + x] = data[y * w + x]! < mean * 0.85 ? 1 : 0
    }
  }
  return out
}

const ratioOk = (runs: number[]): number => {
  const total = runs.reduce((a, b) => a + b, 0)
  if (total < 7) return 0
  const m = total / 7
  const tol = m * 0.6
  const ok = Math.abs(runs[0]! - m) < tol && Math.abs(runs[1]! - m) < tol && Math.abs(runs[2]! - 3 * m) < 3 * tol && Math.abs(runs[3]! - m) < tol && Math.abs(runs[4]! - m) < tol
  return ok ? m : 0
}

/** The runs of a 1:1:3:1:1 pattern through (x, y) along (dx, dy): its centre along that line and module, or null. */
function crossCheck(bin: Uint8Array, w: number, h: number, x: number, y: number, dx: number, dy: number, limit: number): { c: number; m: number } | null {
  const at = (k: number) => {
    const px = x + dx * k
    const py = y + dy * k
    return px < 0 || py < 0 || px >= w || py >= h ? -1 : bin[py * w + px]!
  }
  if (at(0) !== 1) return null
  const runs = [0, 0, 0, 0, 0]
  let k = 0
  // centre run backwards, then light, then dark
  for (const [idx, colour] of [[2, 1], [1, 0], [0, 1]] as const) {
    while (at(-k) === colour && runs[idx]! <= limit) {
      runs[idx]!++
      k++
    }
  }
  const start = -k + 1
  k = 1
  for (const [idx, colour] of [[2, 1], [3, 0], [4, 1]] as const) {
    while (at(k) === colour && runs[idx]! <= limit) {
      runs[idx]!++
      k++
    }
  }
  const m = ratioOk(runs)
  if (!m) return null
  const centre = start + runs[0]! + runs[1]! + runs[2]! / 2 - 0.5
  return { c: centre, m }
}

export function findFinders(bin: Uint8Array, w: number, h: number): Finder[] {
  const found: Finder[] = []
  const step = Math.max(1, Math.floor(h / 240))
  for (let y = 0; y < h && found.length < MAX_FINDERS * 4; y += step) {
    const runs: number[] = []
    const starts: number[] = []
    const colours: number[] = []
    for (let x = 0; x < w; ) {
      const c = bin[y * w + x]!
      const from = x
      while (x < w && bin[y * w + x] === c) x++
      runs.push(x - from)
      starts.push(from)
      colours.push(c)
    }
    for (let i = 0; i + 4 < runs.length; i++) {
      if (colours[i] !== 1) continue
      const m = ratioOk(runs.slice(i, i + 5))
      if (m) add(found, bin, w, h, starts[i + 2]! + Math.floor(runs[i + 2]! / 2), y, m)
    }
  }
  return merge(found)
}

function add(found: Finder[], bin: Uint8Array, w: number, h: number, x: number, y: number, m: number): void {
  const limit = Math.ceil(m * 8)
  const v = crossCheck(bin, w, h, x, y, 0, 1, limit)
  if (!v) return
  const cy = Math.round(y + v.c)
  const hz = crossCheck(bin, w, h, x, cy, 1, 0, limit)
  if (!hz) return
  found.push({ x: x + hz.c, y: cy, module: (m + v.m + hz.m) / 3, hits: 1 })
}

function merge(found: Finder[]): Finder[] {
  const out: Finder[] = []
  for (const f of found) {
    const same = out.find((o) => Math.hypot(o.x - f.x, o.y - f.y) < o.module * 3 && Math.abs(o.module - f.module) < o.module * 0.5)
    if (same) {
      same.x = (same.x * same.hits + f.x) / (same.hits + 1)
      same.y = (same.y * same.hits + f.y) / (same.hits + 1)
      same.module = (same.module * same.hits + f.module) / (same.hits + 1)
      same.hits++
    } else if (out.length < MAX_FINDERS) out.push({ ...f })
  }
  return out.sort((a, b) => b.hits - a.hits)
}

/** Orders three finders as top-left, top-right, bottom-left (the right angle at the top-left, clockwise). */
function orient(a: Finder, b: Finder, c: Finder): [Finder, Finder, Finder] | null {
  const d = (p: Point, q: Point) => Math.hypot(p.x - q.x, p.y - q.y)
  const sides: [Finder, Finder, Finder][] = [
    [a, b, c],
    [b, a, c],
    [c, a, b]
  ]
  // the corner is opposite the longest side
  sides.sort((s, t) => d(t[1], t[2]) - d(s[1], s[2]))
  const [tl, p, q] = sides[0]!
  const cross = (p.x - tl.x) * (q.y - tl.y) - (p.y - tl.y) * (q.x - tl.x)
  const [tr, bl] = cross > 0 ? [p, q] : [q, p]
  const l1 = d(tl, tr)
  const l2 = d(tl, bl)
  if (Math.min(l1, l2) / Math.max(l1, l2) < 0.7) return null
  const cos = Math.abs((tr.x - tl.x) * (bl.x - tl.x) + (tr.y - tl.y) * (bl.y - tl.y)) / (l1 * l2)
  return cos < 0.35 ? [tl, tr, bl] : null
}

export interface Candidate {
  tl: Finder
  tr: Finder
  bl: Finder
  /** estimated modules across */
  size: number
}

/** Finder triples that look like one QR code: the most alike in module size and the most seen first. */
export function candidates(finders: Finder[]): Candidate[] {
  const top = finders.slice(0, 10)
  const out: (Candidate & { score: number })[] = []
  for (let i = 0; i < top.length; i++) {
    for (let j = i + 1; j < top.length; j++) {
      for (let k = j + 1; k < top.length; k++) {
        const [a, b, c] = [top[i]!, top[j]!, top[k]!]
        const ms = [a.module, b.module, c.module]
        const spread = Math.max(...ms) / Math.min(...ms)
        if (spread > 1.6) continue
        const o = orient(a, b, c)
        if (!o) continue
        const [tl, tr, bl] = o
        const module = (tl.module + tr.module + bl.module) / 3
        const l1 = Math.hypot(tr.x - tl.x, tr.y - tl.y)
        const l2 = Math.hypot(bl.x - tl.x, bl.y - tl.y)
        const size = (l1 + l2) / 2 / module + 7
        if (size < 17 || size > 185) continue
        const score = (a.hits + b.hits + c.hits) / (spread * spread) * (Math.min(l1, l2) / Math.max(l1, l2))
        out.push({ tl, tr, bl, size, score })
      }
    }
  }
  return out.sort((x, y) => y.score - x.score).slice(0, MAX_TRIES)
}
