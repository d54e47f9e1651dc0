import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
// sm-crypto is the older, independent implementation (jsbn-based), used here as a second opinion.
import * as smv1 from 'sm-crypto'
import { sm2 as smv2 } from 'sm-crypto-v2'
import { generateKeyPair, hexToBytes, sm2Sign, sm2Verify } from './sm'
import { affine, combSum, onCurve, parseDerSignature, pointTable, publicKeyTable, verifyDigest } from './sm2Verify'

const v1 = ((smv1 as unknown as { default?: typeof smv1 }).default ?? smv1) as typeof smv1
const OPTS = { hash: true, der: true } as const
const N = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n
const G = '0432c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7bc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0'
const hex64 = (n: bigint): string => n.toString(16).padStart(64, '0')

/** DER of (r, s) as sm-crypto writes it (minimal positive INTEGERs). */
function der(r: bigint, s: bigint): string {
  const int = (n: bigint): string => {
    let h = n.toString(16)
    if (h.length % 2) h = `0${h}`
    if (/^[89a-f]/.test(h)) h = `00${h}`
    return `02${(h.length / 2).toString(16).padStart(2, '0')}${h}`
  }
  const body = int(r) + int(s)
  return `30${(body.length / 2).toString(16).padStart(2, '0')}${body}`
}

/** k·Q by sm-crypto-v2's curve (noble), affine, or null at infinity. */
function nobleMul(publicKey: string, k: bigint): { x: bigint; y: bigint } | null {
  if (k % N === 0n) return null
  const p = smv2.precomputePublicKey(publicKey, 1).multiply(k % N)
  return { x: p.x, y: p.y }
}

