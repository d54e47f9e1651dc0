/**
 * A QR code's modules (dark = true, row by row) to its text: format information (either copy, up to 3 bits wrong),
 * unmasking, the codewords in their zigzag order, the blocks de-interleaved and corrected (Reed–Solomon), then the
 * numeric, alphanumeric and byte (UTF-8) segments. Versions 1–40; the block tables are the qrcode package's own.
 */
import * as Ecc from 'qrcode/lib/core/error-correction-code.js'
import * as Ecl from 'qrcode/lib/core/error-correction-level.js'
import { utf8DecodePure } from '../sync/unitEnvelope'
import { correctBlock } from './reedSolomon'

export type Modules = (row: number, col: number) => boolean

/** Format bits 0–1 of the level field → the level (L=01, M=00, Q=11, H=10). */
const LEVELS = [Ecl.M, Ecl.L, Ecl.H, Ecl.Q]

function bch(value: number, poly: number, shift: number): number {
  let rem = value << shift
  const top = 31 - Math.clz32(poly)
  for (let b = 31 - Math.clz32(rem); b >= top; b = 31 - Math.clz32(rem)) rem ^= poly << (b - top)
  return (value << shift) | rem
}

const FORMATS = Array.from({ length: 32 }, (_, data) => ({ data, bits: bch(data, 0x537, 10) ^ 0x5412 }))
const popcount = (x: number): number => {
  let n = 0
  for (let v = x; v; v &= v - 1) n++
  return n
}

function readFormat(m: Modules, size: number): { level: number; mask: number } | null {
  let a = 0
  let b = 0
  const bit = (i: number, dark: boolean, which: 'a' | 'b') => {
    if (!dark) return
    if (which === 'a') a |= 1 << i
    else b |= 1 << i
  }
  for (let i = 0; i <= 5; i++) bit(i, m(i, 8), 'a')
  bit(6, m(7, 8), 'a')
  bit(7, m(8, 8), 'a')
  bit(8, m(8, 7), 'a')
  for (let i = 9; i < 15; i++) bit(i, m(8, 14 - i), 'a')
  for (let i = 0; i < 8; i++) bit(i, m(8, size - 1 - i), 'b')
  for (let i = 8; i < 15; i++) bit(i, m(size - 15 + i, 8), 'b')
  let best: { data: number; d: number } | null = null
  for (const f of FORMATS) {
    const d = Math.min(popcount(f.bits ^ a), popcount(f.bits ^ b))
    if (!best || d < best.d) best = { data: f.data, d }
  }
  if (!best || best.d > 3) return null
  return { level: best.data >> 3, mask: best.data & 7 }
}

export function alignmentPositions(version: number): number[] {
  if (version === 1) return []
  const size = version * 4 + 17
  const count = Math.floor(version / 7) + 2
  const step = version === 32 ? 26 : Math.ceil((version * 4 + 4) / (count * 2 - 2)) * 2
  const out = [6]
  for (let pos = size - 7; out.length < count; pos -= step) out.splice(1, 0, pos)
  return out
}

function functionModules(version: number): boolean[][] {
  const size = version * 4 + 17
  const f = Array.from({ length: size }, () => new Array<boolean>(size).fill(false))
  const rect = (r0: number, c0: number, h: number, w: number) => {
    for (let r = Math.max(0, r0); r < Math.min(size, r0 + h); r++) for (let c = Math.max(0, c0); c < Math.min(size, c0 + w); c++) f[r]![c] = true
  }
  rect(0, 0, 9, 9)
  rect(0, size - 8, 9, 8)
  rect(size - 8, 0, 8, 9)
  rect(6, 0, 1, size)
  rect(0, 6, size, 1)
  const pos = alignmentPositions(version)
  for (const r of pos) {
    for (const c of pos) {
      const corner = (r === 6 && c === 6) || (r === 6 && c === pos[pos.length - 1]) || (r === pos[pos.length - 1] && c === 6)
      if (!corner) rect(r - 2, c - 2, 5, 5)
    }
  }
  if (version >= 7) {
    rect(0, size - 11, 6, 3)
    rect(size - 11, 0, 3, 6)
  }
  return f
}

const MASKS: ((r: number, c: number) => boolean)[] = [
  (r, c) => (r + c) % 2 === 0,
  (r) => r % 2 === 0,
  (_r, c) => c % 3 === 0,
  (r, c) => (r + c) % 3 === 0,
  (r, c) => (Math.floor(r / 2) + Math.floor(c / 3)) % 2 === 0,
  (r, c) => ((r * c) % 2) + ((r * c) % 3) === 0,
  (r, c) => (((r * c) % 2) + ((r * c) % 3)) % 2 === 0,
  (r, c) => (((r + c) % 2) + ((r * c) % 3)) % 2 === 0
]

