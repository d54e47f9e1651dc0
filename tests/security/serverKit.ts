/**
 * Test kit for attacks on the sync server: the real server over HTTP on loopback, with its SQLite store or a
 * throwaway PostgreSQL cluster; devices enrolled with join codes; and a "modified client" that speaks raw HTTP with
 * its device token and hand-made transactions.
 */
import crypto from 'node:crypto'
import path from 'node:path'
import { groupTransactions, type Change } from '../../shared/sync/change'
import { unitsToSeal } from '../../shared/sync/units'
import { encodeHlc } from '../../shared/sync/hlc'
import { PROTOCOL_VERSION } from '../../shared/sync/protocol'
import { naturalId } from '../../shared/domain/ids'
import { sheetRowId } from '../../shared/sync/rowIds'
import { signPayload } from '../../shared/signing/envelope'
import { publicKeyFingerprint, type SmKeyPair } from '../../shared/signing/sm'
import { SyncServerClient } from '../../electron/main/sync/serverClient'
import { SEC, sealedBy, sheetContent, testMasterKey, testSigner, type Replica } from '../kits/sync/replica'
import { loadSigners } from '../../electron/main/sync/signers'
import { originClaims } from '../../electron/main/sync/originClaims'
import { startServer, type RunningServer } from '../../server/main'
import type { Quotas } from '../../server/push'
import { memoryLogger, type LogLine } from '../kits/server/harness'
import { findPgBin, startTestPostgres, type TestPostgres } from '../kits/server/postgres'
import { tempDir } from '../helpers/tmp'

export type StoreKind = 'sqlite' | 'pg'

/** The stores to run on: SQLite always, PostgreSQL where its binaries are installed. */
export const STORES: StoreKind[] = findPgBin() ? ['sqlite', 'pg'] : ['sqlite']
if (!findPgBin()) console.warn('[security] PostgreSQL binaries not found: the attacks run on the SQLite store only')

export interface World {
  server: RunningServer
  dir: string
  /** The secretariat's first join code (printed at start). */
  joinCode: string
  /** The server's log lines. */
  logs: LogLine[]
  /** The PostgreSQL cluster (pg store only). */
  pg: TestPostgres | null
  stop(): Promise<void>
}

export async function startWorld(kind: StoreKind, quotas?: Quotas): Promise<World> {
  const dir = tempDir(`security-${kind}`)
  const logs = memoryLogger()
  let pg: TestPostgres | null = null
  if (kind === 'pg') pg = await startTestPostgres(dir)
  try {
    const server = await startServer({ dataDir: path.join(dir, 'server'), port: 0, log: logs.log, enrolPerMinute: 1000, ...(pg ? { postgres: pg.url } : {}), ...(quotas ? { quotas } : {}) })
    return {
      server,
      dir,
      joinCode: logs.joinCode(),
      logs: logs.lines,
      pg,
      stop: async () => {
        try {
          await server.close()
        } finally {
          pg?.stop()
        }
      }
    }
  } catch (err) {
    pg?.stop()
    throw err
  }
}

/** A device as a modified client sees it: its token, and raw HTTP calls. */
export class RawDevice {
  private seq = 0
  readonly origin = `raw-${crypto.randomBytes(6).toString('hex')}`

  constructor(
    readonly url: string,
    readonly token: string,
    readonly author: string
  ) {}

  /** Enrols with a join code; for a secretariat code the device proves the test secretariat's key. */
  static async enrol(url: string, joinCode: string): Promise<RawDevice> {
    const r = await new SyncServerClient(url, '').enrol(joinCode, 'modified client', testSigner(SEC).cert)
    return new RawDevice(url, r.token, r.author)
  }

  client(): SyncServerClient {
    return new SyncServerClient(this.url, this.token)
  }

  async post(p: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(this.url + p, { method: 'POST', headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })
    return { status: res.status, body: (await res.json()) as Record<string, unknown> }
  }

