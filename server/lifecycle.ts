/**
 * Stopping the sync server on SIGTERM / SIGINT however it was launched (systemd, a container, a process manager,
 * a terminal): the first signal stops it gracefully (requests in flight finished, the store closed); a second one
 * ends the process at once. When the process that launched it goes away without passing a signal on (a wrapper
 * that was killed), the server stops the same way instead of running on as an orphan holding its port and store.
 */
import type { Logger } from './log'
import type { RunningServer } from './main'

export interface StopOptions {
  log: Logger
  graceMs?: number
  /** How often the parent process is looked at (ms). */
  parentCheckMs?: number
  /**
   * The process that launched this one, read when the process started: a wrapper killed while the server was still
   * starting has already been replaced by PID 1 by the time the server runs, so reading it here would miss that.
   */
  launchedBy?: number
}

/** Resolves with the exit code once the server has stopped. */
export function runUntilStopped(server: RunningServer, o: StopOptions): Promise<number> {
  return new Promise<number>((resolve) => {
    let stopping = false
    const parent = o.launchedBy ?? process.ppid
    const stop = (why: string) => {
      if (stopping) {
        o.log('warn', 'second stop request: exiting now', { why })
        process.exit(1)
      }
      stopping = true
      clearInterval(watch)
      o.log('info', 'stop requested', { why })
      server.close(o.graceMs).then(
        () => resolve(0),
        (err: unknown) => {
          o.log('error', 'stopping failed', { error: err instanceof Error ? err.message : String(err) })
          resolve(1)
        }
      )
    }
    process.on('SIGTERM', () => stop('SIGTERM'))
    process.on('SIGINT', () => stop('SIGINT'))
    // Launched by a wrapper (npx, a shell): when it dies the process is re-parented. A server started by PID 1
    // (systemd, a container's init) has nothing to watch.
    const watch = setInterval(() => {
      if (parent !== 1 && process.ppid !== parent) stop('parent process ended')
    }, o.parentCheckMs ?? 1000)
    watch.unref()
  })
}
