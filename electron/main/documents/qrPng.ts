/**
 * The 验证信息 block's QR code as a PNG: exactly the bytes `qrcode`'s `toBuffer(text, { type: 'png',
 * errorCorrectionLevel: 'M', margin: 1, width: 240 })` writes through pngjs, which every document made so far
 * carries (verification compares pictures by SHA-256, so a regenerated QR code must be the same file). pngjs tries
 * all five PNG filters on every pixel row in JavaScript, then deflates through a stream: ≈ 7 ms a code, twelve
 * codes a project (issue 10, speed). Here the QR matrix still comes from `qrcode`; the pixels, the filter choice
 * (the same rule: the filter with the least sum of absolute differences, the first on a tie) and the deflate
 * (zlib level 9, Z_RLE, as pngjs asks) are done directly, and a row equal to the row above, most rows of a QR
 * code, is settled without a pass over its bytes. pngjs's stream emits the zlib header (2 bytes) as its own IDAT
 * chunk before the rest; that split is reproduced. qrPng.test.ts compares the bytes with `qrcode` on many texts.
 */
import type QRCodeModule from 'qrcode'
import zlib from 'node:zlib'
import { lazyModule } from '../lazyModule'
import { concatBytes } from '../binary/concat'
import { PNG_SIGNATURE, pngChunk } from './png'

/** The QR code library is loaded with the first signed document (lazyModule.ts). */
const loadQRCode = lazyModule<typeof QRCodeModule>('qrcode', '二维码生成')

/** The options every document's QR code is drawn with. */
export const QR_OPTIONS = { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 240 } as const

const DEFLATE = { level: 9, strategy: zlib.constants.Z_RLE, chunkSize: 32 * 1024 }

/** The QR code of `text` as a PNG file (the same bytes as qrcode's PNG renderer with QR_OPTIONS). */
export function qrPng(text: string): Uint8Array {
  const qr = loadQRCode().create(text, { errorCorrectionLevel: QR_OPTIONS.errorCorrectionLevel })
  const { size, rgba } = qrPixels(qr.modules.size, qr.modules.data)
  const raw = filterRows(rgba, size, size)
  // pngjs writes all pixels with Z_NO_FLUSH, then finishes: two outputs, each an IDAT chunk.
  const head = zlib.deflateSync(raw, { ...DEFLATE, finishFlush: zlib.constants.Z_NO_FLUSH })
  const all = zlib.deflateSync(raw, DEFLATE)
  if (all.length > DEFLATE.chunkSize || head.length > all.length || !all.subarray(0, head.length).equals(head)) {
    throw new Error('内部错误：二维码图片压缩结果异常')
  }
  const ihdr = new Uint8Array(13)
  const v = new DataView(ihdr.buffer)
  v.setUint32(0, size)
  v.setUint32(4, size)
  ihdr.set([8, 6, 0, 0, 0], 8) // 8 bits, RGBA, deflate, adaptive filtering, no interlace
  const idat = [head, all.subarray(head.length)].filter((b) => b.length > 0).map((b) => pngChunk('IDAT', b))
  return concatBytes([PNG_SIGNATURE, pngChunk('IHDR', ihdr), ...idat, pngChunk('IEND', new Uint8Array(0))])
}

/** The QR matrix as RGBA pixels, with qrcode's own arithmetic (renderer/utils.js: getScale, qrToImageData). */
function qrPixels(modules: number, data: Uint8Array): { size: number; rgba: Uint8Array } {
  const margin = QR_OPTIONS.margin
  const scale = QR_OPTIONS.width >= modules + margin * 2 ? QR_OPTIONS.width / (modules + margin * 2) : 4
  const size = Math.floor((modules + margin * 2) * scale)
  const scaledMargin = margin * scale
  const rgba = new Uint8Array(size * size * 4).fill(255)
  for (let i = 0; i < size; i++) {
    if (i < scaledMargin || i >= size - scaledMargin) continue
    const iSrc = Math.floor((i - scaledMargin) / scale)
    for (let j = 0; j < size; j++) {
      if (j < scaledMargin || j >= size - scaledMargin) continue
      if (!data[iSrc * modules + Math.floor((j - scaledMargin) / scale)]) continue
      const at = (i * size + j) * 4
      rgba[at] = 0
      rgba[at + 1] = 0
      rgba[at + 2] = 0
    }
  }
  return { size, rgba }
}

function paeth(left: number, above: number, upLeft: number): number {
  const p = left + above - upLeft
  const pLeft = Math.abs(p - left)
  const pAbove = Math.abs(p - above)
  const pUpLeft = Math.abs(p - upLeft)
  if (pLeft <= pAbove && pLeft <= pUpLeft) return left
  return pAbove <= pUpLeft ? above : upLeft
}

/**
 * pngjs's adaptive filtering of 8-bit RGBA rows (filter-pack.js): per row the filter whose differences (not taken
 * mod 256) have the least sum of absolute values, the first of None, Sub, Up, Average, Paeth on a tie. A row equal
 * to the row above has the None and Sub sums of that row and an Up sum of 0.
 */
export function filterRows(px: Uint8Array, width: number, height: number): Uint8Array {
  const bpp = 4
  const stride = width * bpp
  const raw = new Uint8Array((stride + 1) * height)
  let lastNone = -1
  let lastSub = -1
  for (let y = 0; y < height; y++) {
    const pos = y * stride
    const out = y * (stride + 1)
    if (y > 0 && sameRow(px, pos, stride)) {
      // Sums of None and Sub depend on the row alone; Up is all zeros (raw is zero-filled).
      raw[out] = lastNone === 0 ? 0 : lastSub === 0 ? 1 : 2
      if (raw[out] !== 2) writeRow(px, pos, stride, raw, out + 1, raw[out]!, y > 0)
      continue
    }
    const sums = [0, 0, 0, 0, 0]
    for (let x = 0; x < stride; x++) {
      const p = px[pos + x]!
      const left = x >= bpp ? px[pos + x - bpp]! : 0
      const up = y > 0 ? px[pos + x - stride]! : 0
      const upLeft = y > 0 && x >= bpp ? px[pos + x - stride - bpp]! : 0
      sums[0]! += p
      sums[1]! += Math.abs(p - left)
      sums[2]! += Math.abs(p - up)
      sums[3]! += Math.abs(p - ((left + up) >> 1))
      sums[4]! += Math.abs(p - paeth(left, up, upLeft))
    }
    let sel = 0
    for (let i = 1; i < 5; i++) if (sums[i]! < sums[sel]!) sel = i
    lastNone = sums[0]!
    lastSub = sums[1]!
    raw[out] = sel
    writeRow(px, pos, stride, raw, out + 1, sel, y > 0)
  }
  return raw
}

function sameRow(px: Uint8Array, pos: number, stride: number): boolean {
  return Buffer.compare(px.subarray(pos, pos + stride), px.subarray(pos - stride, pos)) === 0
}

function writeRow(px: Uint8Array, pos: number, stride: number, raw: Uint8Array, at: number, filter: number, hasUp: boolean): void {
  const bpp = 4
  for (let x = 0; x < stride; x++) {
    const p = px[pos + x]!
    const left = x >= bpp ? px[pos + x - bpp]! : 0
    const up = hasUp ? px[pos + x - stride]! : 0
    const upLeft = hasUp && x >= bpp ? px[pos + x - stride - bpp]! : 0
    const predicted = filter === 0 ? 0 : filter === 1 ? left : filter === 2 ? up : filter === 3 ? (left + up) >> 1 : paeth(left, up, upLeft)
    raw[at + x] = p - predicted
  }
}
