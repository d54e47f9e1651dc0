/** The Up filter of the PNG encoder (png.ts): four bytes at a time gives the very bytes of the byte loop. */
import { describe, expect, it } from 'vitest'
import { upFiltered } from './png'

/** The filter as the encoder wrote it before (one byte at a time). */
function byteLoop(width: number, height: number, rgba: Uint8Array): Uint8Array {
  const stride = width * 4
  const raw = new Uint8Array((stride + 1) * height)
  for (let y = 0; y < height; y++) {
    const o = y * (stride + 1)
    raw[o] = 2
    const row = y * stride
    for (let i = 0; i < stride; i++) raw[o + 1 + i] = (rgba[row + i]! - (y > 0 ? rgba[row - stride + i]! : 0)) & 0xff
  }
  return raw
}

describe('PNG Up filter', () => {
  it('word at a time equals byte at a time, for every byte pair and at any offset', () => {
    // Every (above, below) byte pair once, in every byte lane: 256 × 256 pixels of two rows.
    const width = 256 * 256
    const pairs = new Uint8Array(width * 4 * 2)
    for (let k = 0; k < width; k++) {
      for (let lane = 0; lane < 4; lane++) {
        pairs[k * 4 + lane] = (k >> 8) ^ (lane * 37)
        pairs[width * 4 + k * 4 + lane] = (k & 0xff) ^ (lane * 91)
      }
    }
    expect(Buffer.from(upFiltered(width, 2, pairs)).equals(Buffer.from(byteLoop(width, 2, pairs)))).toBe(true)
    let seed = 7
    const next = (): number => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24
    for (const [w, h] of [[1, 1], [3, 5], [17, 9], [1600, 4]] as const) {
      const bytes = new Uint8Array(w * h * 4 + 4).map(next)
      for (const offset of [0, 1, 4]) {
        const rgba = bytes.subarray(offset, offset + w * h * 4)
        expect(Buffer.from(upFiltered(w, h, rgba)).equals(Buffer.from(byteLoop(w, h, rgba))), `${w}×${h} at ${offset}`).toBe(true)
      }
    }
  })
})
