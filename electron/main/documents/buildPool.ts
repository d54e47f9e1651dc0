/**
 * A small pool of worker threads for the export (issue 10, speed): documents of a meeting are independent, so they
 * are built (and, on request, verified) on every core. The main thread keeps the database, the files, progress and
 * cancel. Tasks wait in a queue; each worker is handed up to DEPTH tasks, which it builds one after the other (so
 * it never waits for the main thread to answer between two tasks); a worker that dies fails its tasks with a
 * Chinese reason and is replaced. Idle workers do not keep the process alive (unref'd until they get a task). The
 * export takes the process's pool (`acquireBuildPool`) and gives it back; it is kept for the next export and closed
 * after a minute without work, or at once after a cancelled export. The worker is the bundle's `documentWorker.js` (electron.vite.config.ts) next to
 * the main bundle, or, when running from source (tsx, Vitest), buildWorker.ts through tsx.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { type PoolReply, type PoolRequest, type PoolTask, SentPayloads } from './buildWire'

/** A worker built next to the main bundle (electron.vite.config.ts lists them), or null when run from source. */
export function builtWorkerEntry(built: string): URL | null {
  for (const rel of [`./${built}`, `../${built}`]) {
    const u = new URL(rel, import.meta.url)
    if (u.protocol === 'file:' && fs.existsSync(fileURLToPath(u))) return u
  }
  return null
}

/**
 * Where a worker's code is: the built entry `built` next to the main bundle (or one folder up, from a chunk), or
 * the TypeScript source `src` run through tsx. The export's worker by default; the package import's PDF worker
 * (packages/pdfThread.ts) passes its own.
 */
