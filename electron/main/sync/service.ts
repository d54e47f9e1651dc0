/**
 * Sync inside the backend: one run at a time, in the background (the API call returns at once; the panel polls
 * the status), with a report per run kept in sync_runs. Automatic runs: when the sync folder appears or changes,
 * and regularly while a server is configured (a run that cannot reach it just says so).
 */
import fs from 'node:fs'
import type { SyncRunSummary, SyncStatus, SyncTarget } from '../../../shared/api/methods/sync'
import { emptyReport, type SyncReport } from '../../../shared/sync/report'
import type { Db } from '../db/connection'
import { readDevice } from '../db/device'
import { MIGRATIONS } from '../db/migrations'
import { prepare } from '../db/query'
import { getSetting, setSetting } from '../services/settings'
import { syncFolder } from './folder'
import { loadSigners } from './signers'
import { originClaims } from './originClaims'
import { deviceKey } from '../services/deviceSecret'
import { SECRETARIAT_AUTHOR } from '../../../shared/sync/ownership'
import { userPathProblem } from '../paths/userPath'
import type { SecretStore } from './secrets'
import { SyncServerClient, SyncServerError } from './serverClient'
import { syncServer } from './serverSync'
import type { CertPin } from './pinnedTls'

const TARGET_KEY = 'sync.target'
const TOKEN_KEY = 'sync.deviceToken'
/** 会场模式: the venue server's certificate pinned at join (pinnedTls.ts); none for a server with a CA certificate. */
const PIN_KEY = 'sync.serverPin'
/** This device's origin and last seq at the start of the last run that finished without error: sent up to there. */
const SENT_KEY = 'sync.sentThrough'
export const SCHEMA_VERSION = Object.keys(MIGRATIONS).length

export class SyncService {
  private running: Promise<SyncReport> | null = null
  private progress: { done: number; total: number } | null = null
  private timer: NodeJS.Timeout | null = null
  private lastFolderStamp = ''

  constructor(
    private readonly db: () => Db,
    private readonly dataDir: string,
    private readonly secrets: SecretStore,
    private readonly autoMs = 30_000,
    /** Run after the transport, before the run counts as finished (the backend derives received packages here). */
    private readonly afterRun?: () => Promise<unknown>
  ) {}

  target(): SyncTarget | null {
    const t = getSetting(this.db(), TARGET_KEY)
    return t ? (JSON.parse(t) as SyncTarget) : null
  }

  client(): SyncServerClient | null {
    const t = this.target()
    const token = this.secrets.get(TOKEN_KEY)
    return t?.kind === 'server' && token ? new SyncServerClient(t.url, token, undefined, undefined, this.pin() ?? undefined) : null
  }

  pin(): CertPin | null {
    const p = getSetting(this.db(), PIN_KEY)
    return p ? (JSON.parse(p) as CertPin) : null
  }

  async configure(
    input: { kind: 'none' } | { kind: 'folder'; folder: string; meetingId: string } | { kind: 'server'; url: string; joinCode: string; meetingId: string; pin?: CertPin }
  ): Promise<SyncStatus> {
    if (input.kind === 'none') {
      setSetting(this.db(), TARGET_KEY, null)
      setSetting(this.db(), PIN_KEY, null)
      this.secrets.set(TOKEN_KEY, null)
    } else if (input.kind === 'folder') {
      setSetting(this.db(), TARGET_KEY, JSON.stringify({ kind: 'folder', folder: input.folder, meetingId: input.meetingId } satisfies SyncTarget))
      setSetting(this.db(), PIN_KEY, null)
    } else {
      const url = input.url.replace(/\/$/, '')
      const old = this.target()
      let author = old?.kind === 'server' && old.url === url ? old.author : ''
      let meetingId = input.meetingId
      if (input.joinCode) {
        // The secretariat's laptop proves its key at enrolment (the server pins it); an expert's laptop has none.
        // Its origins are claimed at once (signed by its sync keys), so no other device can push under them first.
        const cert = loadSigners(this.db(), deviceKey(this.dataDir)).get(SECRETARIAT_AUTHOR)?.cert
        const claims = originClaims(this.db(), deviceKey(this.dataDir))
        const r = await new SyncServerClient(url, '', undefined, undefined, input.pin).enrol(input.joinCode, 'PanelDesk', cert, claims)
        this.secrets.set(TOKEN_KEY, r.token)
        author = r.author
        meetingId = meetingId || r.meetingId
      } else if (!author || !this.secrets.get(TOKEN_KEY)) {
        throw new SyncServerError(0, '首次连接同步服务器需要秘书处提供的加入码')
      }
      setSetting(this.db(), TARGET_KEY, JSON.stringify({ kind: 'server', url, meetingId, author } satisfies SyncTarget))
      // A new join replaces the pin; re-saving the same server keeps it.
      if (input.joinCode) setSetting(this.db(), PIN_KEY, input.pin ? JSON.stringify(input.pin) : null)
    }
    this.startAuto()
    return this.status()
  }

  history(limit = 10): SyncRunSummary[] {
    return (
      prepare(this.db(), 'SELECT id, started_at, finished_at, transport, status, sent, received, rejected FROM sync_runs ORDER BY id DESC LIMIT ?').all(limit) as {
        id: number
        started_at: string
        finished_at: string | null
        transport: string
        status: SyncRunSummary['status']
        sent: number
        received: number
        rejected: number
      }[]
    ).map((r) => ({ id: r.id, startedAt: r.started_at, finishedAt: r.finished_at, transport: r.transport, status: r.status, sent: r.sent, received: r.received, rejected: r.rejected }))
  }