describe('SM2 verification of our own (sm2Verify.ts)', () => {
  it('agrees with sm-crypto-v2 and sm-crypto on valid and altered signatures', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.integer({ min: 0, max: 5 }), (msg, alter) => {
        const kp = generateKeyPair()
        const sig = sm2Sign(msg, kp.privateKey, kp.publicKey)
        const rs = parseDerSignature(sig) as { r: bigint; s: bigint }
        expect(rs).not.toBeNull()
        const other = generateKeyPair().publicKey
        const cases: [string, string, string][] = [
          [msg, sig, kp.publicKey],
          [`${msg}x`, sig, kp.publicKey],
          [msg, der(rs.r, (rs.s + 1n) % N), kp.publicKey],
          [msg, der((rs.r + 1n) % N, rs.s), kp.publicKey],
          [msg, der(rs.s, rs.r), kp.publicKey],
          [msg, sig, other]
        ]
        const [m, s, k] = cases[alter] as [string, string, string]
        const mine = sm2Verify(m, s, k)
        expect(mine).toBe(alter === 0)
        expect(mine).toBe(smv2.doVerifySignature(m, s, k, OPTS))
        expect(mine).toBe(v1.sm2.doVerifySignature(m, s, k, OPTS))
      }),
      { numRuns: 30 }
    )
  })

  it('refuses r or s outside [1, n − 1] and r + s = n, as the standard requires', () => {
    const kp = generateKeyPair()
    const { r, s } = parseDerSignature(sm2Sign('x', kp.privateKey, kp.publicKey)) as { r: bigint; s: bigint }
    for (const [rr, ss] of [[0n, s], [r, 0n], [N, s], [r, N], [r + N, s], [r, s + N], [r, N - r]] as [bigint, bigint][]) {
      expect(sm2Verify('x', der(rr, ss), kp.publicKey)).toBe(false)
    }
  })

  it('refuses a signature whose point s·G + t·P is at infinity', () => {
    // With P = d·G, s + t·d ≡ 0 (mod n) for t = r + s when s = −r·d / (1 + d).
    const kp = generateKeyPair()
    const d = BigInt(`0x${kp.privateKey}`)
    const r = 123456789n
    const pow = (b: bigint, e: bigint): bigint => (e === 0n ? 1n : e % 2n ? (b * pow(b, e - 1n)) % N : pow((b * b) % N, e / 2n))
    const s = (((N - ((r * d) % N)) % N) * pow((1n + d) % N, N - 2n)) % N
    const key = publicKeyTable(kp.publicKey)
    if (!key) throw new Error('key')
    expect(combSum(s, (r + s) % N, key).Z).toBe(0n)
    for (const e of [0n, 1n, N - r, 2n ** 255n]) expect(verifyDigest(e, r, s, key)).toBe(false)
  })

  it('computes s·G + t·Q as noble does, doubling included (Q = G, s = t)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: N - 1n }), fc.bigInt({ min: 1n, max: N - 1n }), fc.boolean(), (s, t, same) => {
        const kp = generateKeyPair()
        const pub = same ? G : kp.publicKey
        const tt = same ? s : t
        const key = publicKeyTable(pub)
        if (!key) throw new Error('key')
        const want = (() => {
          const a = smv2.precomputePublicKey(G, 1).multiply(s)
          const b = smv2.precomputePublicKey(pub, 1).multiply(tt)
          const sum = a.add(b)
          return sum.equals(a.subtract(a)) ? null : { x: sum.x, y: sum.y }
        })()
        expect(affine(combSum(s, tt, key))).toEqual(want)
      }),
      { numRuns: 25 }
    )
  })

  it('builds tables of points on the curve: entry idx is Σ bit_j(idx)·2^(32·j)·Q', () => {
    const kp = generateKeyPair()
    const t = publicKeyTable(kp.publicKey)
    if (!t) throw new Error('key')
    expect(t.xs).toHaveLength(255)
    for (const idx of [1, 2, 3, 128, 200, 255]) {
      let k = 0n
      for (let j = 0; j < 8; j++) if ((idx >> j) & 1) k += 1n << BigInt(32 * j)
      expect({ x: t.xs[idx - 1], y: t.ys[idx - 1] }).toEqual(nobleMul(kp.publicKey, k))
      expect(onCurve(t.xs[idx - 1] as bigint, t.ys[idx - 1] as bigint)).toBe(true)
    }
    const g = pointTable(BigInt(`0x${G.slice(2, 66)}`), BigInt(`0x${G.slice(66)}`))
    expect(g.xs[0]).toBe(BigInt(`0x${G.slice(2, 66)}`))
  })

  it('refuses keys that are not points of the curve', () => {
    const kp = generateKeyPair()
    const y = BigInt(`0x${kp.publicKey.slice(66)}`)
    expect(publicKeyTable(`04${kp.publicKey.slice(2, 66)}${hex64(y ^ 1n)}`)).toBeNull()
    expect(publicKeyTable(`04${'0'.repeat(128)}`)).toBeNull()
    expect(publicKeyTable(`04${'f'.repeat(128)}`)).toBeNull()
    expect(publicKeyTable(kp.publicKey.slice(2))).toBeNull()
  })

  it('parses only canonical DER; anything else still gets sm-crypto-v2’s answer through sm2Verify', () => {
    const kp = generateKeyPair()
    const sig = sm2Sign('abc', kp.privateKey, kp.publicKey)
    const { r, s } = parseDerSignature(sig) as { r: bigint; s: bigint }
    const loose = [
      `${sig}00`, // trailing byte
      `30${(parseInt(sig.slice(2, 4), 16) + 1).toString(16)}${sig.slice(4)}00`, // length covers trailing byte
      der(r, s).replace(/^3044/, '3045').replace(/0220/, '022100'), // non-minimal s, when s has no high bit
      '3006020100020100',
      '3000',
      sig.slice(0, -2)
    ]
    for (const l of loose) {
      if (parseDerSignature(l) !== null) expect(l).toBe(sig)
      const want = (() => {
        try {
          return smv2.doVerifySignature('abc', l, kp.publicKey, OPTS)
        } catch {
          return false
        }
      })()
      expect(sm2Verify('abc', l, kp.publicKey)).toBe(want)
    }
    expect(parseDerSignature(sig)).toEqual({ r, s })
    expect(parseDerSignature(der(r, s))).toEqual({ r, s })
  })

  it('reduces a digest e ≥ n as the standard does ((e + x1) mod n)', () => {
    const kp = generateKeyPair()
    const key = publicKeyTable(kp.publicKey)
    if (!key) throw new Error('key')
    for (const e of [2n ** 256n - 1n, N, N + 5n, 0n, 1n]) {
      const sig = smv2.doSignature(hexToBytes(hex64(e)), kp.privateKey, { hash: false, der: true })
      const rs = parseDerSignature(sig)
      if (!rs) throw new Error('sig')
      expect(verifyDigest(e, rs.r, rs.s, key)).toBe(true)
      expect(verifyDigest(e + 1n, rs.r, rs.s, key)).toBe(false)
    }
  })
})
