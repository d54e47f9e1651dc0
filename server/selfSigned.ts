/**
 * A self-signed TLS certificate made on the spot for 会场模式 (issue 11 item 10), with node:crypto only: an ECDSA
 * P-256 key and a minimal X.509 v3 certificate (DER written here) naming the LAN addresses it serves in
 * subjectAltName. Devices do not trust it through a CA: they pin its SHA-256 fingerprint, which travels in the join
 * code (shared/sync/venueCode.ts).
 */
import crypto from 'node:crypto'
import net from 'node:net'

function len(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n])
  const bytes: number[] = []
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff)
  return Buffer.from([0x80 | bytes.length, ...bytes])
}
const tlv = (tag: number, ...body: Buffer[]): Buffer => {
  const b = Buffer.concat(body)
  return Buffer.concat([Buffer.from([tag]), len(b.length), b])
}
const seq = (...b: Buffer[]): Buffer => tlv(0x30, ...b)
const set = (...b: Buffer[]): Buffer => tlv(0x31, ...b)

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number) as [number, number, ...number[]]
  const out = [40 * a + b]
  for (const n of rest) {
    const chunk = [n & 0x7f]
    for (let v = n >> 7; v > 0; v >>= 7) chunk.unshift(0x80 | (v & 0x7f))
    out.push(...chunk)
  }
  return tlv(0x06, Buffer.from(out))
}

function utcTime(d: Date): Buffer {
  const p = (n: number) => String(n).padStart(2, '0')
  const s = `${p(d.getUTCFullYear() % 100)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`
  return tlv(0x17, Buffer.from(s, 'ascii'))
}

function ipBytes(ip: string): Buffer | null {
  if (net.isIPv4(ip)) return Buffer.from(ip.split('.').map(Number))
  if (!net.isIPv6(ip)) return null
  // Expand :: and write 8 groups of 16 bits.
  const [head, tail] = ip.includes('::') ? (ip.split('::') as [string, string]) : [ip, '']
  const h = head ? head.split(':') : []
  const t = tail ? tail.split(':') : []
  const groups = [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t]
  return Buffer.concat(groups.map((g) => Buffer.from([(parseInt(g, 16) >> 8) & 0xff, parseInt(g, 16) & 0xff])))
}

export interface SelfSigned {
  certPem: string
  keyPem: string
  /** SHA-256 of the certificate's DER, lowercase hex (64 digits). */
  fingerprint: string
}

/** The SHA-256 fingerprint of a PEM or DER certificate, lowercase hex without separators. */
export function certFingerprint(cert: string | Buffer): string {
  return new crypto.X509Certificate(cert).fingerprint256.replace(/:/g, '').toLowerCase()
}

/** A certificate for the given addresses (IPv4/IPv6; `localhost` is always named), valid from a day ago for `days`. */
export function makeSelfSigned(addresses: string[], days = 30, commonName = 'PanelDesk 会场同步服务器'): SelfSigned {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const ecdsaSha256 = seq(oid('1.2.840.10045.4.3.2'))
  const name = seq(set(seq(oid('2.5.4.3'), tlv(0x0c, Buffer.from(commonName, 'utf8')))))
  const serial = crypto.randomBytes(16)
  // A positive INTEGER in minimal DER form: top bit clear (positive) and the first byte never 0 (a leading zero
  // byte before one below 0x80 is not minimal, and the certificate would not parse: about 1 in 500 before).
  serial[0] = (serial[0]! & 0x7f) | 0x40
  const now = Date.now()
  const sans = [...new Set(addresses)].map(ipBytes).filter((b): b is Buffer => b !== null).map((b) => tlv(0x87, b))
  sans.push(tlv(0x82, Buffer.from('localhost', 'ascii')))
  const san = seq(oid('2.5.29.17'), tlv(0x04, seq(...sans)))
  const serverAuth = seq(oid('2.5.29.37'), tlv(0x04, seq(oid('1.3.6.1.5.5.7.3.1'))))
  const tbs = seq(
    tlv(0xa0, tlv(0x02, Buffer.from([2]))),
    tlv(0x02, serial),
    ecdsaSha256,
    name,
    seq(utcTime(new Date(now - 86_400_000)), utcTime(new Date(now + days * 86_400_000))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    tlv(0xa3, seq(san, serverAuth))
  )
  const sig = crypto.sign('sha256', tbs, privateKey)
  const der = seq(tbs, ecdsaSha256, tlv(0x03, Buffer.from([0]), sig))
  const certPem = `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{1,64}/g, '$&\n')}-----END CERTIFICATE-----\n`
  return { certPem, keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), fingerprint: certFingerprint(der) }
}
