/**
 * The 验证信息 QR code (qrPng.ts) is the very file the qrcode package writes through pngjs — documents made so far
 * carry those bytes and verification compares pictures by SHA-256 — and its row filter is pngjs's choice.
 */
import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'
import QRCode from 'qrcode'
import { describe, expect, it } from 'vitest'
import { filterRows, QR_OPTIONS, qrPng } from './qrPng'

type PngjsFilter = (px: Uint8Array, width: number, height: number, options: { bitDepth: number }, bpp: number) => Uint8Array
const pngjsFilter = createRequire(import.meta.url)('pngjs/lib/filter-pack.js') as PngjsFilter

const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b))

describe('QR code PNG', () => {
  it('is byte for byte what qrcode writes, for digests and texts of every QR size', async () => {
    const texts = [
      ...Array.from({ length: 40 }, (_, i) => createHash('sha256').update(`digest ${i}`).digest('hex')),
      ...Array.from({ length: 24 }, (_, i) => 'x'.repeat(1 + i * 11)),
      '专家组评审意见内容摘要',
      'A',
      createHash('sha512').update('long').digest('hex').repeat(3)
    ]
    for (const text of texts) {
      const theirs = new Uint8Array(await QRCode.toBuffer(text, { ...QR_OPTIONS }))
      expect(same(qrPng(text), theirs), text).toBe(true)
    }
  })

  it('chooses each row filter as pngjs does, on noise, gradients, flat and repeated rows', () => {
    let seed = 11
    const rand = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff
      return seed >> 16
    }
    const images: { w: number; h: number; px: Uint8Array }[] = []
    for (const [w, h] of [[1, 1], [3, 5], [17, 9], [64, 33]] as const) {
      const noise = Uint8Array.from({ length: w * h * 4 }, () => rand() & 0xff)
      const gradient = Uint8Array.from({ length: w * h * 4 }, (_, i) => ((i % (w * 4)) * 7 + Math.floor(i / (w * 4)) * 13) & 0xff)
      const zeros = new Uint8Array(w * h * 4)
      const flat = new Uint8Array(w * h * 4).fill(200)
      // Rows repeated in runs, as in a scaled-up QR code, with a zero row among them.
      const runs = new Uint8Array(w * h * 4)
      for (let y = 0; y < h; y++) {
        const src = Math.floor(y / 3)
        for (let x = 0; x < w * 4; x++) runs[y * w * 4 + x] = src === 1 ? 0 : ((src * 31 + x * 17) & 0xff) > 128 ? 255 : 0
      }
      for (const px of [noise, gradient, zeros, flat, runs]) images.push({ w, h, px })
    }
    for (const { w, h, px } of images) {
      expect(same(filterRows(px, w, h), pngjsFilter(px, w, h, { bitDepth: 8 }, 4)), `${w}×${h}`).toBe(true)
    }
  })
})
