/**
 * A minimal PNG encoder (8-bit RGBA, one IDAT, deflated with node:zlib) and a small anti-aliased canvas to draw
 * on — enough to make the PNG fallback of the score chart (chartImage.ts) without an image library. Word 2016+,
 * WPS and LibreOffice show the chart's SVG; older Word shows this PNG.
 */
import { deflateSync } from 'node:zlib'
import { crc32 as crc32Of } from '../binary/crc32'

const SIGNATURE = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])


/** CRC-32 of bytes[start, end), as a PNG chunk uses it. */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  return crc32Of(bytes.subarray(start, end))
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length)
  const view = new DataView(out.buffer)
  view.setUint32(0, data.length)
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i)
  out.set(data, 8)
  view.setUint32(8 + data.length, crc32(out, 4, 8 + data.length))
  return out
}

/** Encodes `rgba` (width × height × 4 bytes, rows top to bottom, not premultiplied) as a PNG file. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Uint8Array<ArrayBuffer> {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) throw new Error('PNG 尺寸无效')
  if (rgba.length !== width * height * 4) throw new Error('PNG 像素数据长度与尺寸不符')
  const ihdr = new Uint8Array(13)
  const v = new DataView(ihdr.buffer)
  v.setUint32(0, width)
  v.setUint32(4, height)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 6 // colour type: RGBA
  ihdr[10] = 0 // deflate
  ihdr[11] = 0 // adaptive filtering
  ihdr[12] = 0 // no interlace
  // Each row: filter type 2 (Up), which turns the chart's long runs of identical rows into zeros.
  const stride = width * 4
  const raw = new Uint8Array((stride + 1) * height)
  for (let y = 0; y < height; y++) {
    const o = y * (stride + 1)
    raw[o] = 2
    const row = y * stride
    for (let i = 0; i < stride; i++) raw[o + 1 + i] = (rgba[row + i]! - (y > 0 ? rgba[row - stride + i]! : 0)) & 0xff
  }
  const idat = deflateSync(raw, { level: 6 })
  const parts = [SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', new Uint8Array(idat.buffer, idat.byteOffset, idat.byteLength)), chunk('IEND', new Uint8Array(0))]
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

/** Width, height and colour type of a PNG, or null when `bytes` does not start with a valid PNG signature and IHDR. */
export function pngInfo(bytes: Uint8Array): { width: number; height: number; colorType: number } | null {
  if (bytes.length < 33 || SIGNATURE.some((b, i) => bytes[i] !== b)) return null
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (v.getUint32(8) !== 13 || String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return null
  if (v.getUint32(29) !== crc32(bytes, 12, 29)) return null
  return { width: v.getUint32(16), height: v.getUint32(20), colorType: bytes[25]! }
}

// ---------------------------------------------------------------------------------------------------------
// Canvas
// ---------------------------------------------------------------------------------------------------------

export type Rgb = readonly [number, number, number]

export function hexColor(hex: string): Rgb {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex)
  if (!m) throw new Error(`颜色无效：${hex}`)
  return [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)]
}

/** 3 × 5 digit glyphs (and '.', '-'), one string of 15 bits per glyph, rows top to bottom. */
const GLYPHS: Record<string, string> = {
  '0': '111101101101111',
  '1': '010110010010111',
  '2': '111001111100111',
  '3': '111001111001111',
  '4': '101101111001001',
  '5': '111100111001111',
  '6': '111100111101111',
  '7': '111001010010010',
  '8': '111101111101111',
  '9': '111101111001111',
  '.': '000000000000010',
  '-': '000000111000000'
}

const SUB = 4 // 4 × 4 samples per pixel for anti-aliased edges

/** An RGBA raster with anti-aliased shapes; coordinates in pixels, (0, 0) the top left corner of the top left pixel. */
export class Canvas {
  readonly rgba: Uint8Array

  constructor(
    readonly width: number,
    readonly height: number,
    background: Rgb = [255, 255, 255]
  ) {
    this.rgba = new Uint8Array(width * height * 4)
    for (let i = 0; i < this.rgba.length; i += 4) {
      this.rgba[i] = background[0]
      this.rgba[i + 1] = background[1]
      this.rgba[i + 2] = background[2]
      this.rgba[i + 3] = 255
    }
  }