  async get(p: string): Promise<{ status: number; bytes: Buffer }> {
    const res = await fetch(this.url + p, { headers: { authorization: `Bearer ${this.token}` } })
    return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) }
  }

  hello() {
    return this.post('/v1/hello', { protocolVersion: PROTOCOL_VERSION, schemaVersion: 4, vv: {} })
  }

  /** Every page from nothing, with the given refetch ranges on the first one. */
  async pullAll(refetch: { origin: string; from: number; to: number }[] = []): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = []
    let vv: Record<string, number> = {}
    let ranges = refetch
    for (let i = 0; i < 1000; i++) {
      const r = await this.post('/v1/pull', { vv, limitBytes: 1024 * 1024, refetch: ranges })
      if (r.status !== 200) throw new Error(`pull: HTTP ${r.status} ${JSON.stringify(r.body)}`)
      const changes = r.body.changes as Record<string, unknown>[]
      out.push(...changes)
      vv = r.body.vvAfter as Record<string, number>
      ranges = r.body.refetch as typeof ranges
      if (!r.body.hasMore) return out
    }
    throw new Error('pull did not end')
  }

  /** One transaction of this device's own origin, written as `author` (its own unless forged). */
  tx(cells: { tbl: string; rowId: string; col: string; value: unknown }[], author = this.author): Change[] {
    const first = this.seq + 1
    const out = cells.map((c, i) => ({
      origin: this.origin, seq: first + i, tx: first, txEnd: first + cells.length - 1,
      hlc: encodeHlc({ ms: Date.now(), counter: this.seq + i + 1, origin: this.origin }), author, tbl: c.tbl, rowId: c.rowId, col: c.col, value: JSON.stringify(c.value)
    }))
    this.seq += cells.length
    return out
  }

  /**
   * Pushes changes sealed as an honest laptop would seal them (runs of consecutive transactions, split as
   * unitsToSeal splits), always with this device's own author key: a unit claiming another author fails.
   */
  push(changes: Change[]) {
    return this.post('/v1/push', { changes: this.sealed(changes) })
  }

  /** The changes sealed as this device's laptop would seal them (see `push`). */
  sealed(changes: Change[]): Change[] {
    const runs: Change[][][] = []
    for (const tx of groupTransactions([...changes])) {
      const run = runs[runs.length - 1]
      const prev = run?.[run.length - 1]
      if (run && prev && (prev[prev.length - 1] as Change).seq + 1 === (tx[0] as Change).seq) run.push(tx)
      else runs.push([tx])
    }
    return runs.flatMap((run) => unitsToSeal(run).flatMap((unit) => (unit.flat().some((c) => c.withheld) ? unit.flat() : sealedBy(this.author, unit.flat()))))
  }
}

/** Every cell of a row as transaction cells. */
export function rowCells(tbl: string, rowId: string, values: Record<string, unknown>): { tbl: string; rowId: string; col: string; value: unknown }[] {
  return Object.entries(values).map(([col, value]) => ({ tbl, rowId, col, value }))
}

/** The values of the changes a device received (stubs left out), as one text to search. */
export function receivedText(changes: Record<string, unknown>[]): string {
  return JSON.stringify(changes.filter((c) => !c.withheld))
}

/** A scored sheet for a project as raw transactions: created with scores, and (when a key is given) submitted. */
export function sheetTxs(dev: RawDevice, meetingId: string, projectId: string, expert: { id: string; name: string }, scores: Record<string, number>, key?: SmKeyPair): Change[][] {
  const id = sheetRowId(projectId, expert.id, 1)
  const at = new Date().toISOString()
  const create = dev.tx([
    ...rowCells('score_sheets', id, {
      meeting_id: meetingId, project_id: projectId, expert_id: expert.id, revision: 1, status: 'draft', conclusion: null, main_problems: [], suggestions: [],
      updated_at: at, deleted: false, signed_payload: null, submitted_at: null, reopen_reason: '', reopened_at: null
    }),
    ...Object.entries(scores).flatMap(([item, value]) => rowCells('scores', naturalId(id, item), { sheet_id: id, item_id: item, value, na: false }))
  ])
  if (!key) return [create]
  const signed = signPayload('expert-sheet', sheetContent(id, 1, projectId, expert, scores), key.privateKey, key.publicKey, expert, new Date())
  return [create, dev.tx(rowCells('score_sheets', id, { status: 'submitted', signed_payload: signed, submitted_at: at }))]
}

export interface SeededMeeting {
  meetingId: string
  projects: string[]
  experts: { id: string; name: string; phone: string; key: SmKeyPair }[]
}

