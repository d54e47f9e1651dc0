/** Test support: a sync server in its own process (serverChild.ts), stopped by the test even when it fails. */
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import readline from 'node:readline'
import { fileURLToPath } from 'node:url'

export interface Child {
  proc: ChildProcess
  url: string
  joinCode: string | null
  /** Every log line the process printed. */
  lines: Record<string, unknown>[]
  /** SIGKILL (for afterAll/afterEach: nothing to wait for). */
  kill(): void
}

export interface ChildOptions {
  postgres?: string
  enrolPerMinute?: number
  trustProxy?: string
}

export function startChild(dataDir: string, o: ChildOptions = {}): Promise<Child> {
  const args = ['--data', dataDir, '--port', '0']
  if (o.postgres) args.push('--postgres', o.postgres)
  if (o.enrolPerMinute) args.push('--enrol-per-minute', String(o.enrolPerMinute))
  if (o.trustProxy) args.push('--trust-proxy', o.trustProxy)
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(path.dirname(fileURLToPath(import.meta.url)), 'serverChild.ts'), ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
  const lines: Record<string, unknown>[] = []
  const kill = () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL')
  }
  return new Promise((resolve, reject) => {
    let joinCode: string | null = null
    const rl = readline.createInterface({ input: proc.stdout as NodeJS.ReadableStream })
    rl.on('line', (line) => {
      let j: { msg?: string; url?: string; joinCode?: string }
      try {
        j = JSON.parse(line) as typeof j
      } catch {
        return
      }
      lines.push(j)
      if (j.msg === 'secretariat join code') joinCode = j.joinCode ?? null
      if (j.msg === 'ready') resolve({ proc, url: j.url as string, joinCode, lines, kill })
    })
    proc.on('exit', (code) => reject(new Error(`server process exited (${code})`)))
  })
}
