/**
 * Row ids: UUIDv7 (RFC 9562), time-ordered and random, so that rows made on different laptops never collide.
 * Within one process the ids are strictly increasing (RFC 9562 §6.2, method 1: a 12-bit counter in rand_a that
 * is seeded randomly each new millisecond and incremented within it), so ordering rows by id keeps the order in
 * which they were created even when several are made in the same millisecond.
 * Uses globalThis.crypto.getRandomValues, present in Node 20, Electron and browsers.
 */
let lastMs = -1
let lastCounter = 0

export function uuidv7(now: number = Date.now()): string {
  const bytes = new Uint8Array(16)
  // Web Crypto: present in Node 20, Electron and browsers (shared/ is compiled without DOM or Node types).
  ;(globalThis as unknown as { crypto: { getRandomValues(a: Uint8Array): Uint8Array } }).crypto.getRandomValues(bytes)
  let ms = Math.max(0, Math.floor(now))
  let counter: number
  if (ms > lastMs) {
    // A new millisecond: a random start in the lower half leaves room for at least 2,048 more ids in it.
    counter = (((bytes[6] ?? 0) & 0x07) << 8) | (bytes[7] ?? 0)
  } else {
    // Same millisecond (or the clock went back): continue after the last id; on overflow borrow the next ms.
    ms = lastMs
    counter = lastCounter + 1
    if (counter > 0xfff) {
      ms += 1
      counter = 0
    }
  }
  lastMs = ms
  lastCounter = counter
  bytes[0] = Math.floor(ms / 2 ** 40) & 0xff
  bytes[1] = Math.floor(ms / 2 ** 32) & 0xff
  bytes[2] = Math.floor(ms / 2 ** 24) & 0xff
  bytes[3] = Math.floor(ms / 2 ** 16) & 0xff
  bytes[4] = Math.floor(ms / 2 ** 8) & 0xff
  bytes[5] = ms & 0xff
  bytes[6] = 0x70 | ((counter >> 8) & 0x0f)
  bytes[7] = counter & 0xff
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f)
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/**
 * Ids of rows that exist once per natural key (one score per sheet and item, one opinion per sheet and
 * dimension, one sheet per project, expert and revision). Two laptops of the same expert that create the same
 * row offline then write the same row id, and the sync merges them field by field instead of duplicating them.
 */
export function naturalId(...parts: (string | number)[]): string {
  return parts.map((p) => String(p).replace(/[|\\]/g, (c) => '\\' + c)).join('|')
}