export function workerEntry(built = 'documentWorker.js', src: URL = new URL('./buildWorker.ts', import.meta.url)): URL | null {
  const bundled = builtWorkerEntry(built)
  if (bundled) return bundled
  if (src.protocol !== 'file:' || !fs.existsSync(fileURLToPath(src))) return null
  // From source: a bootstrap module registers tsx's loader in the worker, then imports the worker source.
  let api: string
  try {
    api = pathToFileURL(path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href
  } catch {
    return null
  }
  const code = `import { register } from ${JSON.stringify(api)}; register(); await import(${JSON.stringify(src.href)});`
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`)
}

/**
 * The young generation of a worker's heap (issue 10, speed). A build allocates tens of megabytes of short-lived
 * strings and objects (a 2,000-line table is 30,000 cells); with V8's default (16 MB semi-spaces) they outlive
 * their scavenge and are copied into the old generation, and garbage collection took ≈ 15–25 % of the build's CPU.
 * 192 MB (64 MB semi-spaces) lets most of them die young: against 96 MB, ≈ 7 % less CPU for an export (≈ 10 % in
 * the workers' threads, less system time), for ≈ 200 MB more peak memory while exporting (docs/documents.md).
 */
const YOUNG_GENERATION_MB = 192

/** Workers for an export: one per core (at least one), at most `max`. */
export function defaultPoolSize(max = 8): number {
  return Math.max(1, Math.min(max, os.availableParallelism()))
}

interface Pending {
  task: PoolTask
  transfer: ArrayBuffer[]
  /** Tasks with the same key go to the same worker while it has room (see pump). */
  affinity?: string
  resolve: (r: PoolReply & { ok: true }) => void
  reject: (e: Error) => void
}

/**
 * Tasks handed to one worker at a time (issue 10, speed), by default. The worker builds them in order; the next one
 * is already in its message queue when it finishes one, so it keeps building while the main thread is busy
 * (drawing a chart, writing a file) instead of waiting for the main thread to read its reply and send more. With
 * one task at a time the workers were idle ≈ 30 % of an export of 20 projects (docs/documents.md). An export
 * raises it to DEEP while projects are still to be gathered (`depth`).
 */
export const DEPTH = 3

/**
 * Tasks handed to a worker while the main thread still gathers projects: gathering one holds the main thread for
 * ≈ 0.25–0.45 s (its sheets' signatures verified), in which a worker with three 专家个人评审意见表 (≈ 50 ms each)
 * in hand ran dry and waited (≈ 5 s of 18 in an export of 20 projects, measured in the workers).
 */
export const DEEP = 8

/**
 * Which worker takes a waiting task (index into `loads`, or -1: none now). `loads`: tasks each worker holds; `home`:
 * the worker its affinity key was given to (-1: none yet, or no key); `ownWaiting`: whether other waiting tasks are
 * homed to each worker. A task goes home while home has room. When home is full, a worker with room and nothing
 * of its own waiting takes it — the first project of an export, while the main thread gathers the next; the last
 * project, at the end (homes are given when tasks are queued, so a worker whose next project is already queued
 * waits for it). A task without a home goes to the worker with the fewest tasks.
 */
export function pickWorker(loads: readonly number[], home: number, ownWaiting: readonly boolean[], depth = DEPTH): number {
  if (home >= 0 && loads[home]! < depth) return home
  // Home is full: a worker with room and nothing of its own waiting takes it (its sheets then go to a second worker).
  let best = -1
  for (let i = 0; i < loads.length; i++) {
    if (loads[i]! >= depth || (home >= 0 && ownWaiting[i])) continue
    if (best < 0 || loads[i]! < loads[best]!) best = i
  }
  return best
}

/** Affinity keys remembered (projects: an export has a few in flight at a time). */
const HOMES_KEPT = 64

interface Slot {
  worker: Worker
  /** Tasks handed to this worker, in the order it builds them (its replies come in that order). */
  busy: (Pending & { id: number })[]
  /** The payloads this worker holds (buildWire.ts): a new worker starts with none. */
  sent: SentPayloads
}

export class BuildPool {
  private readonly slots: Slot[] = []
  private readonly queue: Pending[] = []
  private nextId = 1
  private closed = false
  /**
   * Tasks each worker may hold (DEPTH by default). An export sets DEEP while it still gathers projects and DEPTH
   * once every project is gathered, so that at the end no worker holds much work the other could have done.
   */
  get depth(): number {
    return this.maxHeld
  }

  set depth(n: number) {
    this.maxHeld = Math.max(1, Math.floor(n))
    this.pump()
  }

  private maxHeld = DEPTH
  /** Tasks done by the workers (tests check that the worker path was taken). */
  completed = 0

  constructor(
    private readonly entry: URL,
    readonly size: number
  ) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn())
  }

  get isClosed(): boolean {
    return this.closed
  }

  private spawn(): Slot {
    const worker = new Worker(this.entry, { execArgv: [], resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } })
    worker.unref()
    const slot: Slot = { worker, busy: [], sent: new SentPayloads() }
    worker.on('message', (reply: PoolReply) => {
      const p = slot.busy[0]
      if (!p || p.id !== reply.id) return
      slot.busy.shift()
      if (slot.busy.length === 0) worker.unref()
      this.completed++
      if (reply.ok) p.resolve(reply)
      else p.reject(new Error(reply.message))
      this.pump()
    })
    const died = (why: string): void => {
      for (const p of slot.busy.splice(0)) p.reject(new Error(`生成文档的后台线程意外退出（${why}）`))
      const at = this.slots.indexOf(slot)
      if (at >= 0 && !this.closed) {
        this.slots[at] = this.spawn()
        this.pump()
      }
    }
    worker.on('error', (e) => died(e.message))
    worker.on('exit', (code) => {
      if (!this.closed) died(`退出码 ${code}`)
    })
    return slot
  }

  /** The worker each affinity key was last given to (the newest keys; a key is a project of the export). */
  private readonly homes = new Map<string, Slot>()

  /**
   * Hands queued tasks to the workers, up to `depth` each. A task with an affinity key goes to the worker that got
   * that key before (a project's documents share its nine sheets: sent to, parsed and hashed by one worker, not
   * two) and waits for room there; a key's worker is chosen when its first task is queued (`home`). A worker with
   * room and no waiting task of its own takes a waiting task whatever its key, so no core idles at the start or
   * the end of an export (pickWorker). Tasks without a key go to the worker with the fewest.
   */
  private pump(): void {
    for (let posted = true; posted && this.queue.length > 0; ) {
      posted = false
      for (let i = 0; i < this.queue.length; i++) {
        const slot = this.slotFor(this.queue[i]!)
        if (!slot) continue
        const [p] = this.queue.splice(i, 1)
        this.post(slot, p!)
        posted = true
        break
      }
    }
  }

  private slotFor(p: Pending): Slot | null {
    const home = p.affinity !== undefined ? this.homes.get(p.affinity) : undefined
    const waiting = new Set(this.queue.filter((q) => q !== p).map((q) => (q.affinity !== undefined ? this.homes.get(q.affinity) : undefined)))
    const at = pickWorker(
      this.slots.map((s) => s.busy.length),
      home ? this.slots.indexOf(home) : -1,
      this.slots.map((s) => waiting.has(s)),
      this.maxHeld
    )
    return at >= 0 ? this.slots[at]! : null
  }

  /**
   * The worker a new affinity key is given to, when its first task is queued: the one with the least work held
   * and waiting for it. A key whose worker was replaced is given again.
   */
  private home(affinity: string): void {
    const known = this.homes.get(affinity)
    if (known && this.slots.includes(known)) return
    const load = (s: Slot): number => s.busy.length + this.queue.filter((q) => q.affinity !== undefined && this.homes.get(q.affinity) === s).length
    let best = this.slots[0]!
    for (const s of this.slots) if (load(s) < load(best)) best = s
    this.homes.set(affinity, best)
    if (this.homes.size > HOMES_KEPT) this.homes.delete(this.homes.keys().next().value as string)
  }

  private post(slot: Slot, p: Pending): void {
    const id = this.nextId++
    slot.busy.push({ ...p, id })
    // A worker with a task keeps the process alive until it answers.
    slot.worker.ref()
    try {
      // Encoded for this worker only now, in the order its tasks are posted (its table of payloads follows it).
      const req: PoolRequest = { id, task: slot.sent.encode(p.task) }
      slot.worker.postMessage(req, p.transfer)
    } catch (e) {
      // Not sent (a value that cannot be copied): the task fails, and the worker, whose table of payloads no
      // longer matches this side's, is replaced by a new one at once and stopped; the tasks it was already
      // handed go back to the front of the queue for the new worker (encoded afresh for its empty table).
      slot.busy.pop()
      p.reject(new Error(`无法把文档任务交给后台线程：${e instanceof Error ? e.message : String(e)}`))
      const waiting = slot.busy.splice(0)
      this.slots[this.slots.indexOf(slot)] = this.spawn()
      void slot.worker.terminate()
      this.queue.unshift(...waiting.map(({ id: _id, ...rest }) => rest))
    }
  }

  /** Runs a task in a worker; `affinity`: tasks with the same key are built by the same worker where possible. */
  run(task: PoolTask, transfer: ArrayBuffer[] = [], affinity?: string): Promise<PoolReply & { ok: true }> {
    if (this.closed) return Promise.reject(new Error('生成文档的后台线程已关闭'))
    return new Promise((resolve, reject) => {
      if (affinity !== undefined) this.home(affinity)
      this.queue.push({ task, transfer, resolve, reject, ...(affinity !== undefined ? { affinity } : {}) })
      this.pump()
    })
  }

  /** Stops every worker; queued tasks fail. */
  async close(): Promise<void> {
    this.closed = true
    for (const p of this.queue.splice(0)) p.reject(new Error('已取消'))
    await Promise.all(this.slots.map((s) => s.worker.terminate()))
    for (const s of this.slots) for (const p of s.busy.splice(0)) p.reject(new Error('已取消'))
  }
}

/** A pool of `size` workers, or null when the worker code cannot be found (the export then builds in this thread). */
export function openBuildPool(size = defaultPoolSize()): BuildPool | null {
  if (size < 1) return null
  const entry = workerEntry()
  return entry ? new BuildPool(entry, size) : null
}

/** Idle workers are kept this long for the next export (each needs about half a second to load the builders). */
const IDLE_MS = 60_000

interface Shared {
  pool: BuildPool
  users: number
  discard: boolean
  timer: NodeJS.Timeout | null
}

let shared: Shared | null = null

function closeShared(s: Shared): void {
  if (s.timer) clearTimeout(s.timer)
  if (shared === s) shared = null
  void s.pool.close()
}

/**
 * The process's pool of `size` workers for an export (issue 10, speed: started once, not per export); a pool of its
 * own when the shared one is busy with another size. Null when `size` is 0 or there is no worker code. Give it back
 * with releaseBuildPool.
 */
export function acquireBuildPool(size: number): BuildPool | null {
  if (size < 1) return null
  if (shared && (shared.pool.isClosed || (shared.users === 0 && (shared.pool.size !== size || shared.discard)))) closeShared(shared)
  if (shared && (shared.pool.size !== size || shared.discard)) return openBuildPool(size)
  if (!shared) {
    const pool = openBuildPool(size)
    if (!pool) return null
    shared = { pool, users: 0, discard: false, timer: null }
  }
  if (shared.timer) clearTimeout(shared.timer)
  shared.timer = null
  shared.users++
  return shared.pool
}

/**
 * Gives a pool back after an export. `cancelled`: its in-flight builds are dropped (the workers are stopped as soon
 * as no other export uses them). A pool nobody uses is closed after IDLE_MS.
 */
export async function releaseBuildPool(pool: BuildPool, cancelled: boolean): Promise<void> {
  const s = shared
  if (!s || s.pool !== pool) return pool.close()
  s.users = Math.max(0, s.users - 1)
  if (cancelled) s.discard = true
  if (s.users > 0) return
  if (s.discard) {
    shared = null
    if (s.timer) clearTimeout(s.timer)
    return s.pool.close()
  }
  s.timer = setTimeout(() => closeShared(s), IDLE_MS)
  s.timer.unref()
}
