/**
 * A file-system probe on a disk that never answers: for a path with a `hang-here` level it makes the call that hung
 * the backend in issue 11 (Node 20's recursive mkdir on /proc/1/nope loops for good inside one fs call); any other
 * path gets the real checks. Run as the probe's child process by tests/security/fsHang.test.ts.
 */
import fs from 'node:fs'
import { PathRefusal, runFsCheck } from '../../../electron/main/paths/fsChecks'
import type { ProbeReply, ProbeRequest } from '../../../electron/main/paths/fsProbeChild'

process.on('message', (req: ProbeRequest) => {
  if (req.check.path.split('/').includes('hang-here')) fs.mkdirSync('/proc/1/nope', { recursive: true })
  let reply: ProbeReply
  try {
    runFsCheck(req.check)
    reply = { id: req.id, ok: true }
  } catch (e) {
    reply = { id: req.id, ok: false, reason: e instanceof PathRefusal ? e.reason : String(e) }
  }
  process.send?.(reply)
})
process.on('disconnect', () => process.exit(0))
process.send?.({ ready: true })
