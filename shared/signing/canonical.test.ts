import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { ALWAYS_NFC, CanonicalJsonError, canonicalize, canonicalizeBySorting, canonicalizeCarefully, isCanonical, parseCanonical } from './canonical'

/** Deep copy with every string (values and member names) mapped by f. */
function mapStrings(v: unknown, f: (s: string) => string): unknown {
  if (typeof v === 'string') return f(v)
  if (Array.isArray(v)) return v.map((x) => mapStrings(x, f))
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, x] of Object.entries(v)) Object.defineProperty(out, f(k), { value: mapStrings(x, f), enumerable: true, writable: true, configurable: true })
    return out
  }
  return v
}

/** Deep copy with object members inserted in a pseudo-random order chosen by `seed`. */
function shuffleKeys(v: unknown, seed: number): unknown {
  let state = seed >>> 0 || 1
  const next = () => {
    state ^= state << 13
    state ^= state >>> 17
    state ^= state << 5
    return (state >>> 0) / 2 ** 32
  }
  const go = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(go)
    if (x && typeof x === 'object') {
      const entries = Object.entries(x)
      for (let i = entries.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1))
        const t = entries[i]!
        entries[i] = entries[j]!
        entries[j] = t
      }
      const out: Record<string, unknown> = {}
      for (const [k, y] of entries) Object.defineProperty(out, k, { value: go(y), enumerable: true, writable: true, configurable: true })
      return out
    }
    return x
  }
  return go(v)
}

/** Strings rich in characters whose NFC and NFD forms differ, plus CJK and full-width forms. */
const tricky = fc
  .array(fc.constantFrom('e\u0301', 'é', '中', '评审', 'Å', 'A\u030a', '한', '\u1112\u1161\u11ab', 'ｆ', '①', 'a', '"', '\\', '\n', '\u0000', '😀', ' '), { maxLength: 6 })
  .map((parts) => parts.join(''))

const trickyJson = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    tricky,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(tricky, tie('value'), { maxKeys: 4 })
  )
})).value

describe('canonicalize: fixed examples', () => {
  it('sorts members, drops whitespace and undefined members, keeps array order', () => {
    expect(canonicalize({ b: 1, a: [true, null, 'x', 2], c: undefined, ä: { z: 0, y: -1 } })).toBe(
      '{"a":[true,null,"x",2],"b":1,"ä":{"y":-1,"z":0}}'
    )
  })

  it('sorts member names by UTF-16 code units, not by code points', () => {
    // U+1F600 is D83D DE00 in UTF-16, so it sorts before U+FB01 although its code point is larger.
    expect(canonicalize({ '\ufb01': 1, '😀': 2, '\u00f6': 3, '1': 4, '\r': 5, '\u0080': 6, '\u20ac': 7 })).toBe(
      '{"\\r":5,"1":4,"\u0080":6,"ö":3,"€":7,"😀":2,"ﬁ":1}'
    )
  })

  it('writes numbers in shortest round-trip form (RFC 8785 examples) and -0 as 0', () => {
    expect(canonicalize([0, -0, 1, -1, 0.1, 1e21, 1e-7, 1.5e-7, 333333333.3333333, 1e20, 4.5, 2 ** 53, 5e-324])).toBe(
      '[0,0,1,-1,0.1,1e+21,1e-7,1.5e-7,333333333.3333333,100000000000000000000,4.5,9007199254740992,5e-324]'
    )
    expect(canonicalize(0.1 + 0.2)).toBe('0.30000000000000004')
  })

  it('escapes only quote, backslash and control characters; keeps Chinese literal', () => {
    expect(canonicalize('评审"台"\\\n\t\u0001\u001f\u007f\u2028')).toBe('"评审\\"台\\"\\\\\\n\\t\\u0001\\u001f\u007f\u2028"')
  })

  it('normalises strings and member names to NFC', () => {
    expect(canonicalize({ 'e\u0301': 'A\u030a' })).toBe('{"é":"Å"}')
    expect(canonicalize('\u1112\u1161\u11ab')).toBe('"한"')
  })

  it('rejects what JSON cannot carry unambiguously', () => {
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    for (const bad of [NaN, Infinity, -Infinity, 1n, () => 1, Symbol('x'), new Date(0), new Map(), new (class X {})(), cyclic, [1, undefined], '\ud800', { 'a\udc00': 1 }, undefined]) {
      expect(() => canonicalize(bad), String(typeof bad)).toThrow(CanonicalJsonError)
    }
    // Two member names that are the same after NFC.
    expect(() => canonicalize({ é: 1, 'e\u0301': 2 })).toThrow(/规范化后相同/)
  })

  it('names where the value it cannot encode sits', () => {
    const at = (v: unknown): string => {
      try {
        canonicalize(v)
      } catch (e) {
        return (e as CanonicalJsonError).path
      }
      return 'no error'
    }
    expect(at({ budget: [{ amount: 1 }, { amount: NaN }] })).toBe('.budget[1].amount')
    expect(at([1, [2, undefined]])).toBe('[1][1]')
    expect(at({ 名称: { x: '\uD800' } })).toBe('.名称.x')
    expect(at(Infinity)).toBe('')
    expect(at({ a: 'plain', b: 'café 中文' })).toBe('no error')
  })

  it('allows the same object twice when it is not a cycle', () => {
    const shared = { x: 1 }
    expect(canonicalize({ a: shared, b: [shared] })).toBe('{"a":{"x":1},"b":[{"x":1}]}')
  })

  it('isCanonical / parseCanonical accept only canonical text', () => {
    expect(isCanonical('{"a":1,"b":[1,2]}')).toBe(true)
    expect(isCanonical('{"b":1,"a":1}')).toBe(false)
    expect(isCanonical('{"a": 1}')).toBe(false)
    expect(isCanonical('{"a":1.0}')).toBe(false)
    expect(isCanonical('{"a":1,"a":2}')).toBe(false)
    expect(isCanonical('"\\u00e9"')).toBe(false)
    expect(isCanonical('not json')).toBe(false)
    expect(parseCanonical('{"a":[1]}')).toEqual({ a: [1] })
    expect(() => parseCanonical('{"b":1,"a":1}')).toThrow(CanonicalJsonError)
  })
})

