/**
 * Per-thread CPU of this process, from /proc/self/task/<tid>/schedstat (Linux): nanoseconds on a CPU and
 * nanoseconds waiting in a run queue for one. The run-queue wait is what a loaded machine adds; a thread's wall
 * time minus its CPU minus that wait is the time it was blocked (disk, a lock, another thread's answer), which an
 * idle machine has too. process.cpuUsage() counts every thread of the process together; Node 20 has no
 * per-thread figure.
 */
import fs from 'node:fs'

export interface ThreadTimes {
  /** On a CPU, ms. */
  cpu: number
  /** Runnable but waiting for a CPU, ms. */
  queued: number
}

/** Every thread of this process now (tid → times); empty where /proc has no schedstat. */
export function threadTimes(): Map<number, ThreadTimes> {
  const out = new Map<number, ThreadTimes>()
  let tids: string[]
  try {
    tids = fs.readdirSync('/proc/self/task')
  } catch {
    return out
  }
  for (const tid of tids) {
    try {
      const [cpu, queued] = fs.readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').trim().split(/\s+/).map(Number)
      out.set(Number(tid), { cpu: (cpu ?? 0) / 1e6, queued: (queued ?? 0) / 1e6 })
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return out
}

/** What a thread used between two snapshots (a thread absent from the first started in between). */
export function used(a: Map<number, ThreadTimes>, b: Map<number, ThreadTimes>, tid: number): ThreadTimes {
  const x = a.get(tid) ?? { cpu: 0, queued: 0 }
  const y = b.get(tid) ?? x
  return { cpu: y.cpu - x.cpu, queued: y.queued - x.queued }
}
