/** The apply benches' baseline: the same rows through one prepared INSERT of (origin, seq, value) in one transaction. */
import type { Change } from '../shared/sync/change'
import { newReplica } from '../tests/kits/sync/replica'

/** CPU milliseconds of inserting `changes` into a bare 3-column table of a new replica in `dir`. */
export async function bareLoopCpu(dir: string, name: string, changes: readonly Change[]): Promise<number> {
  const bare = await newReplica(dir, name)
  try {
    bare.db.sqlite.exec('CREATE TABLE bare (origin TEXT NOT NULL, seq INTEGER NOT NULL, value TEXT NOT NULL, PRIMARY KEY (origin, seq)) STRICT')
    const ins = bare.db.sqlite.prepare('INSERT INTO bare VALUES (?, ?, ?)')
    const c0 = process.cpuUsage()
    bare.db.sqlite.transaction(() => {
      for (const c of changes) ins.run(c.origin, c.seq, c.value)
    })()
    const c = process.cpuUsage(c0)
    return (c.user + c.system) / 1000
  } finally {
    bare.close()
  }
}
