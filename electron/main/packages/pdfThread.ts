/**
 * PDF text extraction in a worker thread (issue 14 item 11, speed). pdf.js costs about a second of CPU for a
 * 200-page PDF plus half a second to load; in a worker it runs while the main thread reads and checks the budget,
 * so on two cores an import takes the longer of the two rather than their sum. The worker is bounded: a time limit
 * per PDF and a heap limit; a worker that hangs, crashes or runs out of memory is terminated and its PDF fails
 * with a Chinese reason (the import then writes nothing, as for any bad file). PDFs of one package go through one
 * worker in turn; the worker loads pdf.js as soon as it starts, while the main thread reads the budget. Without
 * worker code (workerEntry finds none), or with `entry: null`, the text is extracted in this thread, as before.
 *
 * Warm start (issue 14 item 11): loading pdf.js costs about half a second of CPU, on the first import after start
 * in particular. The app and the web server call `warmPdfWorker()` once they are up: one idle worker starts and
 * loads pdf.js in the background while the user picks a file, and the next import takes it; when that import is
 * done a new one is warmed for the one after. The warm worker is unref'd (it never keeps the process alive) and
 * has the same heap limit; `stopWarmPdfWorker()` ends it.
 */
import { Worker } from 'node:worker_threads'
import { builtWorkerEntry } from '../documents/buildPool'
import { PackageError } from './errors'
import { extractPdfText, type PdfAssets } from './pdfText'
import type { PdfReady, PdfReply, PdfRequest } from './pdfWire'

/** Time limit for one PDF's text (a 200-page PDF takes 1–5 s on a loaded two-core machine). */
export const PDF_TIMEOUT_MS = 120_000
/** Heap limit of the worker: a PDF that makes pdf.js allocate without end stops the worker, not the app. */
const PDF_WORKER_HEAP_MB = 1024

export interface PdfThreadOptions {
  /** The worker's code; null extracts in this thread. Default: `pdfWorker.js` next to the bundle, else the source. */
  entry?: URL | null
  /** Time limit for one PDF, in ms (default PDF_TIMEOUT_MS). */
  timeoutMs?: number
}

/**
 * The built worker only (the app, the command line, the e2e tests' build and the CLI tests' bundle). Run from
 * TypeScript source (unit tests), the text is read in this thread: a worker there would compile pdf.js's caller
 * through tsx on every import. pdfWorker.test.ts gives the worker explicitly.
 */
export function pdfWorkerEntry(): URL | null {
  return builtWorkerEntry('pdfWorker.js')
}

function spawn(entry: URL): Worker {
  const worker = new Worker(entry, { execArgv: [], resourceLimits: { maxOldGenerationSizeMb: PDF_WORKER_HEAP_MB } })
  // An idle worker does not keep the process alive; it is ref'd while it holds a PDF.
  worker.unref()
  // Between PDFs a dying worker is only dropped (the listeners of runOne report it while it holds a PDF).
  worker.on('error', () => {})
  return worker
}

/** The idle warm worker, with the code it runs and whether it has said it is ready (pdf.js loaded). */
let warm: { entry: string; worker: Worker; ready: Promise<boolean> } | null = null
/** Whether a new warm worker follows each import (set by warmPdfWorker, cleared by stopWarmPdfWorker). */
let keepWarm = false

/** Starts one idle worker loading pdf.js for the next import (no-op without built worker code). */
export function warmPdfWorker(entry: URL | null = pdfWorkerEntry()): void {
  if (!entry) return
  keepWarm = true
  if (warm) return
  const worker = spawn(entry)
  const ready = new Promise<boolean>((resolve) => {
    const onMessage = (m: unknown): void => {
      if (typeof m === 'object' && m !== null && (m as Partial<PdfReady>).ready === true) done(true)
    }
    const done = (ok: boolean): void => {
      worker.off('message', onMessage)
      worker.off('exit', onExit)
      resolve(ok)
    }
    const onExit = (): void => done(false)
    worker.on('message', onMessage)
    worker.on('exit', onExit)
  })
  const slot = { entry: entry.href, worker, ready }
  worker.once('exit', () => {
    if (warm === slot) warm = null
  })
  warm = slot
}

/** Resolves true when the warm worker has loaded pdf.js (false when there is none, or it died first). */
export function pdfWorkerWarmed(): Promise<boolean> {
  return warm ? warm.ready : Promise.resolve(false)
}

