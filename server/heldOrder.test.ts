/**
 * The server converges whatever the order in which laptops' logs arrive. The world of tests/kits/sync/heldWorld.ts —
 * the secretariat's charter (laptop T) and two reopens (S), expert e1's revisions 1 and 3 (A) and 2 (B), where
 * revisions wait for reopens and everything of e1 waits for the charter's key registration — is pushed to a new
 * server in each of the 24 orders of the four laptops, one request per laptop, through a secretariat device and an
 * expert device. The server must end with nothing held, and a laptop syncing from it with the live tables.
 */
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../tests/helpers/tmp'
import { startServer } from './main'
import { enrolled, memoryLogger, syncWith } from '../tests/kits/server/harness'
import { dumpTables } from '../tests/kits/sync/invariants'
import { SEC, cloneReplica, newReplica, readAll } from '../tests/kits/sync/replica'
import { permutations, world } from '../tests/kits/sync/heldWorld'

describe('the server releases held transactions in any order of arrival', () => {
  it('ends with nothing held and a fresh laptop with the live tables, for every order of the four laptops', async () => {
    const dir = tempDir('server-held-order')
    const empty = await newReplica(dir, 'empty')
    const { live, replay } = world(empty, dir, [1, 2, 3, 4])
    const log = readAll(replay)
    const origins = [...new Set(log.map((c) => c.origin))].sort()
    expect(origins).toHaveLength(4)
    const failed: string[] = []
    try {
      for (const order of permutations([0, 1, 2, 3])) {
        const tag = order.map((i) => 'TSAB'[i]).join('')
        const logs = memoryLogger()
        const server = await startServer({ dataDir: path.join(dir, `server-${tag}`), port: 0, log: logs.log, enrolPerMinute: 1000 })
        const fresh = cloneReplica(empty, dir, `fresh-${tag}`)
        try {
          const sec = await enrolled(server.url, logs.joinCode(), 'secretariat', replay)
          const expert = await enrolled(server.url, (await sec.createJoinCode('e1', 'm1')).code, 'e1')
          for (const i of order) {
            const changes = log.filter((c) => c.origin === origins[i])
            const pushed = await (changes[0]?.author === SEC ? sec : expert).push(changes)
            expect(pushed.refused ?? null, `${tag}: ${JSON.stringify(pushed)}`).toBeNull()
          }
          const held = await server.store.db.selectFrom('changes').select('seq').where('status', '<>', 'applied').execute()
          const report = await syncWith(fresh, await enrolled(server.url, (await sec.createJoinCode(SEC)).code, 'fresh', fresh))
          expect(report.ok, `${tag}: ${JSON.stringify(report.issues)}`).toBe(true)
          if (held.length > 0 || dumpTables(fresh.db) !== dumpTables(live.db)) failed.push(`${tag}: ${held.length} changes not applied on the server`)
        } finally {
          await server.close()
          fresh.close()
        }
      }
    } finally {
      live.close()
      replay.close()
    }
    expect(failed).toEqual([])
  }, 120_000)
})