function rawCodewords(version: number): number {
  let bits = (16 * version + 128) * version + 64
  if (version >= 2) {
    const n = Math.floor(version / 7) + 2
    bits -= (25 * n - 10) * n - 55
    if (version >= 7) bits -= 36
  }
  return Math.floor(bits / 8)
}

function readCodewords(m: Modules, version: number, mask: number): Uint8Array {
  const size = version * 4 + 17
  const fn = functionModules(version)
  const out = new Uint8Array(rawCodewords(version))
  let i = 0
  for (let right = size - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5
    const upward = ((right + 1) & 2) === 0
    for (let vert = 0; vert < size; vert++) {
      const r = upward ? size - 1 - vert : vert
      for (let j = 0; j < 2; j++) {
        const c = right - j
        if (fn[r]![c] || i >= out.length * 8) continue
        if (m(r, c) !== MASKS[mask]!(r, c)) out[i >> 3]! |= 0x80 >> (i & 7)
        i++
      }
    }
  }
  return out
}

/** The data codewords after correction, or null when a block cannot be corrected. */
function dataCodewords(raw: Uint8Array, version: number, level: number): Uint8Array | null {
  const ecl = LEVELS[level]!
  const blocks = Ecc.getBlocksCount(version, ecl)
  const eccLen = Ecc.getTotalCodewordsCount(version, ecl) / blocks
  const shortLen = Math.floor(raw.length / blocks)
  const shortBlocks = blocks - (raw.length % blocks)
  const padded = Array.from({ length: blocks }, () => new Uint8Array(shortLen + 1))
  let k = 0
  for (let i = 0; i <= shortLen; i++) {
    for (let j = 0; j < blocks; j++) if (i !== shortLen - eccLen || j >= shortBlocks) padded[j]![i] = raw[k++]!
  }
  const out: number[] = []
  for (let j = 0; j < blocks; j++) {
    const p = padded[j]!
    const block = j < shortBlocks ? Uint8Array.from([...p.subarray(0, shortLen - eccLen), ...p.subarray(shortLen - eccLen + 1)]) : p
    if (!correctBlock(block, eccLen)) return null
    out.push(...block.subarray(0, block.length - eccLen))
  }
  return Uint8Array.from(out)
}

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:'

function parseSegments(data: Uint8Array, version: number): string | null {
  let pos = 0
  const take = (n: number): number => {
    let v = 0
    for (let i = 0; i < n; i++, pos++) v = (v << 1) | ((data[pos >> 3]! >> (7 - (pos & 7))) & 1)
    return v
  }
  const left = () => data.length * 8 - pos
  const tier = version < 10 ? 0 : version < 27 ? 1 : 2
  let text = ''
  while (left() >= 4) {
    const mode = take(4)
    if (mode === 0) break
    if (mode === 7) {
      // ECI designator: read and ignore (the bytes are taken as UTF-8)
      const first = take(8)
      if ((first & 0xc0) === 0x80) take(8)
      else if ((first & 0xe0) === 0xc0) take(16)
      continue
    }
    const countBits = mode === 1 ? [10, 12, 14][tier]! : mode === 2 ? [9, 11, 13][tier]! : mode === 4 ? [8, 16, 16][tier]! : 0
    if (!countBits || left() < countBits) return null
    let count = take(countBits)
    if (mode === 1) {
      for (; count >= 3; count -= 3) text += String(take(10)).padStart(3, '0')
      if (count === 2) text += String(take(7)).padStart(2, '0')
      else if (count === 1) text += String(take(4))
    } else if (mode === 2) {
      for (; count >= 2; count -= 2) {
        const v = take(11)
        text += (ALNUM[Math.floor(v / 45)] ?? '') + (ALNUM[v % 45] ?? '')
      }
      if (count === 1) text += ALNUM[take(6)] ?? ''
    } else {
      if (left() < count * 8) return null
      const bytes = new Uint8Array(count)
      for (let i = 0; i < count; i++) bytes[i] = take(8)
      const decoded = utf8DecodePure(bytes)
      if (decoded === null) return null
      text += decoded
    }
    if (left() < 0) return null
  }
  return text
}

/** The text of a QR code of `version` whose modules `m` reads, or null. */
export function decodeModules(m: Modules, version: number): string | null {
  const size = version * 4 + 17
  const format = readFormat(m, size)
  if (!format) return null
  const data = dataCodewords(readCodewords(m, version, format.mask), version, format.level)
  return data ? parseSegments(data, version) : null
}
