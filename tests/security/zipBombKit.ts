/**
 * Zip bombs made inside the tests (nothing large is stored in the repository):
 *  - deflateBomb(n MB): a raw Deflate stream that inflates to n MB of zeros from about n KB, built by repeating one
 *    sync-flushed 1 MB block (each copy refers only to itself) and closing with an empty final block;
 *  - bombZip(entries): a ZIP whose entries carry given compressed bytes and declared sizes (honest or lying);
 *  - manyEntriesZip(n): n tiny stored entries (the entry count in the end record wraps past 65,535, as in any
 *    archiver without ZIP64).
 */
import zlib from 'node:zlib'

const MB = 1024 * 1024

export function deflateBomb(megabytes: number): { data: Buffer; inflatedSize: number } {
  const block = zlib.deflateRawSync(Buffer.alloc(MB), { level: 9, finishFlush: zlib.constants.Z_SYNC_FLUSH })
  const parts: Buffer[] = []
  for (let i = 0; i < megabytes; i++) parts.push(block)
  parts.push(Buffer.from([0x03, 0x00])) // final empty block (fixed Huffman, end-of-block only)
  return { data: Buffer.concat(parts), inflatedSize: megabytes * MB }
}

export interface BombEntry {
  name: string
  /** Deflated bytes (method 8) or the stored bytes (method 0). */
  data: Uint8Array
  method: 0 | 8
  /** The uncompressed size written in the headers. */
  declaredSize: number
  crc?: number
}

function u16(b: Buffer, at: number, n: number): void {
  b.writeUInt16LE(n & 0xffff, at)
}
function u32(b: Buffer, at: number, n: number): void {
  b.writeUInt32LE(n >>> 0, at)
}

/** Method, CRC, sizes and name length: the same run in the local header (at 8) and the central one (at 10). */
function entryFields(b: Buffer, at: number, e: BombEntry, nameLength: number): void {
  u16(b, at, e.method)
  u32(b, at + 6, e.crc ?? 0)
  u32(b, at + 10, e.data.length)
  u32(b, at + 14, e.declaredSize)
  u16(b, at + 18, nameLength)
}

export function bombZip(entries: readonly BombEntry[]): Uint8Array {
  const out: Buffer[] = []
  const central: Buffer[] = []
  let offset = 0
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8')
    const local = Buffer.alloc(30 + name.length)
    u32(local, 0, 0x04034b50)
    u16(local, 4, 20)
    u16(local, 6, 0x0800)
    entryFields(local, 8, e, name.length)
    name.copy(local, 30)
    const cd = Buffer.alloc(46 + name.length)
    u32(cd, 0, 0x02014b50)
    u16(cd, 4, 20)
    u16(cd, 6, 20)
    u16(cd, 8, 0x0800)
    entryFields(cd, 10, e, name.length)
    u32(cd, 42, offset)
    name.copy(cd, 46)
    out.push(local, Buffer.from(e.data.buffer, e.data.byteOffset, e.data.byteLength))
    central.push(cd)
    offset += local.length + e.data.length
  }
  const cdSize = central.reduce((s, c) => s + c.length, 0)
  const end = Buffer.alloc(22)
  u32(end, 0, 0x06054b50)
  u16(end, 8, entries.length)
  u16(end, 10, entries.length)
  u32(end, 12, cdSize)
  u32(end, 16, offset)
  return new Uint8Array(Buffer.concat([...out, ...central, end]))
}

/** A .docx-shaped bomb: [Content_Types].xml and a word/document.xml of `megabytes` MB of zeros. */
export function docxBomb(megabytes: number, lying: boolean): Uint8Array {
  const bomb = deflateBomb(megabytes)
  return bombZip([
    { name: '[Content_Types].xml', data: Buffer.from('<Types/>'), method: 0, declaredSize: 8 },
    { name: 'word/document.xml', data: bomb.data, method: 8, declaredSize: lying ? 4096 : Math.min(bomb.inflatedSize, 0xffffffff) }
  ])
}

export function manyEntriesZip(count: number): Uint8Array {
  const data = Buffer.from('x')
  return bombZip(Array.from({ length: count }, (_, i) => ({ name: `e/${i}.xml`, data, method: 0 as const, declaredSize: 1 })))
}

/** Peak resident memory growth while `fn` runs (sampled every 20 ms and at the end), in MB. */
export async function rssGrowth<T>(fn: () => T | Promise<T>): Promise<{ result: T; growthMb: number; ms: number }> {
  const start = process.memoryUsage().rss
  let peak = start
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss)
  }, 20)
  const t0 = performance.now()
  try {
    const result = await fn()
    peak = Math.max(peak, process.memoryUsage().rss)
    return { result, growthMb: (peak - start) / MB, ms: performance.now() - t0 }
  } finally {
    clearInterval(timer)
  }
}
