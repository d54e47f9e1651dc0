/**
 * The file-system probe's process (or, in the packaged desktop app, thread): runs one check at a time on the
 * paths the backend hands it and answers `{ id, ok }` or `{ id, ok: false, reason }`. The backend kills it when a
 * check does not answer in time (paths/fsProbe.ts), so a disk that never answers blocks only this process.
 */
import { parentPort } from 'node:worker_threads'
import { PathRefusal, runFsCheck, type FsCheck } from './fsChecks'

export interface ProbeRequest {
  id: number
  check: FsCheck
}
export type ProbeReply = { id: number; ok: true } | { id: number; ok: false; reason: string }
/** Sent once when the probe is up: the deadline of a check counts from then, not from the process start. */
export const PROBE_READY = { ready: true } as const
/** A probe with nothing to do for this long ends (a new one starts on demand). */
export const PROBE_IDLE_MS = 120_000

function answer(req: ProbeRequest): ProbeReply {
  try {
    runFsCheck(req.check)
    return { id: req.id, ok: true }
  } catch (e) {
    return { id: req.id, ok: false, reason: e instanceof PathRefusal ? e.reason : `无法检查该路径（${e instanceof Error ? e.message : String(e)}）` }
  }
}

let idle: NodeJS.Timeout | undefined
const rest = (): void => {
  clearTimeout(idle)
  idle = setTimeout(() => process.exit(0), PROBE_IDLE_MS)
  idle.unref?.()
}

if (parentPort) {
  const port = parentPort
  port.on('message', (req: ProbeRequest) => port.postMessage(answer(req)))
  port.postMessage(PROBE_READY)
} else if (process.send) {
  process.on('message', (req: ProbeRequest) => {
    process.send?.(answer(req))
    rest()
  })
  // The backend went away (its IPC channel closed): nothing left to answer.
  process.on('disconnect', () => process.exit(0))
  process.send(PROBE_READY)
  rest()
}
