/**
 * Held transactions released by other held transactions, whatever the order of the origins (the root cause of the
 * property test's invariant 4 failures once origins stopped being time-ordered, docs/sync.md "Held transactions").
 *
 * The world: the secretariat's charter on laptop T, the secretariat's reopens on laptop S, expert e1's revisions 1
 * and 3 on laptop A and revision 2 on laptop B. Replaying S's log in one batch holds revision 2 until the reopen of
 * revision 1 is known and revision 3 until the reopen of revision 2 is — a reopen whose sheet row is itself held or
 * waiting for its parents. Every order of the four origins must give the live tables and statuses.
 */
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../tests/helpers/tmp'
import { reconsiderPending } from './apply'
import { pinSecretariat } from './signers'
import { publicKeyFingerprint } from '../../../shared/signing/sm'
import { dumpTables, statuses } from '../../../tests/kits/sync/invariants'
import { TEST_SEC_KEY, cloneReplica, newReplica, openDraft, seedMeeting, setScore, submit, testMasterKey } from '../../../tests/kits/sync/replica'
import { originOfRank, permutations, pull, setOrigin, world } from '../../../tests/kits/sync/heldWorld'

describe('held transactions released in any order of origins', () => {
  it('replaying the log in one batch gives the live tables and statuses for every order of the four origins', async () => {
    const dir = tempDir('held-order')
    const empty = await newReplica(dir, 'empty')
    const failed: string[] = []
    for (const ranks of permutations([1, 2, 3, 4])) {
      const { live, replay } = world(empty, dir, ranks as [number, number, number, number])
      const heldLive = [...statuses(live.db).values()].filter((s) => s === 'held').length
      const heldReplay = [...statuses(replay.db).values()].filter((s) => s === 'held').length
      if (dumpTables(replay.db) !== dumpTables(live.db) || heldReplay !== heldLive) failed.push(`T,S,A,B ranks ${ranks.join('')}: ${heldReplay} held in the replay, ${heldLive} live`)
      expect(heldLive).toBe(0)
      live.close()
      replay.close()
    }
    expect(failed).toEqual([])
  }, 120_000)

  it('a transaction released when the secretariat is pinned releases those it unlocks, whichever origin sorts first', async () => {
    const dir = tempDir('held-pin')
    const empty = await newReplica(dir, 'empty')
    for (const [rankS, rankE] of [[1, 2], [2, 1]] as const) {
      const s = cloneReplica(empty, dir, `s${rankS}`)
      const e = cloneReplica(empty, dir, `e${rankS}`)
      setOrigin(s, originOfRank(rankS))
      setOrigin(e, originOfRank(rankE))
      const f = seedMeeting(s, 1, 1, 1) // registers e1's key
      const e1 = f.experts[0] as { id: string; name: string }
      pull(e, s)
      const sheet = openDraft(e, f, f.projects[0] as string, e1.id) as string
      setScore(e, sheet, e1.id, f.items[0] as string, 4)
      submit(e, sheet, e1, testMasterKey(e1.id))
      pull(s, e)
      // A laptop that has not pinned the secretariat yet holds the charter (untrusted signer) and so e1's work (key
      // not registered here). Pinning releases the charter, whose registration releases e1's work.
      const v = cloneReplica(empty, dir, `v${rankS}`)
      v.db.sqlite.prepare('DELETE FROM trust_anchors').run()
      pull(v, e)
      expect([...statuses(v.db).values()].every((st) => st === 'held')).toBe(true)
      pinSecretariat(v.db, publicKeyFingerprint(TEST_SEC_KEY.publicKey))
      reconsiderPending(v.db)
      expect([...statuses(v.db).values()].filter((st) => st === 'held'), `S rank ${rankS}, E rank ${rankE}`).toEqual([])
      expect(dumpTables(v.db)).toBe(dumpTables(s.db))
      for (const r of [s, e, v]) r.close()
    }
  })
})
