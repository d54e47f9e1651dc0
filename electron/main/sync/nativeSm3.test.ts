import { describe, expect, it } from 'vitest'
import { sm3Hex, sm3HexOfBytes } from '../../../shared/signing/sm'
import type { Change } from '../../../shared/sync/change'
import { bytesDigest, changeLine, unitDigest } from '../../../shared/sync/seal'
import { nativeSm3Available } from './nativeSm3'

describe('native SM3 for seal digests', () => {
  it('gives the same digest as the JavaScript SM3 (installed on import where Node has it)', () => {
    expect(nativeSm3Available()).toBe(true) // Node 20's OpenSSL has SM3; Electron's BoringSSL does not
    const unit: Change[] = Array.from({ length: 50 }, (_, i) => ({ origin: 'o', seq: i + 1, tx: 1, txEnd: 50, hlc: 'h', author: 'e1', tbl: 'scores', rowId: `r${i}`, col: 'value', value: `"评分${i}"` }))
    expect(unitDigest(unit)).toBe(sm3Hex(unit.map(changeLine).join('')))
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 37) & 255)
    expect(bytesDigest(bytes)).toBe(sm3HexOfBytes(bytes))
    expect(bytesDigest(new Uint8Array(0))).toBe(sm3HexOfBytes(new Uint8Array(0)))
  })
})
