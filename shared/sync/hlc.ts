/**
 * Hybrid logical clock (Kulkarni et al. 2014): 48-bit physical milliseconds, 16-bit counter, origin id as the
 * tie-break. Encoded as a fixed-width string so that string order equals clock order.
 */
export interface Hlc {
  ms: number
  counter: number
  origin: string
}

const MAX_COUNTER = 0xffff

export function encodeHlc(h: Hlc): string {
  return `${h.ms.toString(16).padStart(12, '0')}-${h.counter.toString(16).padStart(4, '0')}-${h.origin}`
}

export function decodeHlc(s: string): Hlc {
  const m = /^([0-9a-f]{12})-([0-9a-f]{4})-(.+)$/.exec(s)
  if (!m) throw new Error(`invalid HLC: ${s}`)
  return { ms: parseInt(m[1] as string, 16), counter: parseInt(m[2] as string, 16), origin: m[3] as string }
}

const HLC_SHAPE = /^[0-9a-f]{12}-[0-9a-f]{4}-.+$/

/** The physical milliseconds of an encoded HLC, or null when it is not one (decodeHlc without the object). */
export function hlcMs(s: string): number | null {
  return HLC_SHAPE.test(s) ? parseInt(s.slice(0, 12), 16) : null
}

/** The next timestamp for a local event, given the last one issued (or received) and the wall clock. */
export function tick(last: Hlc, wallMs: number): Hlc {
  if (wallMs > last.ms) return { ms: wallMs, counter: 0, origin: last.origin }
  if (last.counter >= MAX_COUNTER) return { ms: last.ms + 1, counter: 0, origin: last.origin }
  return { ms: last.ms, counter: last.counter + 1, origin: last.origin }
}

/** Advances the local clock past a received timestamp (call after the received change is committed). */
export function receive(local: Hlc, remote: Hlc, wallMs: number): Hlc {
  const ms = Math.max(local.ms, remote.ms, wallMs)
  let counter: number
  if (ms === local.ms && ms === remote.ms) counter = Math.max(local.counter, remote.counter) + 1
  else if (ms === local.ms) counter = local.counter + 1
  else if (ms === remote.ms) counter = remote.counter + 1
  else counter = 0
  if (counter > MAX_COUNTER) return { ms: ms + 1, counter: 0, origin: local.origin }
  return { ms, counter, origin: local.origin }
}

export function compareHlc(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
