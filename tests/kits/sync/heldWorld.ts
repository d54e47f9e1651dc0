/**
 * Test kit: a world whose held transactions release one another (electron/main/sync/heldOrder.test.ts, and the
 * server's server/heldOrder.test.ts). The secretariat's charter on laptop T, the secretariat's reopens on laptop S,
 * expert e1's revisions 1 and 3 on laptop A and revision 2 on laptop B; origin ids sort in the order given.
 */
import { expect } from 'vitest'
import { applyChanges } from '../../../electron/main/sync/apply'
import { SEC, cloneReplica, latestSheet, openDraft, readAll, seedMeeting, setScore, submit, testMasterKey, type Replica } from './replica'

/** A legacy-shaped origin id whose sort order is `rank` (old, random and derived ids sort in no particular order). */
export const originOfRank = (rank: number): string => `0000000${rank}-0000-7000-8000-000000000000`

/** Gives a replica that has written nothing yet the origin id `origin`. */
export function setOrigin(r: Replica, origin: string): void {
  r.db.sqlite.prepare("UPDATE device_meta SET value = ? WHERE key = 'origin'").run(origin)
}

export function pull(to: Replica, ...from: Replica[]): void {
  for (const f of from) applyChanges(to.db, readAll(f), { now: to.now })
}

/** Runs the world with origins of the given ranks; returns the live secretariat laptop S and a replay of its log. */
export function world(empty: Replica, dir: string, ranks: [number, number, number, number]): { live: Replica; replay: Replica } {
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

export function permutations(xs: number[]): number[][] {
  if (xs.length <= 1) return [xs]
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]))
}

