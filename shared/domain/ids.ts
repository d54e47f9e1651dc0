/**
 * Row ids: UUIDv7 (RFC 9562), time-ordered and random, so that rows made on different laptops never collide.
 * Uses globalThis.crypto.getRandomValues, present in Node 20, Electron and browsers.
 */
export function uuidv7(now: number = Date.now()): string {
  const bytes = new Uint8Array(16)
  // Web Crypto: present in Node 20, Electron and browsers (shared/ is compiled without DOM or Node types).
  ;(globalThis as unknown as { crypto: { getRandomValues(a: Uint8Array): Uint8Array } }).crypto.getRandomValues(bytes)
  const ms = Math.max(0, Math.floor(now))
  bytes[0] = Math.floor(ms / 2 ** 40) & 0xff
  bytes[1] = Math.floor(ms / 2 ** 32) & 0xff
  bytes[2] = Math.floor(ms / 2 ** 24) & 0xff
  bytes[3] = Math.floor(ms / 2 ** 16) & 0xff
  bytes[4] = Math.floor(ms / 2 ** 8) & 0xff
  bytes[5] = ms & 0xff
  bytes[6] = 0x70 | ((bytes[6] ?? 0) & 0x0f)
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
