/**
 * Reed–Solomon error correction over GF(256) as QR codes use it (polynomial 0x11d, generator roots α^0…α^(n-1)):
 * syndromes, Berlekamp–Massey for the error locator, Chien search for the positions, Forney for the values.
 */
const EXP = new Uint8Array(512)
const LOG = new Uint8Array(256)
{
  let x = 1
  for (let i = 0; i < 255; i++) {
    EXP[i] = x
    LOG[x] = i
    x <<= 1
    if (x & 0x100) x ^= 0x11d
  }
  for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255]!
}

const mul = (a: number, b: number): number => (a === 0 || b === 0 ? 0 : EXP[LOG[a]! + LOG[b]!]!)
const div = (a: number, b: number): number => (a === 0 ? 0 : EXP[(LOG[a]! + 255 - LOG[b]!) % 255]!)
/** α^e for any integer e. */
const pow = (e: number): number => EXP[((e % 255) + 255) % 255]!

/** p(x) with p[i] the coefficient of x^i. */
function evalLow(p: number[], x: number): number {
  let y = 0
  for (let i = p.length - 1; i >= 0; i--) y = mul(y, x) ^ p[i]!
  return y
}

function syndromes(block: Uint8Array, nsym: number): number[] {
  const s: number[] = []
  for (let j = 0; j < nsym; j++) {
    let y = 0
    // codeword[0] is the highest power
    for (const c of block) y = mul(y, pow(j)) ^ c
    s.push(y)
  }
  return s
}

function berlekampMassey(s: number[]): number[] {
  let c = [1]
  let b = [1]
  let l = 0
  let m = 1
  let bb = 1
  for (let n = 0; n < s.length; n++) {
    let d = s[n]!
    for (let i = 1; i <= l; i++) d ^= mul(c[i] ?? 0, s[n - i]!)
    if (d === 0) {
      m++
      continue
    }
    const coef = div(d, bb)
    const next = c.slice()
    for (let i = 0; i < b.length; i++) {
      while (next.length <= i + m) next.push(0)
      next[i + m] = next[i + m]! ^ mul(coef, b[i]!)
    }
    if (2 * l <= n) {
      l = n + 1 - l
      b = c
      bb = d
      m = 1
    } else m++
    c = next
  }
  return c.slice(0, l + 1)
}

/**
 * Corrects `block` (data then `nsym` check bytes) in place. Returns false when the errors are more than the code can
 * correct (the block is then left as it was).
 */
export function correctBlock(block: Uint8Array, nsym: number): boolean {
  const s = syndromes(block, nsym)
  if (s.every((v) => v === 0)) return true
  const lambda = berlekampMassey(s)
  const errors = lambda.length - 1
  if (errors * 2 > nsym) return false
  const n = block.length
  const positions: number[] = []
  for (let i = 0; i < n; i++) if (evalLow(lambda, pow(-(n - 1 - i))) === 0) positions.push(i)
  if (positions.length !== errors) return false
  // Ω(x) = S(x)Λ(x) mod x^nsym
  const omega = new Array<number>(nsym).fill(0)
  for (let i = 0; i < nsym; i++) for (let j = 0; j <= i && j < lambda.length; j++) omega[i] = omega[i]! ^ mul(lambda[j]!, s[i - j]!)
  const derivative = lambda.map((v, i) => (i % 2 === 1 ? v : 0)).slice(1)
  const fixed = block.slice()
  for (const i of positions) {
    const x = pow(n - 1 - i)
    const xInv = pow(-(n - 1 - i))
    const den = evalLow(derivative, xInv)
    if (den === 0) return false
    fixed[i] = fixed[i]! ^ mul(x, div(evalLow(omega, xInv), den))
  }
  if (!syndromes(fixed, nsym).every((v) => v === 0)) return false
  block.set(fixed)
  return true
}
