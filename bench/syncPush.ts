/**
 * The sync server under one large push (issue 15): N one-change transactions pushed in one request, timed for
 * 2,000 and 20,000 (linear cost: the ratio is near 10, a quadratic one would be near 100), and another device's
 * hello answered while the 20,000 run, next to the same hello with the server idle (the baseline, same run).
 */
import { loadavg } from 'node:os'
import path from 'node:path'
import { naturalId } from '../shared/domain/ids'
import type { Change } from '../shared/sync/change'
import { encodeHlc } from '../shared/sync/hlc'
import type { PushResponse } from '../shared/sync/protocol'
import { sheetRowId } from '../shared/sync/rowIds'
import { SyncServerClient } from '../electron/main/sync/serverClient'
import { startServer } from '../server/main'
import type { BenchRow } from './run'
import { unitsToSeal } from '../shared/sync/units'
import type { SyncKeyCert } from '../shared/sync/seal'
import { publicKeyFingerprint } from '../shared/signing/sm'
import { SEC, sealedBy, testMasterKey, testSigner } from '../tests/kits/sync/replica'
import { cpuSliceMonitor } from '../tests/kits/server/cpuSlices'

/** N one-change transactions of e1, sealed as e1's laptop seals them (units of up to UNIT_MAX_CHANGES). */
function oneChangeTransactions(origin: string, n: number): Change[] {
  const sheet = sheetRowId('p1', 'e1', 1)
  const txs: Change[][] = Array.from({ length: n }, (_, i) => [{
    origin, seq: i + 1, tx: i + 1, txEnd: i + 1, hlc: encodeHlc({ ms: Date.now(), counter: i % 60000, origin }), author: 'e1', tbl: 'scores',
    rowId: naturalId(sheet, `i${i}`), col: 'value', value: String(i % 10)
  }])
  return unitsToSeal(txs).flatMap((unit) => sealedBy('e1', unit.flat()))
}

/** The secretariat registers e1's key (so e1's units are accepted, not held). */
function registration(): Change[] {
  const origin = 'bench-secretariat'
  const fp = publicKeyFingerprint(testMasterKey('e1').publicKey)
  return sealedBy(SEC, [
    { origin, seq: 1, tx: 1, txEnd: 2, hlc: encodeHlc({ ms: Date.now(), counter: 1, origin }), author: SEC, tbl: 'experts', rowId: 'e1', col: 'meeting_id', value: '"m1"' },
    { origin, seq: 2, tx: 1, txEnd: 2, hlc: encodeHlc({ ms: Date.now(), counter: 2, origin }), author: SEC, tbl: 'experts', rowId: 'e1', col: 'key_fingerprint', value: JSON.stringify(fp) }
  ])
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now()
  const value = await fn()
  return { ms: performance.now() - t0, value }
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? 0

/** A push as a device elsewhere sends it: the body is built before the clock starts (not in the server's event loop). */
function pusher(url: string, token: string, changes: Change[]): () => Promise<PushResponse> {
  const body = JSON.stringify({ changes })
  return async () => {
    const res = await fetch(`${url}/v1/push`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body })
    if (!res.ok) throw new Error(`push bench: HTTP ${res.status}`)
    return (await res.json()) as PushResponse
  }
}

export async function pushUnderLoad(dir: string): Promise<BenchRow[]> {
  const logs: string[] = []
  const server = await startServer({ dataDir: path.join(dir, 'push-server'), port: 0, enrolPerMinute: 100, log: (_l, msg, fields) => void (msg === 'secretariat join code' && logs.push(String(fields?.joinCode))) })
  try {
    const token = async (code: string, cert?: SyncKeyCert) => (await new SyncServerClient(server.url, '').enrol(code, 'bench', cert)).token
    const sec = new SyncServerClient(server.url, await token(logs[0] as string, testSigner(SEC).cert))
    await sec.push(registration())
    const e1 = async () => token((await sec.createJoinCode('e1', 'm1')).code)
    await pusher(server.url, await e1(), oneChangeTransactions('bench-warm-up', 500))() // compiled code paths, not timed
    const small = pusher(server.url, await e1(), oneChangeTransactions('bench-small', 2_000))
    const big = pusher(server.url, await e1(), oneChangeTransactions('bench-big', 20_000))
    const other = new SyncServerClient(server.url, await token((await sec.createJoinCode('e2', 'm1')).code))
    const idle: number[] = []
    const idleCpu: number[] = []
    for (let i = 0; i < 20; i++) {
      const c0 = process.cpuUsage()
      idle.push((await timed(() => other.hello(4, {}))).ms)
      const c = process.cpuUsage(c0)
      idleCpu.push((c.user + c.system) / 1000)
    }
    const t2k = await timed(small)
    // Wall time of each hello (grows with the machine's load: the process waits for a core), and the CPU this process
    // spent while the hello was pending — the work that ran ahead of it, what its latency would be on a core of its
    // own. And the longest stretch of CPU work between two ticks of a 5 ms timer: the push's longest slice.
    const during: number[] = []
    const duringCpu: number[] = []
    const slices = cpuSliceMonitor()
    let done = false
    const pushCpu0 = process.cpuUsage()
    const bigPush = timed(big).finally(() => (done = true))
    while (!done) {
      const c0 = process.cpuUsage()
      during.push((await timed(() => other.hello(4, {}))).ms)
      const c = process.cpuUsage(c0)
      duringCpu.push((c.user + c.system) / 1000)
    }
    const t20k = await bigPush
    const pushCpu = process.cpuUsage(pushCpu0)
    slices.stop()
    const longestSlice = slices.longest()
    if (t20k.value.accepted !== 20_000 || t2k.value.accepted !== 2_000) throw new Error('push bench: not everything was accepted')
    const dist = (xs: number[]) => `p50 ${pct(xs, 0.5).toFixed(1)}, p90 ${pct(xs, 0.9).toFixed(1)}, p99 ${pct(xs, 0.99).toFixed(1)} ms`
    return [
      { name: 'push 2,000 one-change transactions', value: t2k.ms, unit: 'ms' },
      { name: 'push 20,000 one-change transactions', value: t20k.ms, unit: 'ms', target: '≈ 10 × the 2,000 push', note: `× ${(t20k.ms / t2k.ms).toFixed(1)} (quadratic: × 100; before: 12.5 s)` },
      { name: 'hello while the server is idle (baseline), max', value: Math.max(...idle), unit: 'ms', note: `p50 ${pct(idle, 0.5).toFixed(1)} ms` },
      { name: `hello during the 20,000 push (${during.length} hellos), max`, value: Math.max(...during), unit: 'ms', target: '< 200 ms', note: `${dist(during)} wall (before: 11.8 s)` },
      { name: 'hello during the 20,000 push: process CPU while pending, max', value: Math.max(...duringCpu), unit: 'ms', target: '< 200 ms', note: `${dist(duringCpu)}; idle server: p50 ${pct(idleCpu, 0.5).toFixed(1)}, max ${Math.max(...idleCpu).toFixed(1)} ms` },
      { name: 'longest CPU slice between two 5 ms timer ticks during the push', value: longestSlice, unit: 'ms', note: `push CPU ${((pushCpu.user + pushCpu.system) / 1000).toFixed(0)} ms in all, load ${loadavg()[0]?.toFixed(1)}` }
    ]
  } finally {
    await server.close()
  }
}
