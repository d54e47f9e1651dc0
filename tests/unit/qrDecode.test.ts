import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { qrPicture } from '../kits/qrPicture'
import { decodeQr } from '../../shared/qr/decodeQr'
import { formatVenueCode } from '../../shared/sync/venueCode'

const venue = formatVenueCode({ host: '192.168.1.20', port: 8620, joinCode: '12345-67890', certFingerprint: 'a1b2c3d4'.repeat(8), secretariatFingerprint: '0f1e2d3c'.repeat(8) })

describe('decodeQr', () => {
  it('reads a venue code drawn by the app encoder, flat and as a camera sees it', () => {
    expect(decodeQr(qrPicture(venue))).toBe(venue)
    expect(decodeQr(qrPicture(venue, { angle: 12, noise: 40 }))).toBe(venue)
    expect(decodeQr(qrPicture(venue, { angle: -25, keystone: 0.08, scale: 5 }))).toBe(venue)
    expect(decodeQr(qrPicture(venue, { angle: 180, scale: 7 }))).toBe(venue)
    // held close: the code fills the frame
    expect(decodeQr(qrPicture(venue, { scale: 11, angle: 3 }))).toBe(venue)
  })

  it('reads every mask, every level, numeric, alphanumeric and UTF-8 text, small and large versions', () => {
    for (let mask = 0; mask < 8; mask++) expect(decodeQr(qrPicture(venue, { mask }))).toBe(venue)
    for (const level of ['L', 'M', 'Q', 'H'] as const) expect(decodeQr(qrPicture(venue, { level, scale: 5 }))).toBe(venue)
    for (const text of ['1', '0123456789012', 'HELLO WORLD 123', 'paneldesk:fp:0f1e2d3c', '会场加入码 PDV1', 'x'.repeat(300)]) {
      expect(decodeQr(qrPicture(text, { width: 800, height: 800, scale: text.length > 200 ? 4 : 8 }))).toBe(text)
    }
  })

  it('corrects damaged modules and gives up (null, no wrong text) when too many are wrong', () => {
    const few: [number, number][] = [[10, 12], [11, 20], [15, 15], [20, 30], [25, 11]]
    expect(decodeQr(qrPicture(venue, { flip: few }))).toBe(venue)
    const many: [number, number][] = []
    for (let r = 10; r < 30; r++) for (let c = 10; c < 30; c++) if ((r * 7 + c) % 3 === 0) many.push([r, c])
    expect(decodeQr(qrPicture(venue, { flip: many }))).toBeNull()
  })

  it('finds nothing in a blank or random picture and never throws', () => {
    expect(decodeQr({ width: 320, height: 240, data: new Uint8Array(320 * 240).fill(200) })).toBeNull()
    expect(decodeQr({ width: 10, height: 10, data: new Uint8Array(100) })).toBeNull()
    expect(decodeQr({ width: 100, height: 100, data: new Uint8Array(5) })).toBeNull()
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 64 * 48, maxLength: 64 * 48 }), (data) => {
        expect(() => decodeQr({ width: 64, height: 48, data })).not.toThrow()
      }),
      { numRuns: 30 }
    )
  })
})