  /** Blends `color` into pixel (x, y) with coverage `a` (0…1). */
  private blend(x: number, y: number, color: Rgb, a: number): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height || a <= 0) return
    const i = (y * this.width + x) * 4
    const k = Math.min(1, a)
    for (let c = 0; c < 3; c++) this.rgba[i + c] = Math.round(this.rgba[i + c]! * (1 - k) + color[c]! * k)
  }

  /** Fills every pixel of the box whose samples fall inside the shape, weighted by the share of samples inside. */
  private fill(x0: number, y0: number, x1: number, y1: number, inside: (x: number, y: number) => boolean, color: Rgb): void {
    const ax = Math.max(0, Math.floor(x0))
    const ay = Math.max(0, Math.floor(y0))
    const bx = Math.min(this.width - 1, Math.ceil(x1))
    const by = Math.min(this.height - 1, Math.ceil(y1))
    for (let y = ay; y <= by; y++) {
      for (let x = ax; x <= bx; x++) {
        let n = 0
        for (let sy = 0; sy < SUB; sy++) for (let sx = 0; sx < SUB; sx++) if (inside(x + (sx + 0.5) / SUB, y + (sy + 0.5) / SUB)) n++
        if (n > 0) this.blend(x, y, color, n / (SUB * SUB))
      }
    }
  }

  rect(x: number, y: number, w: number, h: number, color: Rgb): void {
    this.fill(x, y, x + w, y + h, (px, py) => px >= x && px <= x + w && py >= y && py <= y + h, color)
  }

  /** Pixels within the box, with coverage from `cover(pixel centre x, y)` (analytic anti-aliasing, one sample a pixel). */
  private cover(x0: number, y0: number, x1: number, y1: number, cover: (x: number, y: number) => number, color: Rgb): void {
    const ax = Math.max(0, Math.floor(x0))
    const ay = Math.max(0, Math.floor(y0))
    const bx = Math.min(this.width - 1, Math.ceil(x1))
    const by = Math.min(this.height - 1, Math.ceil(y1))
    for (let y = ay; y <= by; y++) for (let x = ax; x <= bx; x++) this.blend(x, y, color, cover(x + 0.5, y + 0.5))
  }

  circle(cx: number, cy: number, r: number, color: Rgb): void {
    this.cover(cx - r - 1, cy - r - 1, cx + r + 1, cy + r + 1, (px, py) => Math.max(0, Math.min(1, r + 0.5 - Math.hypot(px - cx, py - cy))), color)
  }

  /** A diamond (square on its corner) of half-diagonal `r`. */
  diamond(cx: number, cy: number, r: number, color: Rgb): void {
    this.fill(cx - r, cy - r, cx + r, cy + r, (px, py) => Math.abs(px - cx) + Math.abs(py - cy) <= r, color)
  }

  /** A straight line of width `w` with round ends. */
  line(x0: number, y0: number, x1: number, y1: number, w: number, color: Rgb): void {
    const dx = x1 - x0
    const dy = y1 - y0
    const len2 = dx * dx + dy * dy
    const h = w / 2
    this.cover(Math.min(x0, x1) - h - 1, Math.min(y0, y1) - h - 1, Math.max(x0, x1) + h + 1, Math.max(y0, y1) + h + 1, (px, py) => {
      const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - x0) * dx + (py - y0) * dy) / len2))
      return Math.max(0, Math.min(1, h + 0.5 - Math.hypot(x0 + t * dx - px, y0 + t * dy - py)))
    }, color)
  }

  /** A polyline with round joins (segment by segment: an opaque colour does not darken where they overlap). */
  polyline(points: readonly (readonly [number, number])[], w: number, color: Rgb): void {
    for (let i = 0; i + 1 < points.length; i++) {
      const a = points[i]!
      const b = points[i + 1]!
      this.line(a[0], a[1], b[0], b[1], w, color)
    }
  }

  /** Width in pixels of `text` drawn with `text()` at block size `px`. */
  static textWidth(text: string, px: number): number {
    return text.length === 0 ? 0 : (text.length * 4 - 1) * px
  }

  /** Digits, '.' and '-' in a 3 × 5 block font, each block `px` pixels; (x, y) is the top left corner. */
  text(text: string, x: number, y: number, px: number, color: Rgb): void {
    let cx = x
    for (const ch of text) {
      const g = GLYPHS[ch]
      if (g) {
        for (let i = 0; i < 15; i++) if (g[i] === '1') this.rect(cx + (i % 3) * px, y + Math.floor(i / 3) * px, px, px, color)
      }
      cx += 4 * px
    }
  }

  png(): Uint8Array<ArrayBuffer> {
    return encodePng(this.width, this.height, this.rgba)
  }
}
