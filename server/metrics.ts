/**
 * The server's metrics in the Prometheus text format (`GET /metrics`), per process: requests by route, method and
 * status, a latency histogram per route, changes pushed (by verdict) and pulled, failed requests, and — read from
 * the store when scraped — the changes held on the server. Labels come from fixed lists only (an unknown path is
 * the route `other`), so no request can make the set of series grow.
 */

/** The routes of the API, as labels. */
const ROUTES = ['/v1/enrol', '/v1/join-codes', '/v1/hello', '/v1/pull', '/v1/push', '/v1/blobs', '/v1/blobs/:sha256', '/healthz', '/readyz', '/metrics'] as const
const METHODS = new Set(['GET', 'POST', 'PUT', 'HEAD'])
/** Latency buckets in seconds. */
export const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

/** The route label of a request path. */
export function routeOf(path: string): string {
  if ((ROUTES as readonly string[]).includes(path)) return path
  if (/^\/v1\/blobs\/[0-9a-f]{64}$/.test(path)) return '/v1/blobs/:sha256'
  return 'other'
}

interface Histogram {
  counts: number[]
  sum: number
  count: number
}

export type PushVerdict = 'accepted' | 'rejected' | 'ignored'

export class Metrics {
  private readonly requests = new Map<string, number>()
  private readonly latency = new Map<string, Histogram>()
  private readonly pushed: Record<PushVerdict, number> = { accepted: 0, rejected: 0, ignored: 0 }
  private pulled = 0
  private errors = 0
  /** Requests received and not yet answered (kept by server/main.ts). */
  inFlight = 0
  private readonly started = Date.now()

  /** One answered request. */
  request(route: string, method: string, status: number, seconds: number): void {
    const m = METHODS.has(method) ? method : 'other'
    const key = `${route}\t${m}\t${status}`
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1)
    if (status >= 500) this.errors++
    let h = this.latency.get(route)
    if (!h) this.latency.set(route, (h = { counts: BUCKETS.map(() => 0), sum: 0, count: 0 }))
    for (const [i, b] of BUCKETS.entries()) if (seconds <= b) h.counts[i] = (h.counts[i] ?? 0) + 1
    h.sum += seconds
    h.count++
  }

  changesPushed(verdict: PushVerdict, n: number): void {
    this.pushed[verdict] += n
  }

  changesPulled(n: number): void {
    this.pulled += n
  }

  /** The exposition text; `held` is null when the store could not be read (then `paneldesk_store_up 0`). */
  render(held: number | null): string {
    const out: string[] = []
    const head = (name: string, type: string, help: string) => out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`)
    head('paneldesk_http_requests_total', 'counter', 'HTTP requests answered, by route, method and status.')
    for (const [key, n] of [...this.requests].sort()) {
      const [route, method, status] = key.split('\t')
      out.push(`paneldesk_http_requests_total{route="${route}",method="${method}",status="${status}"} ${n}`)
    }
    head('paneldesk_http_request_duration_seconds', 'histogram', 'Time to answer a request, by route.')
    for (const [route, h] of [...this.latency].sort()) {
      for (const [i, b] of BUCKETS.entries()) out.push(`paneldesk_http_request_duration_seconds_bucket{route="${route}",le="${b}"} ${h.counts[i]}`)
      out.push(`paneldesk_http_request_duration_seconds_bucket{route="${route}",le="+Inf"} ${h.count}`)
      out.push(`paneldesk_http_request_duration_seconds_sum{route="${route}"} ${h.sum.toFixed(6)}`)
      out.push(`paneldesk_http_request_duration_seconds_count{route="${route}"} ${h.count}`)
    }
    head('paneldesk_http_requests_in_flight', 'gauge', 'Requests received and not yet answered (this one included).')
    out.push(`paneldesk_http_requests_in_flight ${this.inFlight}`)
    head('paneldesk_http_errors_total', 'counter', 'Requests answered with a 5xx status (database unavailable, internal errors).')
    out.push(`paneldesk_http_errors_total ${this.errors}`)
    head('paneldesk_changes_pushed_total', 'counter', 'Changes taken from pushes, by verdict.')
    for (const v of Object.keys(this.pushed) as PushVerdict[]) out.push(`paneldesk_changes_pushed_total{verdict="${v}"} ${this.pushed[v]}`)
    head('paneldesk_changes_pulled_total', 'counter', 'Changes (and stubs) sent in pulls.')
    out.push(`paneldesk_changes_pulled_total ${this.pulled}`)
    head('paneldesk_store_up', 'gauge', 'Whether the store answered when these metrics were read.')
    out.push(`paneldesk_store_up ${held === null ? 0 : 1}`)
    if (held !== null) {
      head('paneldesk_changes_held', 'gauge', 'Changes held on the server (a key not yet registered, a sheet not reopened, a clock ahead).')
      out.push(`paneldesk_changes_held ${held}`)
    }
    head('paneldesk_process_start_time_seconds', 'gauge', 'When this process started (Unix time).')
    out.push(`paneldesk_process_start_time_seconds ${Math.floor(this.started / 1000)}`)
    return out.join('\n') + '\n'
  }
}
