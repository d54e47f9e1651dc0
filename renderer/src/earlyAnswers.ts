/**
 * The first screen's reads, sent before React is evaluated (start-up, issue 11 item 11). boot.ts starts them as the
 * page's first module, so their answers arrive while React's code is still being evaluated; main.tsx waits for them
 * (briefly) and the first render draws the shell and the 会议 list with their data in one go, instead of a render
 * without data, then one render per answer.
 *
 * Rules, so that nothing stale is ever shown:
 * - an answer is used only during the page's first render and effects: `peek` hands a component its data for its
 *   initial state (without using it up: React may run a first render twice), `take` hands the first call of that
 *   method with no input the answer on its way (once);
 * - a call of a method that may write (anything but a .list/.get/.status/.info read) drops every answer left, as it
 *   may change what they read, and App's first effect drops them after the first render's effects (`drop`);
 * - a refused read (ok: false) is never used as data: the component's own call then takes it and shows the error.
 * Plain TypeScript (no DOM): api.ts gives it the function that sends a call.
 */
import type { ApiResult } from '../../shared/api/errors'

const READ = /\.(list|get|status|info)$/

export class EarlyAnswers<M extends string> {
  private readonly pending = new Map<M, Promise<ApiResult<unknown>>>()
  private readonly arrived = new Map<M, ApiResult<unknown>>()

  constructor(private readonly send: (method: M, input: unknown) => Promise<ApiResult<unknown>>) {}

  /** Sends each method (a read with no input) now, unless it is already on its way. */
  start(methods: readonly M[]): void {
    for (const m of methods) {
      if (this.pending.has(m)) continue
      const p = this.send(m, {})
      this.pending.set(m, p)
      p.then(
        (r) => {
          if (this.pending.get(m) === p) this.arrived.set(m, r)
        },
        () => undefined
      )
    }
  }

  /** Resolves once every answer started has arrived (or failed), or after `maxMs`, whichever comes first. */
  whenArrived(maxMs: number): Promise<void> {
    const all = Promise.allSettled([...this.pending.values()]).then(() => undefined)
    let timer: ReturnType<typeof setTimeout> | undefined
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, maxMs)
    })
    return Promise.race([all, late]).finally(() => clearTimeout(timer))
  }

  /** The data of a successful answer that has arrived and is still held, without using it up; else undefined. */
  peek(method: M): unknown {
    const r = this.pending.has(method) ? this.arrived.get(method) : undefined
    return r?.ok ? r.data : undefined
  }

  /** For a call: the held answer if this is the method's first call with no input; a writing call drops them all. */
  take(method: M, input: unknown): Promise<ApiResult<unknown>> | undefined {
    const held = this.pending.get(method)
    const noInput = typeof input === 'object' && input !== null && Object.keys(input).length === 0
    if (!held || !noInput) {
      if (!READ.test(method)) this.drop()
      return undefined
    }
    this.pending.delete(method)
    this.arrived.delete(method)
    return held
  }

  /** Forgets every answer still held (after the first render's effects, or before a write). */
  drop(): void {
    this.pending.clear()
    this.arrived.clear()
  }
}
