/**
 * The e2e suite's end kills the backends a file left running (tests/e2e/browserServer.ts `killListedBackends`): a
 * listed process whose command line names web.js is killed; a listed PID now used by another program is left alone.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { killListedBackends } from './browserServer'
import { tempDataDir } from './harness'

const started: ChildProcess[] = []
afterEach(() => {
  for (const p of started.splice(0)) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL')
})

function idle(name: string): ChildProcess {
  const p = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', name], { stdio: 'ignore' })
  started.push(p)
  return p
}

describe('the e2e backend reaper', () => {
  it('kills a listed web.js left running and leaves a listed PID of another program alone', async () => {
    const dir = tempDataDir('pids')
    const backend = idle(path.join('out', 'main', 'web.js'))
    const other = idle('something-else.js')
    for (const p of [backend, other]) fs.writeFileSync(path.join(dir, String(p.pid)), '')
    fs.writeFileSync(path.join(dir, 'not-a-pid'), '')
    const exited = new Promise<NodeJS.Signals | null>((resolve) => backend.once('exit', (_code, signal) => resolve(signal)))
    expect(killListedBackends(dir)).toBe(1)
    expect(await exited).toBe('SIGKILL')
    expect(other.exitCode).toBeNull()
    expect(other.signalCode).toBeNull()
    fs.rmSync(dir, { recursive: true, force: true })
  })
})
