/**
 * Writes the .docx container with Node's native zlib (deflate runs ~10× faster than fflate's JavaScript deflate
 * on multi-megabyte parts). Deterministic: fixed 1980-01-01 time stamps, UTF-8 names, [Content_Types].xml first.
 */
import zlib from 'node:zlib'
import { crc32 } from '../binary/crc32'

/** Parts above this size are deflated at the fastest level (they are the big tables and the embedded data). */
const BIG_PART = 1024 * 1024

/** `store`: no compression (re-packing files that were just inflated, for a reader that unzips them again). */
export function zipFiles(files: Record<string, Uint8Array>, options: { store?: boolean } = {}): Uint8Array {
  const names = Object.keys(files).sort((a, b) => (a === '[Content_Types].xml' ? -1 : b === '[Content_Types].xml' ? 1 : 0))
  const enc = new TextEncoder()
  const chunks: Uint8Array[] = []
  const central: Uint8Array[] = []
  let offset = 0
  for (const name of names) {
    const data = files[name]!
    const nameBytes = enc.encode(name)
    const deflated = options.store ? null : zlib.deflateRawSync(data, { level: data.length > BIG_PART ? 1 : 6 })
    const useDeflate = deflated !== null && deflated.length < data.length
    const body = deflated && useDeflate ? new Uint8Array(deflated.buffer, deflated.byteOffset, deflated.byteLength) : data
    const crc = crc32(data)
    const local = new Uint8Array(30 + nameBytes.length)
    const lv = new DataView(local.buffer)
    lv.setUint32(0, 0x04034b50, true)
    lv.setUint16(4, 20, true) // version needed
    lv.setUint16(6, 0x0800, true) // UTF-8 names
    lv.setUint16(8, useDeflate ? 8 : 0, true)
    lv.setUint16(10, 0, true) // time 00:00
    lv.setUint16(12, 0x0021, true) // date 1980-01-01
    lv.setUint32(14, crc, true)
    lv.setUint32(18, body.length, true)
    lv.setUint32(22, data.length, true)
    lv.setUint16(26, nameBytes.length, true)
    lv.setUint16(28, 0, true)
    local.set(nameBytes, 30)
    const cd = new Uint8Array(46 + nameBytes.length)
    const cv = new DataView(cd.buffer)
    cv.setUint32(0, 0x02014b50, true)
    cv.setUint16(4, 20, true) // version made by
    cv.setUint16(6, 20, true)
    cv.setUint16(8, 0x0800, true)
    cv.setUint16(10, useDeflate ? 8 : 0, true)
    cv.setUint16(12, 0, true)
    cv.setUint16(14, 0x0021, true)
    cv.setUint32(16, crc, true)
    cv.setUint32(20, body.length, true)
    cv.setUint32(24, data.length, true)
    cv.setUint16(28, nameBytes.length, true)
    cv.setUint32(42, offset, true)
    cd.set(nameBytes, 46)
    chunks.push(local, body)
    central.push(cd)
    offset += local.length + body.length
  }
  const cdSize = central.reduce((s, c) => s + c.length, 0)
  const end = new Uint8Array(22)
  const ev = new DataView(end.buffer)
  ev.setUint32(0, 0x06054b50, true)
  ev.setUint16(8, names.length, true)
  ev.setUint16(10, names.length, true)
  ev.setUint32(12, cdSize, true)
  ev.setUint32(16, offset, true)
  const out = new Uint8Array(offset + cdSize + 22)
  let o = 0
  for (const c of [...chunks, ...central, end]) {
    out.set(c, o)
    o += c.length
  }
  return out
}
