/** Utf8Writer (issue 10, speed) writes exactly TextEncoder's bytes of the strings joined, in pieces. */
import { describe, expect, it } from 'vitest'
import { concatBytes } from './concat'
import { Utf8Writer } from './utf8Writer'

describe('Utf8Writer', () => {
  it('gives the bytes of the joined text: ASCII, Chinese, surrogate pairs, lone surrogates, across buffers', () => {
    const alphabet = ['a', '<w:t>', '概算', '审减（核增）理由', '\u{20000}', '\ud800', '\udc00x', '€', '\u2060', '']
    let seed = 5
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed % n
    }
    const strings: string[] = []
    for (let i = 0; i < 60000; i++) {
      let s = ''
      for (let k = rand(6); k > 0; k--) s += alphabet[rand(alphabet.length)]
      strings.push(s)
    }
    // Pieces larger than a buffer, and one that only just fits the rest of one.
    strings.splice(100, 0, '表'.repeat(200_000), 'x'.repeat(87_381), 'y'.repeat(300_000))
    strings.push('end')
    const w = new Utf8Writer()
    for (const s of strings) w.write(s)
    expect(w.length).toBe(new TextEncoder().encode(strings.join('')).length)
    const pieces = w.pieces()
    expect(pieces.length).toBeGreaterThan(2)
    expect(Buffer.from(concatBytes(pieces)).equals(Buffer.from(new TextEncoder().encode(strings.join(''))))).toBe(true)
    expect(w.pieces()).toEqual([])
    expect(w.length).toBe(0)
    // A high surrogate at the very end stays unpaired.
    w.write('a\ud800')
    expect(Buffer.from(concatBytes(w.pieces())).equals(Buffer.from(new TextEncoder().encode('a\ud800')))).toBe(true)
  })
})
