/**
 * A worker process of `npm run bench -- server` (server.bench.ts): simulates some of the experts' laptops, each a
 * real replica (SQLite file) syncing through the real client with the real server over HTTP. Commands arrive over
 * the IPC channel; each answer carries what this process measured (push/pull latencies, failed syncs, its CPU).
 */
import { naturalId } from '../shared/domain/ids'
import type { Change } from '../shared/sync/change'
import type { PushResponse, Refetch } from '../shared/sync/protocol'
import { emptyReport } from '../shared/sync/report'
import type { SmKeyPair } from '../shared/signing/sm'
import { readVv } from '../electron/main/sync/log'
import { pinSecretariat } from '../electron/main/sync/signers'
import { syncServer } from '../electron/main/sync/serverSync'
import { SyncServerClient } from '../electron/main/sync/serverClient'
import type { VersionVector } from '../shared/sync/vv'
import { newReplica, openDraft, submit, type MeetingFixture, type Replica } from '../tests/kits/sync/replica'

export interface DeviceSpec {
  id: string
  name: string
  joinCode: string
  url: string
  master: SmKeyPair
}

export type Command =
  | { type: 'init'; dir: string; secFingerprint: string; fixture: MeetingFixture; devices: DeviceSpec[] }
  | { type: 'review'; project: string }
  | { type: 'round' }
  | { type: 'stop' }

export interface DeviceState {
  id: string
  vv: VersionVector
  submitted: number
  withheld: number
}

export interface WorkerReport {
  pushMs: number[]
  pullMs: number[]
  syncs: number
  failed: string[]
  cpuMs: number
  devices: DeviceState[]
}

const stats = { pushMs: [] as number[], pullMs: [] as number[], syncs: 0, failed: [] as string[] }

/** The real client, timing each push and pull as the device sees it (retries included). */
class TimedClient extends SyncServerClient {
  override async push(changes: Change[]): Promise<PushResponse> {
    const t = performance.now()
    try {
      return await super.push(changes)
    } finally {
      stats.pushMs.push(performance.now() - t)
    }
  }
  override async pull(vv: VersionVector, limitBytes: number, refetch: Refetch[] = []) {
    const t = performance.now()
    try {
      return await super.pull(vv, limitBytes, refetch)
    } finally {
      stats.pullMs.push(performance.now() - t)
    }
  }
}

interface Device {
  spec: DeviceSpec
  replica: Replica
  client: TimedClient
}

let devices: Device[] = []

/**
 * The devices of this process sync one after another (each laptop is its own machine: a device's request is not
 * made to wait on another simulated device's work in this process); the worker processes run side by side.
 */
async function syncAll(): Promise<void> {
  for (const d of devices) await syncOne(d)
}
let fixture: MeetingFixture
const CUT_REASONS = ['单价偏高', '工作量偏高', '其他']

async function syncOne(d: Device): Promise<void> {
  const report = emptyReport('server', d.spec.url, new Date().toISOString())
  stats.syncs++
  try {
    await syncServer(d.replica.db, { client: d.client, dataDir: d.replica.dataDir, schemaVersion: 4 }, report)
    if (!report.ok) stats.failed.push(`${d.spec.id}: ${report.issues.map((i) => i.message).join('；')}`)
  } catch (err) {
    stats.failed.push(`${d.spec.id}: ${err instanceof Error ? err.message : String(err)}`)
  }
}

/** An expert reviews one project: scores, opinions, budget lines, then submits the signed sheet. */
function review(d: Device, project: string): void {
  const r = d.replica
  const e = { id: d.spec.id, name: d.spec.name }
  const sheet = openDraft(r, fixture, project, e.id)
  if (!sheet) return
  r.write(e.id, (w) => {
    for (const [i, item] of fixture.items.entries()) w.write('scores', naturalId(sheet, item), { sheet_id: sheet, item_id: item, value: 2 + (i % 4), na: false })
    for (let k = 1; k <= 5; k++) w.write('opinions', naturalId(sheet, `d${k}`), { sheet_id: sheet, dimension_id: `d${k}`, text: '方案总体可行，建议细化安全方案与投资测算依据。' })
    for (let l = 1; l <= 10; l++) {
      w.write('budget_reviews', naturalId(sheet, `L${l}`), { sheet_id: sheet, line_id: `L${l}`, approved_amount: 10 + l, reason: CUT_REASONS[l % 3] as string, note: '参照同类项目询价' })
    }
  })
  submit(r, sheet, e, d.spec.master)
}

function state(d: Device): DeviceState {
  const q = (s: string) => Number(d.replica.db.sqlite.prepare(s).pluck().get())
  return {
    id: d.spec.id,
    vv: readVv(d.replica.db),
    submitted: q("SELECT COUNT(*) FROM score_sheets WHERE status = 'submitted'"),
    withheld: q("SELECT COUNT(*) FROM change_log WHERE status = 'withheld'")
  }
}

function reportNow(withDevices: boolean): WorkerReport {
  const cpu = process.cpuUsage()
  const out: WorkerReport = { ...stats, cpuMs: (cpu.user + cpu.system) / 1000, devices: withDevices ? devices.map(state) : [] }
  stats.pushMs = []
  stats.pullMs = []
  stats.failed = []
  stats.syncs = 0
  return out
}

async function handle(cmd: Command): Promise<WorkerReport | null> {
  switch (cmd.type) {
    case 'init': {
      fixture = cmd.fixture
      devices = []
      for (const spec of cmd.devices) {
        const replica = await newReplica(cmd.dir, spec.id)
        pinSecretariat(replica.db, cmd.secFingerprint, '秘书处')
        replica.equip(spec.id, spec.master)
        const token = (await new SyncServerClient(spec.url, '').enrol(spec.joinCode, `${spec.id} laptop`)).token
        devices.push({ spec, replica, client: new TimedClient(spec.url, token) })
      }
      await syncAll()
      return reportNow(true)
    }
    case 'review':
      for (const d of devices) review(d, cmd.project)
      await syncAll()
      return reportNow(false)
    case 'round':
      await syncAll()
      return reportNow(true)
    case 'stop':
      for (const d of devices) d.replica.close()
      return null
  }
}

process.on('message', (cmd: Command) => {
  handle(cmd).then(
    (r) => {
      process.send?.({ ok: true, report: r })
      if (cmd.type === 'stop') process.disconnect()
    },
    (err: unknown) => process.send?.({ ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) })
  )
})
