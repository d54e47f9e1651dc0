/**
 * The sync server at meeting scale (issue 16): one secretariat and N experts (default 20) review P projects
 * (default 20) — scores, opinions, budget lines, a signed submission per sheet — each expert's laptop a real
 * replica syncing after every project, driven from W separate worker processes (serverDevices.ts), against K
 * server processes: the SQLite store (one process) and PostgreSQL with K = 1, 2, 3 (devices spread over the
 * processes as a load balancer would). After the last submission every device syncs once per round until all
 * hold the same log with every sheet submitted and nothing withheld.
 *
 * Reported per configuration: rounds to converge (target ≤ 2), push and pull latency p50/p99 as the devices saw
 * them (target p99 push < 500 ms), requests per second, failed syncs (target 0), and CPU seconds of the driver
 * (this process and the workers), the server processes and the database, separately.
 * Run: npm run bench -- server   (PANELDESK_BENCH_EXPERTS, _PROJECTS, _WORKERS, _CONFIGS=sqlite,pg1,pg2,pg3)
 */
import { fork, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { emptyReport } from '../shared/sync/report'
import { publicKeyFingerprint } from '../shared/signing/sm'
import { syncServer } from '../electron/main/sync/serverSync'
import { SyncServerClient } from '../electron/main/sync/serverClient'
import { loadSigners } from '../electron/main/sync/signers'
import { readVv } from '../electron/main/sync/log'
import { startChild, type Child } from '../tests/kits/server/child'
import { findPgBin, startTestPostgres, type TestPostgres } from '../tests/kits/server/postgres'
import { SEC, TEST_SEC_KEY, newReplica, seedMeeting, testMasterKey, type Replica } from '../tests/kits/sync/replica'
import { clusterCpuMs, machine, processCpuMs } from './procCpu'
import type { BenchRow } from './run'
import type { Command, DeviceSpec, WorkerReport } from './serverDevices'

const env = (k: string, d: number) => Number(process.env[`PANELDESK_BENCH_${k}`] ?? d)
const EXPERTS = env('EXPERTS', 20)
const PROJECTS = env('PROJECTS', 20)
const WORKERS = env('WORKERS', 4)
const ITEMS = 10
const MAX_ROUNDS = 6

interface Worker {
  proc: ChildProcess
  call(cmd: Command): Promise<WorkerReport>
}

function startWorker(): Worker {
  const proc = fork(path.join(path.dirname(new URL(import.meta.url).pathname), 'serverDevices.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  let pending: { resolve: (r: WorkerReport) => void; reject: (e: Error) => void } | null = null
  proc.on('message', (m: { ok: boolean; report?: WorkerReport; error?: string }) => {
    const p = pending
    pending = null
    if (m.ok) p?.resolve(m.report as WorkerReport)
    else p?.reject(new Error(m.error))
  })
  proc.on('exit', (code) => pending?.reject(new Error(`bench worker exited (${code})`)))
  return {
    proc,
    call: (cmd) =>
      new Promise((resolve, reject) => {
        pending = { resolve, reject }
        proc.send(cmd)
      })
  }
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(s.length * p))] ?? 0
}

interface Config {
  name: string
  kind: 'sqlite' | 'pg'
  k: number
}

interface Result {
  config: Config
  rounds: number | null
  pushMs: number[]
  pullMs: number[]
  syncs: number
  failed: string[]
  wallMs: number
  changes: number
  cpu: { driver: number; servers: number; database: number }
}

async function secretariat(dir: string, url: string, joinCode: string): Promise<{ sec: Replica; client: SyncServerClient }> {
  const sec = await newReplica(dir, 'sec')
  sec.ensureSigner(SEC)
  const cert = loadSigners(sec.db, sec.deviceKey()).get(SEC)?.cert
  const token = (await new SyncServerClient(url, '').enrol(joinCode, 'secretariat', cert)).token
  return { sec, client: new SyncServerClient(url, token) }
}

async function syncSec(sec: Replica, client: SyncServerClient): Promise<void> {
  const report = emptyReport('server', client.baseUrl, '')
  await syncServer(sec.db, { client, dataDir: sec.dataDir, schemaVersion: 4 }, report)
  if (!report.ok) throw new Error(`secretariat sync: ${report.issues.map((i) => i.message).join('；')}`)
}

async function runConfig(config: Config, dir: string, pgCluster: { db: TestPostgres; dataDir: string } | null): Promise<Result> {
  fs.mkdirSync(dir, { recursive: true })
  let postgres: string | undefined
  if (pgCluster) {
    const admin = new pg.Client({ connectionString: pgCluster.db.url })
    await admin.connect()
    await admin.query(`CREATE DATABASE bench_${config.name}`)
    await admin.end()
    postgres = pgCluster.db.url.replace(/\/postgres$/, `/bench_${config.name}`)
  }
  const servers: Child[] = []
  const workers: Worker[] = []
  try {
    for (let i = 0; i < config.k; i++) servers.push(await startChild(path.join(dir, `${config.name}-server`), { enrolPerMinute: 10_000, ...(postgres ? { postgres } : {}) }))
    const joinCode = servers.map((s) => s.joinCode).find(Boolean) as string
    const { sec, client } = await secretariat(dir, (servers[0] as Child).url, joinCode)
    const f = seedMeeting(sec, PROJECTS, EXPERTS, ITEMS)
    await syncSec(sec, client)
    const specs: DeviceSpec[] = []
    for (const [i, e] of f.experts.entries()) {
      const url = (servers[i % config.k] as Child).url
      specs.push({ id: e.id, name: e.name, url, joinCode: (await client.createJoinCode(e.id, f.meetingId)).code, master: testMasterKey(e.id) })
    }
    for (let w = 0; w < Math.min(WORKERS, EXPERTS); w++) workers.push(startWorker())
    const all = async (cmd: Command | ((w: number) => Command)) => Promise.all(workers.map((w, i) => w.call(typeof cmd === 'function' ? cmd(i) : cmd)))
    const secFingerprint = publicKeyFingerprint(TEST_SEC_KEY.publicKey)
    await all((w) => ({ type: 'init', dir, secFingerprint, fixture: f, devices: specs.filter((_, i) => i % workers.length === w) }))

    const cpu0 = { driver: 0, servers: servers.reduce((n, s) => n + processCpuMs(s.proc.pid as number), 0), database: pgCluster ? clusterCpuMs(pgCluster.dataDir) : 0 }
    const workerCpu0 = (await all({ type: 'round' })).reduce((n, r) => n + r.cpuMs, 0) // settles, and reads the CPU so far
    const self0 = process.cpuUsage()
    const out: Result = { config, rounds: null, pushMs: [], pullMs: [], syncs: 0, failed: [], wallMs: 0, changes: 0, cpu: { ...cpu0 } }
    const take = (rs: WorkerReport[]) => {
      for (const r of rs) {
        out.pushMs.push(...r.pushMs)
        out.pullMs.push(...r.pullMs)
        out.syncs += r.syncs
        out.failed.push(...r.failed)
      }
      return rs
    }
    const t0 = performance.now()
    for (const p of f.projects) take(await all({ type: 'review', project: p }))
    let last: WorkerReport[] = []
    for (let round = 1; round <= MAX_ROUNDS && out.rounds === null; round++) {
      last = take(await all({ type: 'round' }))
      await syncSec(sec, client)
      const target = (await client.hello(4, readVv(sec.db))).vv
      const want = JSON.stringify(Object.entries(target).sort())
      const done = last.flatMap((r) => r.devices).every((d) => d.submitted === EXPERTS * PROJECTS && d.withheld === 0 && JSON.stringify(Object.entries(d.vv).sort()) === want)
      if (done) out.rounds = round
    }
    out.wallMs = performance.now() - t0
    const self = process.cpuUsage(self0)
    out.cpu = {
      driver: (self.user + self.system) / 1000 + last.reduce((n, r) => n + r.cpuMs, 0) - workerCpu0,
      servers: servers.reduce((n, s) => n + processCpuMs(s.proc.pid as number), 0) - cpu0.servers,
      database: pgCluster ? clusterCpuMs(pgCluster.dataDir) - cpu0.database : 0
    }
    out.changes = Number(sec.db.sqlite.prepare('SELECT COUNT(*) FROM change_log').pluck().get())
    await all({ type: 'stop' }).catch(() => [])
    sec.close()
    return out
  } finally {
    for (const w of workers) if (w.proc.exitCode === null) w.proc.kill('SIGKILL')
    for (const s of servers) s.kill()
  }
}

function rows(r: Result): BenchRow[] {
  const n = r.config.name
  const reqs = r.pushMs.length + r.pullMs.length
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`
  return [
    { name: `${n}: rounds to converge after the last submission`, value: r.rounds ?? MAX_ROUNDS + 1, unit: 'rounds', target: '≤ 2', note: r.rounds === null ? `not converged in ${MAX_ROUNDS}` : '' },
    { name: `${n}: push latency p99`, value: pct(r.pushMs, 0.99), unit: 'ms', target: '< 500 ms', note: `p50 ${pct(r.pushMs, 0.5).toFixed(0)} ms, ${r.pushMs.length} pushes` },
    { name: `${n}: pull latency p99`, value: pct(r.pullMs, 0.99), unit: 'ms', note: `p50 ${pct(r.pullMs, 0.5).toFixed(0)} ms, ${r.pullMs.length} pulls` },
    { name: `${n}: throughput`, value: (reqs / r.wallMs) * 1000, unit: 'requests/s', note: `${r.syncs} syncs in ${s(r.wallMs)}; ${r.changes.toLocaleString('en-US')} changes in the meeting` },
    { name: `${n}: failed syncs`, value: r.failed.length, unit: 'syncs', target: '0', note: r.failed.slice(0, 2).join(' | ').slice(0, 200) },
    { name: `${n}: CPU driver / servers / database`, value: r.cpu.servers / 1000, unit: 's (servers)', note: `driver ${s(r.cpu.driver)}, servers ${s(r.cpu.servers)}, database ${s(r.cpu.database)}` }
  ]
}

export async function run(): Promise<BenchRow[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paneldesk-bench-server-'))
  const wanted = (process.env.PANELDESK_BENCH_CONFIGS ?? 'sqlite,pg1,pg2,pg3').split(',')
  const configs: Config[] = [
    { name: 'sqlite', kind: 'sqlite' as const, k: 1 },
    ...[1, 2, 3].map((k) => ({ name: `pg${k}`, kind: 'pg' as const, k }))
  ].filter((c) => wanted.includes(c.name))
  let cluster: TestPostgres | null = null
  const out: BenchRow[] = [{ name: `machine: ${machine()}; ${EXPERTS} experts × ${PROJECTS} projects, ${WORKERS} driver processes`, value: os.cpus().length, unit: 'cores' }]
  try {
    for (const c of configs) {
      if (c.kind === 'pg' && !cluster) {
        if (!findPgBin()) {
          out.push({ name: `${c.name}: skipped (PostgreSQL binaries not installed)`, value: 0, unit: '' })
          continue
        }
        cluster = await startTestPostgres(dir)
      }
      console.log(`  ${c.name} (K = ${c.k}) …`)
      const r = await runConfig(c, path.join(dir, c.name), c.kind === 'pg' && cluster ? { db: cluster, dataDir: path.join(dir, 'pgdata') } : null).catch((err: unknown) => {
        out.push({ name: `${c.name}: failed`, value: 0, unit: '', note: err instanceof Error ? err.message.slice(0, 300) : String(err) })
        return null
      })
      if (r) {
        out.push(...rows(r))
        // Printed as each configuration finishes too (a long run is not lost if a later one fails).
        for (const row of rows(r)) console.log(`    ${row.name}: ${row.value.toFixed(row.unit === 'ms' ? 0 : 2)} ${row.unit}${row.note ? ` (${row.note})` : ''}`)
      }
    }
  } finally {
    cluster?.stop()
    fs.rmSync(dir, { recursive: true, force: true })
  }
  return out
}