/** A meeting written by the secretariat's device: projects, experts (with phones and keys, registered unless `registered` says not), assignments. */
export async function seedMeetingRaw(
  sec: RawDevice, meetingId: string, projects: string[], experts: string[], assigned: (p: string, e: string) => boolean = () => true, registered: (e: string) => boolean = () => true
): Promise<SeededMeeting> {
  const m: SeededMeeting = { meetingId, projects, experts: experts.map((id, i) => ({ id, name: `专家${id}`, phone: `139${meetingId.padEnd(4, '0').slice(0, 4)}${String(i).padStart(4, '0')}`, key: testMasterKey(id) })) }
  const cells = [
    ...rowCells('rubrics', 'rubric-shared', { name: '默认细则', version: 1, definition: { dimensions: [] }, deleted: false }),
    ...rowCells('meetings', meetingId, {
      name: `评审会${meetingId}`, date: '2026-12-01', place: '三明', organiser: '发改委', rubric_id: 'rubric-shared', merge_method: 'mean', status: 'preparing', is_demo: false,
      created_at: '2026-11-01T00:00:00.000Z', deleted: false
    }),
    ...projects.flatMap((p, i) =>
      rowCells('projects', p, { meeting_id: meetingId, name: `项目${p}`, code: p, owner_unit: '数据局', author_unit: '某公司', declared_investment: 100, approved_estimate: null, summary: '', sort_order: i, deleted: false })
    ),
    ...m.experts.flatMap((e) =>
      rowCells('experts', e.id, {
        meeting_id: meetingId, name: e.name, unit: '', title: '', specialty: '', phone: e.phone, past_units: [], is_leader: false, key_fingerprint: registered(e.id) ? publicKeyFingerprint(e.key.publicKey) : '', deleted: false
      })
    ),
    ...projects.flatMap((p) =>
      experts.filter((e) => assigned(p, e)).flatMap((e) => rowCells('assignments', naturalId('assignment', p, e), { meeting_id: meetingId, project_id: p, expert_id: e, deleted: false }))
    )
  ]
  const r = await sec.push(sec.tx(cells))
  if (r.status !== 200 || r.body.accepted !== cells.length) throw new Error(`seeding ${meetingId}: ${JSON.stringify(r.body)}`)
  return m
}

/** A package of a project with one file, and the file uploaded as a blob. Returns the blob's digest. */
export async function packageWithBlob(sec: RawDevice, projectId: string, content: string, filesFirst = false): Promise<string> {
  const bytes = Buffer.from(content, 'utf8')
  const sha = crypto.createHash('sha256').update(bytes).digest('hex')
  const pkg = `pkg-${projectId}`
  const pkgCells = [
    ...rowCells('packages', pkg, {
      project_id: projectId, sha256: sha, size: bytes.length, source_name: `${projectId}.zip`, format: 'paneldesk.package/1', manifest: {}, imported_at: new Date().toISOString(),
      budget_path: '', budget_format: '', budget_unit: '万元', budget_sheet: '', budget_notes: [], computed_total: 0, sheet_total: null, declared_total: 0, data_catalog: null,
      data_needs: null, deleted: false
    })
  ]
  const fileCells = rowCells('package_files', naturalId(pkg, 'a.txt'), { package_id: pkg, path: 'a.txt', size: bytes.length, sha256: sha })
  const cells = filesFirst ? [...fileCells, ...pkgCells] : [...pkgCells, ...fileCells]
  const r = await sec.push(sec.tx(cells))
  if (r.status !== 200 || r.body.accepted !== cells.length) throw new Error(`package of ${projectId}: ${JSON.stringify(r.body)}`)
  await sec.client().blobPut(sha, bytes)
  return sha
}

/** Enrols a replica with the server as the app does (its secretariat certificate, if any, and its origin claims). */
export async function enrolAsApp(s: World, r: Replica, code: string, name: string): Promise<SyncServerClient> {
  const cert = loadSigners(r.db, r.deviceKey()).get(SEC)?.cert
  return new SyncServerClient(s.server.url, (await new SyncServerClient(s.server.url, '').enrol(code, name, cert, originClaims(r.db, r.deviceKey()))).token)
}
