/**
 * `paneldesk server` as a real process, launched through the command line's entry point: SIGTERM finishes the
 * request in flight (its answer arrives after the signal), refuses new connections, closes the store (the SQLite
 * WAL file is checkpointed away) and exits 0. Launched through a wrapper that dies without passing the signal on
 * (as npx may), it stops by itself instead of staying behind as an orphan.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import readline from 'node:readline'
import { afterEach, describe, expect, it } from 'vitest'
import { tempDir } from '../../../../tests/helpers/tmp'
import { RawDevice } from '../../../../tests/security/serverKit'
import { ROOT } from '../../../../tests/kits/cli/bundle'
import { cliCommand } from '../../../../tests/kits/cli/run'

const started: ChildProcess[] = []
const pids: number[] = []

afterEach(() => {
  for (const p of started.splice(0)) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL')
  for (const pid of pids.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      /* already gone */
    }
  }
})

interface Launched {
  proc: ChildProcess
  lines: Record<string, unknown>[]
  /** Resolves with the first log line matching. */
  line(msg: string): Promise<Record<string, unknown>>
  exited: Promise<number | null>
}

function launch(command: string, args: string[]): Launched {
  const proc = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] })
  started.push(proc)
  const lines: Record<string, unknown>[] = []
  const waiting: { msg: string; resolve: (l: Record<string, unknown>) => void }[] = []
  readline.createInterface({ input: proc.stdout as NodeJS.ReadableStream }).on('line', (text) => {
    let l: Record<string, unknown>
    try {
      l = JSON.parse(text) as Record<string, unknown>
    } catch {
      return
    }
    lines.push(l)
    for (const w of waiting.filter((x) => x.msg === l.msg)) w.resolve(l)
  })
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)))
  return {
    proc,
    lines,
    exited,
    line: (msg) => {
      const seen = lines.find((l) => l.msg === msg)
      if (seen) return Promise.resolve(seen)
      return Promise.race([
        new Promise<Record<string, unknown>>((resolve) => waiting.push({ msg, resolve })),
        exited.then((code) => Promise.reject(new Error(`server exited (${code}) before logging "${msg}"`)))
      ])
    }
  }
}

async function inFlightCount(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text()
  return Number(/^paneldesk_http_requests_in_flight (\d+)$/m.exec(text)?.[1] ?? NaN)
}

describe('stopping the sync server process', () => {
  it('finishes the request in flight on SIGTERM, closes the store and exits 0', async () => {
    const data = tempDir('cli-stop')
    const s = launch(process.execPath, [...cliCommand(), 'server', '--data', data, '--port', '0'])
    const url = String((await s.line('sync server started')).url)
    const dev = await RawDevice.enrol(url, String((await s.line('secretariat join code')).joinCode))
    expect(fs.existsSync(path.join(data, 'sync-server.sqlite-wal'))).toBe(true)
    // A pull whose body has only half arrived when the signal comes.
    const body = JSON.stringify({ vv: {}, limitBytes: 65536 })
    let finish = () => {}
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(`${url}/v1/pull`, { method: 'POST', headers: { authorization: `Bearer ${dev.token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        let text = ''
        res.on('data', (c: Buffer) => (text += c.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
      })
      req.on('error', reject)
      req.write(body.slice(0, 5))
      finish = () => req.end(body.slice(5))
    })
    for (let i = 0; i < 500 && (await inFlightCount(url)) < 2; i++) await new Promise((r) => setImmediate(r))
    expect(await inFlightCount(url)).toBe(2) // the pull and this scrape
    s.proc.kill('SIGTERM')
    expect((await s.line('sync server stopping')).inFlight).toBe(1)
    await expect(fetch(`${url}/healthz`)).rejects.toThrow() // no new connections
    finish()
    const r = await answer
    expect(r.status).toBe(200)
    expect(JSON.parse(r.body)).toMatchObject({ hasMore: false })
    expect(await s.exited).toBe(0)
    expect(s.lines.some((l) => l.msg === 'sync server stopped')).toBe(true)
    expect(fs.existsSync(path.join(data, 'sync-server.sqlite-wal'))).toBe(false)
  }, 60_000)

  it('stops by itself when the wrapper that launched it is killed without passing the signal on', async () => {
    const data = tempDir('cli-orphan')
    const quote = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`
    // `; true`: the shell waits for the server instead of becoming it, as a wrapper does.
    const s = launch('/bin/sh', ['-c', `${[process.execPath, ...cliCommand(), 'server', '--data', data, '--port', '0'].map(quote).join(' ')}; true`])
    const info = await s.line('sync server started')
    const pid = Number(info.pid)
    pids.push(pid)
    expect(pid).not.toBe(s.proc.pid)
    s.proc.kill('SIGKILL')
    // A process that has exited but not been reaped yet (its new parent may not reap at once) counts as stopped.
    const alive = () => {
      try {
        return !/^\d+ \(.*\) [ZX]/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'))
      } catch {
        return false
      }
    }
    for (const until = Date.now() + 15_000; alive() && Date.now() < until; ) await new Promise((r) => setTimeout(r, 50))
    expect(alive()).toBe(false)
    expect(s.lines.some((l) => l.msg === 'stop requested' && l.why === 'parent process ended')).toBe(true)
    expect(fs.existsSync(path.join(data, 'sync-server.sqlite-wal'))).toBe(false)
  }, 60_000)
})