/** Ends the warm worker; imports then start their own. */
export function stopWarmPdfWorker(): void {
  keepWarm = false
  const w = warm?.worker
  warm = null
  if (w) void w.terminate()
}

/** Whether a warm worker is waiting (tests). */
export function hasWarmPdfWorker(): boolean {
  return warm !== null
}

function takeWarm(entry: URL): Worker | null {
  if (!warm || warm.entry !== entry.href) return null
  const w = warm.worker
  warm = null
  return w
}

export class PdfThread {
  private worker: Worker | null = null
  private chain: Promise<unknown> = Promise.resolve()
  private nextId = 1
  private closed = false
  private cancel: (() => void) | null = null

  constructor(
    private readonly entry: URL | null,
    private readonly timeoutMs: number
  ) {}

  /** The text per page, or a PackageError with a Chinese message. PDFs are extracted one after another. */
  extract(bytes: Uint8Array, filePath: string, assets: PdfAssets): Promise<string[]> {
    const run = this.chain.then(() => this.runOne(bytes, filePath, assets))
    this.chain = run.catch(() => undefined)
    return run
  }

  private runOne(bytes: Uint8Array, filePath: string, assets: PdfAssets): Promise<string[]> {
    if (this.closed) return Promise.reject(new PackageError('pdf-corrupt', `读取 PDF 文件“${filePath}”已取消。`, filePath))
    if (!this.entry) return extractPdfText(bytes, filePath, assets)
    const worker = this.worker ?? this.start(this.entry)
    const id = this.nextId++
    return new Promise<string[]>((resolve, reject) => {
      const settle = (pages: string[] | null, error: PackageError | null, stop: boolean): void => {
        clearTimeout(timer)
        worker.off('message', onMessage)
        worker.off('error', onError)
        worker.off('exit', onExit)
        this.cancel = null
        if (stop) {
          this.worker = null
          void worker.terminate()
        } else worker.unref()
        if (pages) resolve(pages)
        else reject(error)
      }
      const died = (why: string) =>
        settle(null, new PackageError('pdf-corrupt', `读取 PDF 文件“${filePath}”的后台线程意外退出（${why}），无法提取文字。文件可能已损坏。`, filePath), true)
      const onMessage = (reply: PdfReply): void => {
        if (reply.id !== id) return
        if (reply.ok) return settle(reply.pages, null, false)
        settle(null, new PackageError(reply.code ?? 'pdf-corrupt', reply.code ? reply.message : `PDF 文件“${filePath}”无法提取文字（${reply.message}）。`, filePath), false)
      }
      const onError = (e: Error): void => died(e.message)
      const onExit = (code: number): void => died(`退出码 ${code}`)
      const seconds = Math.round(this.timeoutMs / 100) / 10
      const timer = setTimeout(
        () => settle(null, new PackageError('pdf-timeout', `PDF 文件“${filePath}”在 ${seconds} 秒内未能提取出文字，已停止读取。文件可能已损坏或结构异常。`, filePath), true),
        this.timeoutMs
      )
      this.cancel = () => settle(null, new PackageError('pdf-corrupt', `读取 PDF 文件“${filePath}”已取消。`, filePath), true)
      worker.on('message', onMessage)
      worker.on('error', onError)
      worker.on('exit', onExit)
      worker.ref()
      // A copy, transferred: the caller keeps its bytes (they are hashed and stored after the read).
      const copy = new Uint8Array(bytes)
      const req: PdfRequest = { id, bytes: copy, filePath, assets }
      worker.postMessage(req, [copy.buffer])
    })
  }

  private start(entry: URL): Worker {
    const worker = takeWarm(entry) ?? spawn(entry)
    // A worker that dies between PDFs is replaced for the next one.
    worker.once('exit', () => {
      if (this.worker === worker) this.worker = null
    })
    this.worker = worker
    return worker
  }

  /** Stops the worker; a PDF in progress fails and later ones are refused. */
  close(): void {
    this.closed = true
    this.cancel?.()
    const w = this.worker
    this.worker = null
    if (w) void w.terminate()
    // The next import finds pdf.js loaded again.
    if (keepWarm && this.entry) warmPdfWorker(this.entry)
  }
}

export function openPdfThread(options: PdfThreadOptions = {}): PdfThread {
  return new PdfThread(options.entry === undefined ? pdfWorkerEntry() : options.entry, options.timeoutMs ?? PDF_TIMEOUT_MS)
}
