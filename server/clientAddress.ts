/**
 * The client's address for the enrolment rate limit (issue 15, item 10). By default it is the socket's peer
 * address: an `X-Forwarded-For` header is anyone's to write and is ignored. Behind the documented TLS reverse
 * proxy every request comes from the proxy, so all clients would share one limit: the server is then started with
 * `--trust-proxy` listing the proxies (addresses or CIDR ranges). For a request whose peer is one of them, the
 * header is read from the right, skipping trusted hops, and the first untrusted hop is the client (what a
 * client writes into the header itself stays to the left of what its proxies append, so it cannot choose it).
 */
import type http from 'node:http'
import net from 'node:net'

/** At most this many hops of X-Forwarded-For are read (the header is outside data). */
const MAX_HOPS = 32

export interface TrustedProxies {
  /** Whether `address` (a peer or a hop) is a trusted proxy. */
  has(address: string): boolean
  readonly empty: boolean
}

/** `::ffff:10.0.0.1` → `10.0.0.1`, brackets and zone ids removed; '' when not an IP address. */
export function normalizeAddress(raw: string): string {
  let a = raw.trim()
  if (a.startsWith('[') && a.includes(']')) a = a.slice(1, a.indexOf(']'))
  const zone = a.indexOf('%')
  if (zone >= 0) a = a.slice(0, zone)
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a)
  if (mapped) a = mapped[1] as string
  return net.isIP(a) ? a.toLowerCase() : ''
}

/**
 * Parses the `--trust-proxy` list (comma-separated or repeated): IPv4/IPv6 addresses and CIDR ranges such as
 * 10.0.0.0/8 or fd00::/8. Throws an Error with a Chinese message for an entry that is neither.
 */
export function parseTrustedProxies(entries: readonly string[]): TrustedProxies {
  const list = new net.BlockList()
  let count = 0
  for (const entry of entries.flatMap((e) => e.split(',')).map((e) => e.trim()).filter(Boolean)) {
    const [addr = '', bits, extra] = entry.split('/')
    const ip = normalizeAddress(addr)
    const family = net.isIP(ip) === 6 ? 'ipv6' : 'ipv4'
    const max = family === 'ipv6' ? 128 : 32
    const prefix = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : NaN
    if (!ip || extra !== undefined || !(prefix >= 0 && prefix <= max)) throw new Error(`--trust-proxy 中的“${entry.slice(0, 60)}”不是 IP 地址或 CIDR 网段`)
    if (prefix === max) list.addAddress(ip, family)
    else list.addSubnet(ip, prefix, family)
    count++
  }
  return {
    empty: count === 0,
    has(address: string): boolean {
      const ip = normalizeAddress(address)
      if (!ip || count === 0) return false
      return list.check(ip, net.isIP(ip) === 6 ? 'ipv6' : 'ipv4')
    }
  }
}

/** The address a request is limited and logged under (see the module comment). */
export function clientAddress(req: http.IncomingMessage, trusted: TrustedProxies): string {
  const peer = normalizeAddress(req.socket.remoteAddress ?? '') || '?'
  if (trusted.empty || !trusted.has(peer)) return peer
  const header = req.headers['x-forwarded-for']
  const text = (Array.isArray(header) ? header.join(',') : (header ?? '')).slice(0, 4096)
  const hops = text.split(',').map((h) => h.trim()).filter(Boolean).slice(-MAX_HOPS)
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalizeAddress(hops[i] as string)
    // Not an address: the proxies did not write it as they should. The nearest trusted hop (or the peer) stands
    // for the client, so such requests share that hop's limit rather than choosing their own.
    if (!hop) return i === hops.length - 1 ? peer : normalizeAddress(hops[i + 1] as string) || peer
    if (!trusted.has(hop)) return hop
  }
  // Every hop is a trusted proxy: the leftmost one is as close to the client as we can tell.
  return normalizeAddress(hops[0] ?? '') || peer
}
