/**
 * File-system checks off the backend's thread (issue 11): the checks of a user path (fsChecks.ts) run in a child
 * process; a check that does not answer within its deadline (a dead network share, a kernel path that loops) gets
 * a timeout answer, the child is killed (SIGKILL) and the checks waiting behind it go to a fresh child. So the
 * backend's thread and thread pool never wait on such a disk, other requests are answered, cancel and SIGTERM work.
 * The child is the bundle's `fsProbe.js` next to the main bundle (electron.vite.config.ts), or fsProbeChild.ts
 * through tsx when running from source. Under Electron (whose packaged binary cannot run as Node) it is a worker
 * thread instead, abandoned rather than killed when it hangs.
 */
import { fork, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { FsCheck } from './fsChecks'
import type { ProbeReply, ProbeRequest } from './fsProbeChild'

export type ProbeResult = { ok: true } | { ok: false; timedOut: false; reason: string } | { ok: false; timedOut: true }

/** One running probe: a child process or a worker thread. */
export interface ProbeHost {
  send(req: ProbeRequest): void
  kill(): void
}
export type ProbeLauncher = (onMessage: (m: ProbeReply | { ready: true }) => void, onExit: () => void) => ProbeHost

/** The built entry next to the main bundle, or the TypeScript source (run through tsx). */
function probeEntry(): { file: string; source: boolean } {
  for (const rel of ['./fsProbe.js', '../fsProbe.js']) {
    const u = new URL(rel, import.meta.url)
    if (u.protocol === 'file:' && fs.existsSync(fileURLToPath(u))) return { file: fileURLToPath(u), source: false }
  }
  return { file: fileURLToPath(new URL('./fsProbeChild.ts', import.meta.url)), source: true }
}

/** A child process running `entry` (default: the probe); `execArgv` e.g. to load tsx. */
export function childLauncher(entry = probeEntry()): ProbeLauncher {
  return (onReply, onExit) => {
    const child: ChildProcess = fork(entry.file, [], { execArgv: entry.source ? ['--import', 'tsx'] : [], stdio: ['ignore', 'ignore', 'inherit', 'ipc'], serialization: 'json' })
    const killOnExit = (): void => {
      child.kill('SIGKILL')
    }
    process.on('exit', killOnExit)
    child.on('message', (m) => onReply(m as ProbeReply | { ready: true }))
    child.once('exit', () => {
      process.off('exit', killOnExit)
      onExit()
    })
    child.on('error', () => onExit())
    // Never keeps the backend alive by itself.
    child.unref()
    child.channel?.unref()
    return { send: (req) => child.send(req), kill: () => child.kill('SIGKILL') }
  }
}

/** A worker thread running the built probe (Electron). */
function workerLauncher(entry = probeEntry()): ProbeLauncher {
  return (onReply, onExit) => {
    const worker = new Worker(entry.file, { execArgv: [] })
    worker.on('message', (m: ProbeReply | { ready: true }) => onReply(m))
    worker.once('exit', onExit)
    worker.once('error', onExit)
    worker.unref()
    return { send: (req) => worker.postMessage(req), kill: () => void worker.terminate() }
  }
}

/** How many probes one check may be sent to (the first, and fresh ones after others hung or died). */
const MAX_SENDS = 3
/** How long a probe may take to start (tsx from source on a loaded machine is slow; the bundle starts in ~0.1 s). */
const BOOT_MS = 30_000

interface Pending {
  req: ProbeRequest
  deadlineMs: number
  /** Probes this check was sent to (a probe that keeps dying is not restarted for it for ever). */
  sent: number
  /** Started when the check first reaches a running probe; kept when it moves to a fresh one. */
  timer: NodeJS.Timeout | null
  /** The probe it was last handed to (running). */
  at: Running | null
  resolve: (r: ProbeResult) => void
}

interface Running {
  host: ProbeHost
  ready: boolean
  boot: NodeJS.Timeout
  /** Checks sent to it before it was up. */
  queued: ProbeRequest[]
}

export class FsProbe {
  private current: Running | null = null
  private readonly pending = new Map<number, Pending>()
  private nextId = 1

  constructor(private readonly launch: ProbeLauncher) {}

  /** Starts the probe ahead of the first check. */
  warm(): void {
    try {
      this.running()
    } catch {
      /* started again on demand */
    }
  }

  /** Resolves once a probe is up (tests: the time to start one is not the time a check takes). */
  async ready(timeoutMs = BOOT_MS): Promise<void> {
    const until = Date.now() + timeoutMs
    while (!this.running().ready && Date.now() < until) await new Promise((r) => setTimeout(r, 20))
  }

  /** Runs one check; answers within `deadlineMs` of reaching a running probe, whatever the disk does. */
  run(check: FsCheck, deadlineMs: number): Promise<ProbeResult> {
    return new Promise((resolve) => {
      const req = { id: this.nextId++, check }
      this.pending.set(req.id, { req, deadlineMs, sent: 0, timer: null, at: null, resolve })
      this.dispatch(req)
    })
  }

  private running(): Running {
    if (this.current) return this.current
    let me: Running | null = null
    const host = this.launch(
      (r) => this.message(me, r),
      () => this.died(me)
    )
    const boot = setTimeout(() => this.bootFailed(me), BOOT_MS)
    boot.unref()
    me = { host, ready: false, boot, queued: [] }
    this.current = me
    return me
  }

  private dispatch(req: ProbeRequest): void {
    const p = this.pending.get(req.id)
    if (!p) return
    if (++p.sent > MAX_SENDS) return this.settle(req.id, { ok: false, timedOut: false, reason: '无法启动文件检查进程，请重启本程序后重试' })
    try {
      const r = this.running()
      if (r.ready) this.send(r, p)
      else {
        r.queued.push(req)
        // A check is waiting for the probe to start: the boot timer now keeps the process alive (a command-line
        // run whose only pending work is this check would otherwise exit before the probe answers).
        r.boot.ref()
      }
    } catch (e) {
      this.settle(req.id, { ok: false, timedOut: false, reason: `无法检查该路径（${e instanceof Error ? e.message : String(e)}）` })
    }
  }

  private send(r: Running, p: Pending): void {
    p.timer ??= setTimeout(() => this.timedOut(p.req.id), p.deadlineMs)
    p.at = r
    r.host.send(p.req)
  }

  private message(from: Running | null, m: ProbeReply | { ready: true }): void {
    if (!from || from !== this.current) return
    if ('ready' in m) {
      clearTimeout(from.boot)
      from.ready = true
      for (const req of from.queued.splice(0)) {
        const p = this.pending.get(req.id)
        if (p) this.send(from, p)
      }
      return
    }
    this.settle(m.id, m.ok ? { ok: true } : { ok: false, timedOut: false, reason: m.reason })
  }

  private settle(id: number, result: ProbeResult): void {
    const p = this.pending.get(id)
    if (!p) return
    if (p.timer) clearTimeout(p.timer)
    this.pending.delete(id)
    p.resolve(result)
  }

  /** A check did not answer in time: answer it, kill the probe, send the others to a fresh probe. */
  private timedOut(id: number): void {
    const at = this.pending.get(id)?.at ?? null
    this.settle(id, { ok: false, timedOut: true })
    // Only the probe that holds the check is stuck; a fresh one still starting is left alone.
    this.replace(at)
  }

  private bootFailed(r: Running | null): void {
    if (!r || r !== this.current) return
    for (const p of [...this.pending.values()]) this.settle(p.req.id, { ok: false, timedOut: false, reason: '无法启动文件检查进程，请重启本程序后重试' })
    this.replace(r)
  }

  /** The probe ended by itself (crash, idle, killed from outside): what was waiting goes to a fresh one. */
  private died(r: Running | null): void {
    if (r && r === this.current) this.replace(r)
  }

  private replace(r: Running | null): void {
    if (!r || r !== this.current) return
    this.current = null
    clearTimeout(r.boot)
    r.host.kill()
    for (const p of [...this.pending.values()]) this.dispatch(p.req)
    // A fresh probe is started at once, so the next check does not wait for it.
    this.warm()
  }

  /** Stops the probe (tests, shutdown). */
  close(): void {
    const r = this.current
    this.current = null
    if (r) {
      clearTimeout(r.boot)
      r.host.kill()
    }
  }
}

let shared: FsProbe | null = null

/** The backend's probe: a child process under Node, a worker thread under Electron. */
export function fsProbe(): FsProbe {
  shared ??= new FsProbe(process.versions.electron ? workerLauncher() : childLauncher())
  return shared
}

/** Replaces the backend's probe (a different launcher: tests with a disk that never answers). */
export function useFsProbe(probe: FsProbe): FsProbe | null {
  const old = shared
  shared = probe
  return old
}
