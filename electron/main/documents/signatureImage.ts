/**
 * A tiny PNG writer (RGBA, zlib via node:zlib) and a drawn stand-in for a handwritten signature, for test
 * fixtures, demos and previews. Real signatures come from the expert's pad.
 */
import { deflateSync } from 'node:zlib'

const CRC_TABLE = (() => {
  const t = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    t[n] = c >>> 0
  }
  return t
})()

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length)
  const v = new DataView(out.buffer)
  v.setUint32(0, data.length)
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i)
  out.set(data, 8)
  v.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)))
  return out
}

/** Encodes RGBA pixels (row-major, 4 bytes per pixel) as a PNG file. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Uint8Array {
  const raw = new Uint8Array((width * 4 + 1) * height)
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0
    raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1)
  }
  const ihdr = new Uint8Array(13)
  const v = new DataView(ihdr.buffer)
  v.setUint32(0, width)
  v.setUint32(4, height)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 6 // RGBA
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', new Uint8Array(deflateSync(raw))),
    chunk('IEND', new Uint8Array(0))
  ]
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0))
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

/** A pen-like scribble (dark blue ink on transparent), different for every seed; 300×120 px (≈ 30×12 mm). */
export function drawSignaturePng(seed: number, width = 300, height = 120): Uint8Array {
  const rgba = new Uint8Array(width * height * 4)
  let s = (seed * 2654435761) >>> 0 || 1
  const rand = (): number => {
    s ^= s << 13
    s ^= s >>> 17
    s ^= s << 5
    return ((s >>> 0) % 10000) / 10000
  }
  const dot = (x: number, y: number, r: number): void => {
    for (let dy = -r; dy <= r; dy++) {
      for (let dx = -r; dx <= r; dx++) {
        const px = Math.round(x + dx)
        const py = Math.round(y + dy)
        if (px < 0 || py < 0 || px >= width || py >= height || dx * dx + dy * dy > r * r) continue
        const i = (py * width + px) * 4
        rgba[i] = 20
        rgba[i + 1] = 30
        rgba[i + 2] = 110
        rgba[i + 3] = 255
      }
    }
  }
  // Three "characters" of loops, then a flourish.
  for (let ch = 0; ch < 3; ch++) {
    const cx = 45 + ch * 80 + rand() * 10
    const a = 18 + rand() * 10
    const b = 25 + rand() * 12
    const turns = 2 + rand() * 2
    for (let t = 0; t < 1; t += 0.002) {
      const ang = t * Math.PI * 2 * turns
      dot(cx + Math.sin(ang * 1.3) * a * (0.6 + t * 0.5) + t * 25, 60 + Math.cos(ang) * b * (1 - t * 0.4), 2)
    }
  }
  for (let t = 0; t < 1; t += 0.002) dot(20 + t * 260, 95 - Math.sin(t * Math.PI) * 12 + rand() * 1.2, 1.5)
  return encodePng(width, height, rgba)
}
