/**
 * Reads a QR code from a picture (a camera frame drawn on a canvas): qrLocate finds it, a perspective map through
 * the three finder patterns and the bottom-right alignment pattern samples its modules, qrMatrix decodes them.
 * Pure TypeScript with no dependency but the qrcode package's tables, so it is tested in Node on pictures the app's
 * own encoder draws. Returns null when no code can be read; never throws on any picture.
 */
import { binarize, candidates, findFinders, type Candidate, type Grey, type Point } from './qrLocate'
import { decodeModules } from './qrMatrix'

/** Bigger pictures are refused (the caller scales camera frames down). */
export const MAX_PIXELS = 2_000_000

export function greyFromRgba(data: Uint8ClampedArray | Uint8Array, width: number, height: number): Grey {
  const out = new Uint8Array(width * height)
  for (let i = 0; i < out.length; i++) out[i] = (data[i * 4]! * 77 + data[i * 4 + 1]! * 150 + data[i * 4 + 2]! * 29) >> 8
  return { width, height, data: out }
}

type Map2 = (u: number, v: number) => Point

/** The projective map taking each `from` (module coordinates) to its `to` (pixels), or null when degenerate. */
function homography(from: Point[], to: Point[]): Map2 | null {
  const a: number[][] = []
  for (let i = 0; i < 4; i++) {
    const { x: u, y: v } = from[i]!
    const { x, y } = to[i]!
    a.push([u, v, 1, 0, 0, 0, -u * x, -v * x, x])
    a.push([0, 0, 0, u, v, 1, -u * y, -v * y, y])
  }
  for (let col = 0; col < 8; col++) {
    let pivot = col
    for (let r = col + 1; r < 8; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r
    if (Math.abs(a[pivot]![col]!) < 1e-9) return null
    ;[a[col], a[pivot]] = [a[pivot]!, a[col]!]
    for (let r = 0; r < 8; r++) {
      if (r === col) continue
      const f = a[r]![col]! / a[col]![col]!
      for (let k = col; k < 9; k++) a[r]![k]! -= f * a[col]![k]!
    }
  }
  const h = a.map((row, i) => row[8]! / row[i]!)
  return (u, v) => {
    const w = h[6]! * u + h[7]! * v + 1
    return { x: (h[0]! * u + h[1]! * v + h[2]!) / w, y: (h[3]! * u + h[4]! * v + h[5]!) / w }
  }
}

/** The bottom-right alignment pattern's centre, searched around where the finders alone put it. */
function findAlignment(bin: Uint8Array, g: Grey, c: Candidate, size: number): Point | null {
  const n = size - 7
  const ex = { x: (c.tr.x - c.tl.x) / n, y: (c.tr.y - c.tl.y) / n }
  const ey = { x: (c.bl.x - c.tl.x) / n, y: (c.bl.y - c.tl.y) / n }
  const at = (p: Point, du: number, dv: number): number => {
    const x = Math.round(p.x + du * ex.x + dv * ey.x)
    const y = Math.round(p.y + du * ex.y + dv * ey.y)
    return x < 0 || y < 0 || x >= g.width || y >= g.height ? -1 : bin[y * g.width + x]!
  }
  const guess = { x: c.tl.x + (n - 3) * (ex.x + ey.x), y: c.tl.y + (n - 3) * (ex.y + ey.y) }
  const module = Math.hypot(ex.x, ex.y)
  const stepPx = Math.max(1, module / 3)
  const reach = Math.min(module * 5, 60 * stepPx)
  let best: { p: Point; score: number } | null = null
  for (let dy = -reach; dy <= reach; dy += stepPx) {
    for (let dx = -reach; dx <= reach; dx += stepPx) {
      const p = { x: guess.x + dx, y: guess.y + dy }
      let score = 0
      for (let dv = -2; dv <= 2; dv++) for (let du = -2; du <= 2; du++) if (at(p, du, dv) === (Math.max(Math.abs(du), Math.abs(dv)) === 1 ? 0 : 1)) score++
      if (!best || score > best.score || (score === best.score && Math.hypot(dx, dy) < Math.hypot(best.p.x - guess.x, best.p.y - guess.y))) best = { p, score }
    }
  }
  return best && best.score >= 22 ? best.p : null
}

function sample(bin: Uint8Array, g: Grey, map: Map2, size: number): Uint8Array | null {
  const out = new Uint8Array(size * size)
  for (let r = 0; r < size; r++) {
    for (let col = 0; col < size; col++) {
      const p = map(col + 0.5, r + 0.5)
      const x = Math.round(p.x)
      const y = Math.round(p.y)
      if (!(x >= 0 && y >= 0 && x < g.width && y < g.height)) return null
      out[r * size + col] = bin[y * g.width + x]!
    }
  }
  return out
}

function tryVersion(bin: Uint8Array, g: Grey, c: Candidate, version: number): string | null {
  const size = version * 4 + 17
  const from: Point[] = [
    { x: 3.5, y: 3.5 },
    { x: size - 3.5, y: 3.5 },
    { x: 3.5, y: size - 3.5 }
  ]
  const to: Point[] = [c.tl, c.tr, c.bl]
  const align = version >= 2 ? findAlignment(bin, g, c, size) : null
  if (align) {
    from.push({ x: size - 6.5, y: size - 6.5 })
    to.push(align)
  } else {
    from.push({ x: size - 3.5, y: size - 3.5 })
    to.push({ x: c.tr.x + c.bl.x - c.tl.x, y: c.tr.y + c.bl.y - c.tl.y })
  }
  const map = homography(from, to)
  const modules = map && sample(bin, g, map, size)
  if (!modules) return null
  return decodeModules((r, col) => modules[r * size + col] === 1, version) ?? decodeModules((r, col) => modules[col * size + r] === 1, version)
}

/** The text of the first QR code read in the picture, or null. */
export function decodeQr(g: Grey): string | null {
  if (g.width < 21 || g.height < 21 || g.width * g.height > MAX_PIXELS || g.data.length < g.width * g.height) return null
  for (const wide of [false, true]) {
    const bin = binarize(g, wide)
    for (const c of candidates(findFinders(bin, g.width, g.height))) {
      const estimate = Math.round((c.size - 17) / 4)
      for (const version of [estimate, estimate - 1, estimate + 1]) {
        if (version < 1 || version > 40) continue
        try {
          const text = tryVersion(bin, g, c, version)
          if (text !== null) return text
        } catch {
          // a misread that broke an assumption: try the next guess
        }
      }
    }
  }
  return null
}