describe('canonicalize: properties', () => {
  it('agrees with JSON.stringify of key-sorted ASCII values with integer numbers', () => {
    // A reference serialiser with keys sorted by code unit. (Rebuilding a sorted object and calling
    // JSON.stringify is no oracle: engines list integer-like keys such as "0" before all others.)
    const ref = (v: unknown): string => {
      if (Array.isArray(v)) return `[${v.map(ref).join(',')}]`
      if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>
        return `{${Object.keys(o)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${ref(o[k])}`)
          .join(',')}}`
      }
      return JSON.stringify(v)
    }
    const asciiInts = fc.letrec((tie) => ({
      v: fc.oneof({ depthSize: 'small' }, fc.constant(null), fc.boolean(), fc.integer(), fc.string({ unit: 'binary-ascii' }), fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(fc.string({ unit: 'binary-ascii' }), tie('v'), { maxKeys: 4 }))
    })).v
    fc.assert(fc.property(asciiInts, (v) => canonicalize(v) === ref(v)))
    // The case that broke the earlier oracle.
    expect(canonicalize({ '0': {}, '': [] })).toBe('{"":[],"0":{}}')
  })

  it('is a fixed point: canonicalize(JSON.parse(c)) === c', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue({ stringUnit: 'grapheme' }), trickyJson), (v) => {
        let c: string
        try {
          c = canonicalize(v)
        } catch (e) {
          fc.pre(!(e instanceof CanonicalJsonError && /规范化后相同/.test(e.message)))
          throw e
        }
        expect(canonicalize(JSON.parse(c))).toBe(c)
        expect(isCanonical(c)).toBe(true)
      }),
      { numRuns: 300 }
    )
  })

  it('does not depend on the order in which members were inserted', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue({ stringUnit: 'grapheme' }), trickyJson), fc.integer(), (v, seed) => {
        let c: string
        try {
          c = canonicalize(v)
        } catch {
          return fc.pre(false)
        }
        expect(canonicalize(shuffleKeys(v, seed))).toBe(c)
      }),
      { numRuns: 300 }
    )
  })

  it('does not depend on the Unicode normalisation form of strings (NFC, NFD)', () => {
    fc.assert(
      fc.property(trickyJson, (v) => {
        let c: string
        try {
          c = canonicalize(v)
        } catch {
          return fc.pre(false)
        }
        expect(canonicalize(mapStrings(v, (s) => s.normalize('NFD')))).toBe(c)
        expect(canonicalize(mapStrings(v, (s) => s.normalize('NFC')))).toBe(c)
      }),
      { numRuns: 300 }
    )
  })

  it('loses nothing: JSON.parse(canonicalize(v)) equals v (with -0 read as 0)', () => {
    const same = (a: unknown, b: unknown): boolean => {
      if (typeof a === 'number' && typeof b === 'number') return a === b // 0 === -0
      if (Array.isArray(a) || Array.isArray(b)) {
        return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]))
      }
      if (a && b && typeof a === 'object' && typeof b === 'object') {
        const ka = Object.keys(a).sort()
        const kb = Object.keys(b).sort()
        return ka.length === kb.length && ka.every((k, i) => k === kb[i] && same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
      }
      return a === b
    }
    fc.assert(fc.property(fc.jsonValue(), (v) => same(JSON.parse(canonicalize(v)), v)))
    // and the check itself can tell values apart
    expect(same(JSON.parse(canonicalize({ a: 1 })), { a: 2 })).toBe(false)
  })
})

describe('canonicalize: the JSON.stringify shortcut (issue 10, speed)', () => {
  /** The text, or the error's message and path: the shortcut must give the careful walk's answer, errors included. */
  const outcome = (f: (v: unknown) => string, v: unknown): string => {
    try {
      return `ok ${f(v)}`
    } catch (e) {
      return e instanceof CanonicalJsonError ? `error ${e.message}` : `other ${String(e)}`
    }
  }
  const agree = (v: unknown): void => expect(outcome(canonicalize, v)).toBe(outcome(canonicalizeCarefully, v))

  it('gives the careful walk’s text or error for any value, in any member order and normal form', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue({ stringUnit: 'grapheme' }), fc.jsonValue({ stringUnit: 'binary' }), trickyJson), fc.integer(), (v, seed) => {
        agree(v)
        agree(shuffleKeys(v, seed))
        agree(mapStrings(v, (s) => s.normalize('NFD')))
        // Parsed back from its canonical text: the shape a verifier checks (members in order, NFC).
        const c = outcome(canonicalizeCarefully, v)
        if (c.startsWith('ok ')) agree(JSON.parse(c.slice(3)))
      }),
      { numRuns: 1000 }
    )
  })

  it('the sorting shortcut gives the careful walk’s text, or declines (never another text, never an error)', () => {
    const sorting = (v: unknown): void => {
      const careful = outcome(canonicalizeCarefully, v)
      const sorted = canonicalizeBySorting(v)
      if (sorted !== null) expect(`ok ${sorted}`).toBe(careful)
    }
    let taken = 0
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue({ stringUnit: 'grapheme' }), fc.jsonValue({ stringUnit: 'binary' }), trickyJson), fc.integer(), (v, seed) => {
        const shuffled = shuffleKeys(v, seed)
        sorting(v)
        sorting(shuffled)
        sorting(mapStrings(v, (s) => s.normalize('NFD')))
        if (canonicalizeBySorting(shuffled) !== null) taken++
      }),
      { numRuns: 1000 }
    )
    // It is taken for most values (the property above would hold vacuously otherwise).
    expect(taken).toBeGreaterThan(500)
    // Members in any order, as a composed opinion has them.
    expect(canonicalizeBySorting({ b: [{ z: 1, a: '评审' }], a: { d: null, c: true } })).toBe('{"a":{"c":true,"d":null},"b":[{"a":"评审","z":1}]}')
    // Declines what sorting alone cannot make canonical.
    for (const v of [{ '10': 1, '9': 2 }, { 'e\u0301': 1 }, { a: NaN }, [undefined], new Date(0), { f: () => 1 }]) expect(canonicalizeBySorting(v)).toBeNull()
    expect(canonicalizeBySorting(JSON.parse('{"__proto__":1,"a":2}') as unknown)).toBe('{"__proto__":1,"a":2}')
  })

  it('leaves to the careful walk what JSON.stringify writes differently', () => {
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    const cases: unknown[] = [
      { '10': 1, '9': 2 }, // JSON.stringify lists integer-like names first
      { b: 1, a: undefined, c: 2 },
      { a: undefined, b: 1 },
      [1, undefined],
      [1, , 2], // eslint-disable-line no-sparse-arrays
      -0,
      { a: -0 },
      NaN,
      [Infinity],
      { a: () => 1 },
      { toJSON: () => 'x' },
      { a: Symbol('s') },
      { a: 1n },
      new Date(0),
      { d: new Date(0) },
      Object.assign(Object.create(null) as object, { b: 1, a: 2 }),
      Object.assign(Object.create(null) as object, { a: 1 }),
      cyclic,
      { 'e\u0301': 1 },
      'e\u0301',
      { é: 1, 'e\u0301': 2 },
      '\ud800',
      { 'a\udc00': 1 },
      ['\ud83d\ude00', { '😀': '评审' }],
      { __proto__: null, z: 1 },
      JSON.parse('{"__proto__":1,"a":2}') as unknown,
      JSON.parse('{"a":1,"__proto__":{"x":1}}') as unknown
    ]
    for (const v of cases) agree(v)
    expect(canonicalize({ b: 1, a: undefined, c: 2 })).toBe('{"b":1,"c":2}')
    expect(canonicalize({ '10': 1, '9': 2 })).toBe('{"10":1,"9":2}')
  })
})

describe('ALWAYS_NFC', () => {
  it('holds only characters that are NFC on their own and never compose or reorder with a neighbour', () => {
    let count = 0
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c)
      if (!ALWAYS_NFC.test(ch)) continue
      count++
      expect(ch.normalize('NFC'), `U+${c.toString(16)}`).toBe(ch)
      expect(ch.normalize('NFD'), `U+${c.toString(16)}`).toBe(ch)
      // Combining marks (canonical combining class ≠ 0, or composing with the preceding character) and the
      // Hangul jamo are what NFC reorders or composes; none is in the class.
      expect(/\p{M}/u.test(ch) || (c >= 0x1100 && c <= 0x11ff) || (c >= 0xd800 && c <= 0xdfff), `U+${c.toString(16)}`).toBe(false)
    }
    expect(count).toBeGreaterThan(27000)
    expect(ALWAYS_NFC.test('e\u0301')).toBe(false)
    expect(ALWAYS_NFC.test('\u302a')).toBe(false)
  })
})

