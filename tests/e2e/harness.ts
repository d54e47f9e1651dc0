/**
 * End-to-end harness: the real backend (`node out/main/web.js`, as `npm run web` runs it) on a fresh data
 * folder, and Debian's headless Chromium driven by playwright-core. Screenshots go to test-artifacts/.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'

export const ROOT = path.resolve(import.meta.dirname, '../..')
export const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'screenshots')

export interface RunningBackend {
  url: string
  baseUrl: string
  token: string
  dataDir: string
  proc: ChildProcess
  /** Graceful stop (SIGTERM) and wait for exit. */
  stop(): Promise<void>
  /** SIGKILL, as a crash would, and wait for exit. */
  kill(): Promise<void>
}

export function tempDataDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `paneldesk-e2e-${label}-`))
}

/** Backends still running; killed if the test process exits without stopping them (a set-up cut short). */
const live = new Set<ChildProcess>()
process.once('exit', () => {
  for (const proc of live) proc.kill('SIGKILL')
})

/** Where the suite's global set-up lists running backends (browserServer.ts kills those left at the end). */
export const BACKEND_PIDS_ENV = 'PANELDESK_E2E_BACKEND_PIDS'

function listBackend(pid: number | undefined): string | null {
  const dir = process.env[BACKEND_PIDS_ENV]
  if (!dir || !pid) return null
  const file = path.join(dir, String(pid))
  fs.writeFileSync(file, '')
  return file
}

export async function startBackend(dataDir: string, extraEnv: Record<string, string> = {}, extraArgs: string[] = []): Promise<RunningBackend> {
  const web = path.join(ROOT, 'out', 'main', 'web.js')
  if (!fs.existsSync(web)) throw new Error('out/main/web.js missing: run `npm run build` first')
  const proc = spawn(process.execPath, [web, '--data', dataDir, '--no-open', ...extraArgs], {
    cwd: ROOT,
    env: { ...process.env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  live.add(proc)
  const listed = listBackend(proc.pid)
  proc.once('exit', () => {
    live.delete(proc)
    if (listed) fs.rmSync(listed, { force: true })
  })
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    // One that does not start in time is killed, so a failed set-up leaves no process behind. Two minutes: six
    // backends starting at once (meeting-handout) on a loaded two-core machine took over one.
    const timer = setTimeout(() => {
      proc.kill('SIGKILL')
      reject(new Error(`backend did not start:\n${output}`))
    }, 120_000)
    const onData = (d: Buffer) => {
      output += d.toString()
      const m = /PANELDESK_URL=(\S+)/.exec(output)
      if (m) {
        clearTimeout(timer)
        resolve(m[1] as string)
      }
    }
    proc.stdout?.on('data', onData)
    proc.stderr?.on('data', (d: Buffer) => (output += d.toString()))
    proc.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`backend exited with ${code}:\n${output}`))
    })
  })
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()))
  const baseUrl = url.split('/#')[0] as string
  const token = url.split('token=')[1] as string
  return {
    url,
    baseUrl,
    token,
    dataDir,
    proc,
    async stop() {
      if (proc.exitCode === null) proc.kill('SIGTERM')
      await exited
    },
    async kill() {
      if (proc.exitCode === null) proc.kill('SIGKILL')
      await exited
    }
  }
}

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic'
]
/** Where the e2e run's shared Chromium listens (set by browserServer.ts, the suite's global setup). */
export const SHARED_CHROMIUM_ENV = 'PANELDESK_E2E_CHROMIUM_WS'

/**
 * A browser for one test file: a connection to the run's shared Chromium when there is one (browserServer.ts),
 * else a Chromium of its own (the benches, or `extraArgs`: more switches, e.g. a fake camera for 扫码加入).
 * `close()` drops the connection's contexts, or ends the browser the file launched.
 */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  const shared = process.env[SHARED_CHROMIUM_ENV]
  if (shared && extraArgs.length === 0) return chromium.connect(shared)
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS, ...extraArgs] })
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true })
  const file = path.join(ARTIFACTS, `${name}.png`)
  await page.screenshot({ path: file, fullPage: true })
  return file
}

/** Calls the backend's API directly (for setup and for checking what was stored). */
export async function api<T>(b: RunningBackend, method: string, input: unknown = {}): Promise<T> {
  const res = await fetch(`${b.baseUrl}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${b.token}` },
    body: JSON.stringify(input)
  })
  const body = (await res.json()) as { ok: boolean; data?: T; error?: { message: string } }
  if (!body.ok) throw new Error(`${method}: ${body.error?.message}`)
  return body.data as T
}
