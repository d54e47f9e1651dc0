/**
 * A minimal PNG encoder (8-bit RGBA, one IDAT, deflated with node:zlib) for the signature images
 * (signatureImage.ts), and a reader of a PNG's header.
 */
import { deflateSync } from 'node:zlib'
import { crc32 as crc32Of } from '../binary/crc32'

export const PNG_SIGNATURE = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])


/** CRC-32 of bytes[start, end), as a PNG chunk uses it. */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  return crc32Of(bytes.subarray(start, end))
}

/** One PNG chunk: length, type, data and CRC. */
export function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length)
  const view = new DataView(out.buffer)
  view.setUint32(0, data.length)
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i)
  out.set(data, 8)
  view.setUint32(8 + data.length, crc32(out, 4, 8 + data.length))
  return out
}

/**
 * The rows with filter type 2 (Up: each byte minus the byte above, mod 256), which turns the chart's long runs of
 * identical rows into zeros. Four bytes at a time when the pixels are 4-byte aligned (issue 10, speed: the byte
 * loop was two thirds of a chart's PNG): a byte-wise subtraction in one 32-bit word, the high bits kept apart so
 * no borrow crosses a byte — the same bytes as the byte loop (png.test.ts).
 */
export function upFiltered(width: number, height: number, rgba: Uint8Array): Uint8Array {
  const stride = width * 4
  const raw = new Uint8Array((stride + 1) * height)
  if (rgba.byteOffset % 4 !== 0) {
    for (let y = 0; y < height; y++) {
      const o = y * (stride + 1)
      raw[o] = 2
      const row = y * stride
      for (let i = 0; i < stride; i++) raw[o + 1 + i] = rgba[row + i]! - (y > 0 ? rgba[row - stride + i]! : 0)
    }
    return raw
  }
  const words = new Uint32Array(rgba.buffer, rgba.byteOffset, width * height)
  const diff = new Uint32Array(width)
  const diffBytes = new Uint8Array(diff.buffer)
  for (let y = 0; y < height; y++) {
    const o = y * (stride + 1)
    raw[o] = 2
    if (y === 0) {
      raw.set(rgba.subarray(0, stride), o + 1)
      continue
    }
    const cur = y * width
    const up = cur - width
    for (let k = 0; k < width; k++) {
      const a = words[cur + k]!
      const b = words[up + k]!
      diff[k] = ((a | 0x80808080) - (b & 0x7f7f7f7f)) ^ ((a ^ ~b) & 0x80808080)
    }
    raw.set(diffBytes, o + 1)
  }
  return raw
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
  const raw = upFiltered(width, height, rgba)
  const idat = deflateSync(raw, { level: 6 })
  const parts = [PNG_SIGNATURE, pngChunk('IHDR', ihdr), pngChunk('IDAT', new Uint8Array(idat.buffer, idat.byteOffset, idat.byteLength)), pngChunk('IEND', new Uint8Array(0))]
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
  if (bytes.length < 33 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) return null
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (v.getUint32(8) !== 13 || String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return null
  if (v.getUint32(29) !== crc32(bytes, 12, 29)) return null
  return { width: v.getUint32(16), height: v.getUint32(20), colorType: bytes[25]! }
}

/** The PNG bytes of a `data:image/png;base64,…` URL (a stored handwritten signature), or null when it is not one. */
export function decodePngDataUrl(dataUrl: string): Uint8Array | null {
  const m = /^data:image\/png;base64,([A-Za-z0-9+/=\s]+)$/.exec(dataUrl)
  if (!m) return null
  const bytes = new Uint8Array(Buffer.from(m[1]!, 'base64'))
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
  return sig.every((b, i) => bytes[i] === b) ? bytes : null
}
