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
import { applyChanges, reconsiderPending } from './apply'
import { pinSecretariat } from './signers'
import { publicKeyFingerprint } from '../../../shared/signing/sm'
import { dumpTables, statuses } from '../../../tests/kits/sync/invariants'
import { SEC, TEST_SEC_KEY, cloneReplica, latestSheet, newReplica, openDraft, readAll, seedMeeting, setScore, submit, testMasterKey, type Replica } from '../../../tests/kits/sync/replica'

/** A legacy-shaped origin id whose sort order is `rank` (old, random and derived ids sort in no particular order). */
const originOfRank = (rank: number): string => `0000000${rank}-0000-7000-8000-000000000000`

/** Gives a replica that has written nothing yet the origin id `origin`. */
function setOrigin(r: Replica, origin: string): void {
  r.db.sqlite.prepare("UPDATE device_meta SET value = ? WHERE key = 'origin'").run(origin)
}

function pull(to: Replica, ...from: Replica[]): void {
  for (const f of from) applyChanges(to.db, readAll(f), { now: to.now })
}

/** Runs the world with origins of the given ranks; returns the live secretariat laptop S and a replay of its log. */
function world(empty: Replica, dir: string, ranks: [number, number, number, number]): { live: Replica; replay: Replica } {
  const [t, s, a, b] = (['t', 's', 'a', 'b'] as const).map((n, i) => {
    const r = cloneReplica(empty, dir, `${n}${ranks.join('')}`)
    setOrigin(r, originOfRank(ranks[i] as number))
    return r
  }) as [Replica, Replica, Replica, Replica]
  const f = seedMeeting(t, 1, 1, 1)
  const e1 = f.experts[0] as { id: string; name: string }
  const p = f.projects[0] as string
  const reopenLatest = (): void => {
    const sheet = latestSheet(s, p, e1.id) as { id: string; status: string }
    expect(sheet.status).toBe('submitted')
    s.write(SEC, (w) => w.write('score_sheets', sheet.id, { status: 'reopened', reopen_reason: '请补充', reopened_at: new Date(s.now()).toISOString() }))
  }
  const revise = (r: Replica, value: number, doSubmit: boolean): void => {
    const sheet = openDraft(r, f, p, e1.id) as string
    setScore(r, sheet, e1.id, f.items[0] as string, value)
    if (doSubmit) submit(r, sheet, e1, testMasterKey(e1.id))
  }
  pull(s, t)
  pull(a, t)
  revise(a, 1, true) // revision 1 on A
  pull(s, a)
  reopenLatest()
  pull(b, t, s, a)
  revise(b, 2, true) // revision 2 on B, after the reopen of 1
  pull(s, b)
  reopenLatest()
  pull(a, s, b)
  revise(a, 3, false) // revision 3 on A, after the reopen of 2
  pull(s, a)
  expect(latestSheet(s, p, e1.id)).toMatchObject({ revision: 3, status: 'draft' })
  const replay = cloneReplica(empty, dir, `replay${ranks.join('')}`)
  applyChanges(replay.db, readAll(s), { now: s.now })
  for (const r of [t, a, b]) r.close()
  return { live: s, replay }
}

function permutations(xs: number[]): number[][] {
  if (xs.length <= 1) return [xs]
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]))
}

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