  /**
   * Edits this device made since the start of the last run that finished without error, counted as the user made
   * them (one transaction each: a score typed, a meeting created), not as logged field changes.
   */
  unsent(): number {
    const db = this.db()
    const device = readDevice(db)
    const saved = getSetting(db, SENT_KEY)
    const sent = saved ? (JSON.parse(saved) as { origin: string; seq: number }) : null
    // A restored database is a new origin: what the old origin sent says nothing about the new one's changes.
    const from = sent && sent.origin === device.origin ? sent.seq : 0
    const row = prepare(db, 'SELECT count(DISTINCT tx) AS n FROM change_log WHERE origin = ? AND seq > ?').get(device.origin, from) as { n: number }
    return row.n
  }

  status(): SyncStatus {
    const db = this.db()
    const last = prepare(db, "SELECT report FROM sync_runs WHERE status <> 'running' ORDER BY id DESC LIMIT 1").get() as { report: string } | undefined
    const ok = prepare(db, "SELECT finished_at FROM sync_runs WHERE status = 'ok' ORDER BY id DESC LIMIT 1").get() as { finished_at: string } | undefined
    return {
      target: this.target(),
      running: this.running !== null,
      progress: this.progress,
      last: last ? (JSON.parse(last.report) as SyncReport) : null,
      history: this.history(),
      auto: this.timer !== null,
      lastOkAt: ok?.finished_at ?? null,
      unsent: this.unsent()
    }
  }

  /** Starts a run unless one is running; returns at once. */
  start(): SyncStatus {
    void this.run()
    return this.status()
  }

  /** Runs a sync (or joins the one running). */
  run(): Promise<SyncReport> {
    if (this.running) return this.running
    const target = this.target()
    const startedAt = new Date().toISOString()
    const report = emptyReport(target?.kind ?? 'folder', target ? (target.kind === 'folder' ? target.folder : target.url) : '', startedAt)
    if (!target) {
      report.ok = false
      report.issues.push({ level: 'error', code: 'no-target', message: '尚未设置同步方式（共享文件夹或同步服务器）' })
      return Promise.resolve(report)
    }
    const db = this.db()
    // Every change up to here goes out in this run (the folder file holds all of them; the server gets all it lacks).
    const device = readDevice(db)
    const runId = Number(prepare(db, "INSERT INTO sync_runs (started_at, transport, target, status) VALUES (?, ?, ?, 'running')").run(startedAt, report.transport, report.target).lastInsertRowid)
    this.progress = { done: 0, total: 0 }
    const onProgress = (done: number, total: number) => (this.progress = { done, total })
    this.running = (async () => {
      await new Promise((r) => setImmediate(r)) // return to the caller first: the run is in the background
      try {
        if (target.kind === 'folder') syncFolder(db, { folder: target.folder, meetingId: target.meetingId, dataDir: this.dataDir, schemaVersion: SCHEMA_VERSION, onProgress }, report)
        else {
          const client = this.client()
          if (!client) throw new SyncServerError(0, '本机尚未在同步服务器登记，请输入加入码')
          await syncServer(db, { client, dataDir: this.dataDir, schemaVersion: SCHEMA_VERSION, onProgress }, report)
        }
      } catch (err) {
        report.ok = false
        report.issues.push({ level: 'error', code: 'failed', message: err instanceof SyncServerError ? err.message : `同步未完成：${err instanceof Error ? err.message : String(err)}` })
      }
      try {
        // Whatever came in (even in a partial run): packages whose files are here are read out now.
        await this.afterRun?.()
      } catch (err) {
        report.issues.push({ level: 'warning', code: 'materials', message: `申报材料处理未完成：${err instanceof Error ? err.message : String(err)}` })
      }
      report.finishedAt = new Date().toISOString()
      const status = !report.ok ? (report.received + report.sent > 0 ? 'partial' : 'failed') : 'ok'
      db.sqlite.transaction(() => {
        prepare(db, 'UPDATE sync_runs SET finished_at = ?, status = ?, sent = ?, received = ?, rejected = ?, report = ? WHERE id = ?').run(
          report.finishedAt, status, report.sent, report.received, report.rejected, JSON.stringify(report), runId
        )
        // Only sealed changes went out: what waits for a signing key stays counted as unsent.
        const sealed = (prepare(db, 'SELECT MAX(seq) AS s FROM change_log WHERE origin = ? AND seq <= ? AND seal IS NOT NULL').get(device.origin, device.seq) as { s: number | null }).s ?? 0
        if (status === 'ok') setSetting(db, SENT_KEY, JSON.stringify({ origin: device.origin, seq: sealed }))
      })()
      return report
    })().finally(() => {
      this.running = null
      this.progress = null
    })
    return this.running
  }

  private folderStamp(folder: string): string {
    if (userPathProblem(folder, '同步文件夹')) return ''
    try {
      return fs.readdirSync(folder).map((n) => `${n}:${fs.statSync(`${folder}/${n}`).mtimeMs}`).join('|')
    } catch {
      return ''
    }
  }

  /** Starts the automatic runs when a target is set (idempotent). */
  startAuto(): void {
    if (this.timer || !this.target()) return
    this.timer = setInterval(() => {
      const t = this.target()
      if (!t || this.running) return
      if (t.kind === 'folder') {
        const stamp = this.folderStamp(t.folder)
        if (stamp === '' || stamp === this.lastFolderStamp) return
        this.lastFolderStamp = stamp
      }
      void this.run()
    }, this.autoMs)
    this.timer.unref()
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }
}
