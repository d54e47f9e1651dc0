/** CRC-32 (ISO 3309 / ITU-T V.42, as ZIP and PNG use it), streaming or in one call. */
import zlib from 'node:zlib'

const TABLE = (() => {
  const table = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    table[n] = c >>> 0
  }
  return table
})()

export class Crc32 {
  private value = 0xffffffff

  update(bytes: Uint8Array): this {
    let c = this.value
    for (let i = 0; i < bytes.length; i++) c = (TABLE[(c ^ (bytes[i] ?? 0)) & 0xff] ?? 0) ^ (c >>> 8)
    this.value = c
    return this
  }

  digest(): number {
    return (this.value ^ 0xffffffff) >>> 0
  }
}

const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32

/** One call: Node's native zlib.crc32 where this Node has it (20.15+), else the table above. */
export function crc32(bytes: Uint8Array): number {
  return nativeCrc32 ? nativeCrc32(bytes) >>> 0 : new Crc32().update(bytes).digest()
}
