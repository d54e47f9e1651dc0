/** CPU time of other processes, from /proc (Linux): a process's own, and a PostgreSQL cluster's with its backends. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const TICK_MS = 1000 / 100 // USER_HZ is 100 on Linux

interface Stat {
  ppid: number
  /** utime + stime (ms) */
  own: number
  /** cutime + cstime: children it waited for (ms) */
  reaped: number
}

function stat(pid: number): Stat | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Fields after the command name, which is in parentheses and may hold spaces.
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ')
    const n = (i: number) => Number(f[i - 3])
    return { ppid: n(4), own: (n(14) + n(15)) * TICK_MS, reaped: (n(16) + n(17)) * TICK_MS }
  } catch {
    return null
  }
}

/** CPU milliseconds a process has used (0 once it is gone). */
export function processCpuMs(pid: number): number {
  return stat(pid)?.own ?? 0
}

/**
 * CPU milliseconds of a PostgreSQL cluster: the postmaster, its live children, and the children it reaped
 * (backends of closed connections).
 */
export function clusterCpuMs(dataDir: string): number {
  let master: number
  try {
    master = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0])
  } catch {
    return 0
  }
  const m = stat(master)
  if (!m) return 0
  let total = m.own + m.reaped
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const s = stat(Number(entry))
    if (s?.ppid === master) total += s.own
  }
  return total
}

export function machine(): string {
  const cpus = os.cpus()
  const load = os.loadavg().map((l) => l.toFixed(1)).join(' ')
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? 'CPU'}, ${Math.round(os.totalmem() / 1024 ** 3)} GB, Node ${process.version}, load average ${load}`
}
