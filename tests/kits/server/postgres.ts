/**
 * A throwaway PostgreSQL cluster for tests: initdb in a temp folder, started on a loopback port with pg_ctl (as
 * the `postgres` user when running as root). Returns null with the reason when the binaries are not installed.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'

export interface TestPostgres {
  url: string
  stop(): void
  /** Stops the database (fast shutdown: its connections are ended), keeping its files; `start` brings it back. */
  halt(): void
  start(): void
}

export function findPgBin(): string | null {
  const root = '/usr/lib/postgresql'
  if (!fs.existsSync(root)) return null
  for (const v of fs.readdirSync(root).sort().reverse()) {
    const bin = path.join(root, v, 'bin')
    if (fs.existsSync(path.join(bin, 'initdb')) && fs.existsSync(path.join(bin, 'pg_ctl'))) return bin
  }
  return null
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port
      s.close(() => resolve(port))
    })
    s.on('error', reject)
  })
}

export async function startTestPostgres(dir: string): Promise<TestPostgres> {
  const bin = findPgBin()
  if (!bin) throw new Error('PostgreSQL binaries not found')
  const asRoot = process.getuid?.() === 0
  const data = path.join(dir, 'pgdata')
  const sock = path.join(dir, 'pgsock')
  fs.mkdirSync(sock, { recursive: true })
  fs.chmodSync(dir, 0o755)
  const run = (cmd: string, args: string[]) =>
    asRoot ? execFileSync('runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args], { stdio: 'pipe' }) : execFileSync(path.join(bin, cmd), args, { stdio: 'pipe' })
  if (asRoot) execFileSync('chown', ['postgres', sock, dir])
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8'])
  const port = await freePort()
  const start = () => run('pg_ctl', ['-D', data, '-w', '-l', path.join(dir, 'pg.log'), '-o', `-p ${port} -k ${sock} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start'])
  start()
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    halt: () => void run('pg_ctl', ['-D', data, '-w', '-m', 'fast', 'stop']),
    start: () => void start(),
    stop: () => {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop'])
      } catch {
        /* already stopped */
      }
    }
  }
}
