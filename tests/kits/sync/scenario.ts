/**
 * The replicated world of the property tests: the secretariat, a relay ("server" replica), two laptops of expert
 * e1 (the second one a copied database file), expert e2's laptop, and a laptop of e2 whose clock says 2099.
 * Operations are edits, submissions, reopenings, tampered writes, and syncs with faults; `heal` then lets every
 * replica meet every other without faults, and `checkAll` asserts the seven invariants of SYNC.md.
 */
import fs from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import type { Change } from '../../../shared/sync/change'
import { emptyReport } from '../../../shared/sync/report'
import { vvCovers, vvEqual, type VersionVector } from '../../../shared/sync/vv'
import { publicKeyFingerprint, type SmKeyPair } from '../../../shared/signing/sm'
import { applyChanges, reconsiderPending } from '../../../electron/main/sync/apply'
import { syncFolder } from '../../../electron/main/sync/folder'
import { readPage, readVv, withheldRanges } from '../../../electron/main/sync/log'
import { rememberKey } from '../../../electron/main/sync/keyring'
import { InvariantError, checkCellsMatchLog, checkLogShape, dumpTables, statuses } from './invariants'
import {
  Replica, SEC, TEST_SEC_KEY, cloneReplica, injectOwnTransaction, latestSheet, newKey, newReplica, openDraft, seedMeeting, setScore, submit, type MeetingFixture
} from './replica'
import { sheetRowId } from '../../../shared/sync/rowIds'
import { naturalId } from '../../../shared/domain/ids'
import { signPayload } from '../../../shared/signing/envelope'
import { openDb } from '../../../electron/main/db/connection'
import type { WinOverride } from '../../../electron/main/sync/cells'

export const NAMES = ['sec', 'hub', 'e1a', 'e1b', 'e2', 'rogue'] as const
export type Name = (typeof NAMES)[number]
const WRITERS = ['e1a', 'e1b', 'e2', 'rogue'] as const
const Y2099 = Date.UTC(2099, 0, 1)

export type Fault = 'none' | 'dup' | 'reorder' | 'drop' | 'split'
export type Op =
  | { t: 'score'; who: (typeof WRITERS)[number]; project: number; item: number; value: number }
  | { t: 'submit'; who: 'e1a' | 'e1b' | 'e2'; project: number }
  | { t: 'reopen'; project: number; expert: number }
  | { t: 'secEdit'; project: number; text: string }
  | { t: 'register' }
  | { t: 'submitFlow'; project: number }
  | { t: 'forge'; kind: 'not-owner' | 'bad-signature' | 'reopen-by-expert' }
  | { t: 'sync'; from: Name; to: Name; fault: Fault; limit: number; seed: number }
  | { t: 'folder'; who: Name; corrupt: 'none' | 'truncate' | 'flip' }
  | { t: 'skew'; who: 'sec' | 'e1a' | 'e1b' | 'e2' | 'hub'; hours: number }

const name = fc.constantFrom(...NAMES)
export const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ t: fc.constant('score' as const), who: fc.constantFrom(...WRITERS), project: fc.nat(1), item: fc.nat(2), value: fc.integer({ min: 0, max: 10 }) }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('submit' as const), who: fc.constantFrom('e1a' as const, 'e1b' as const, 'e2' as const), project: fc.nat(1) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('reopen' as const), project: fc.nat(1), expert: fc.nat(1) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('secEdit' as const), project: fc.nat(1), text: fc.string({ maxLength: 6 }) }) },
  { weight: 2, arbitrary: fc.constant({ t: 'register' as const }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('submitFlow' as const), project: fc.nat(1) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('forge' as const), kind: fc.constantFrom('not-owner' as const, 'bad-signature' as const, 'reopen-by-expert' as const) }) },
  {
    weight: 8,
    arbitrary: fc.record({ t: fc.constant('sync' as const), from: name, to: name, fault: fc.constantFrom<Fault>('none', 'dup', 'reorder', 'drop', 'split'), limit: fc.constantFrom(2_000, 50_000, 1_000_000), seed: fc.nat() })
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('folder' as const), who: name, corrupt: fc.constantFrom('none' as const, 'none' as const, 'truncate' as const, 'flip' as const) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('skew' as const), who: fc.constantFrom('sec' as const, 'e1a' as const, 'e1b' as const, 'e2' as const, 'hub' as const), hours: fc.integer({ min: -6, max: 6 }) }) }
)

function shuffle<T>(xs: T[], seed: number): T[] {
  const a = [...xs]
  let s = seed || 1
  for (let i = a.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) & 0x7fffffff
    const j = s % (i + 1)
    ;[a[i], a[j]] = [a[j] as T, a[i] as T]
  }
  return a
}

export class World {
  r!: Record<Name, Replica>
  f!: MeetingFixture
  keys!: { e1a: SmKeyPair; e1b: SmKeyPair; e2: SmKeyPair; rogue: SmKeyPair }
  folder!: string
  forged = new Set<string>()
  /** The seeded merge bug, when a test switches it on (seededBug.ts). */
  winOverride: WinOverride | undefined
  lastVv = new Map<Name, VersionVector>()
  log: string[] = []
  /** What the run exercised (summed over runs by the test, to show the faults really happened). */
  stats: Record<string, number> = {}

  count(key: string, n = 1): void {
    this.stats[key] = (this.stats[key] ?? 0) + n
  }

  static async create(dir: string, template: { file: string; keys: World['keys']; f: MeetingFixture }): Promise<World> {
    const w = new World()
    w.f = template.f
    w.keys = template.keys
    w.folder = path.join(dir, 'folder')
    fs.mkdirSync(w.folder)
    const r = {} as Record<Name, Replica>
    for (const n of NAMES) {
      if (n === 'e1b') continue
      const src = new Replica('template', template.file, openDb(template.file))
      r[n] = cloneReplica(src, dir, n)
      src.close()
    }
    // The second laptop of e1 starts as a copy of the first one's database file (after its first sync).
    r.e1b = cloneReplica(r.e1a, dir, 'e1b')
    // Its own key, registered only by the 'register' operation: until then its units are held everywhere.
    r.e1b.equip('e1', w.keys.e1b)
    r.rogue.clockOffsetMs = Y2099 - Date.now()
    // The secretariat's key is unlocked on its laptop: it opens the experts' envelopes from the folder; the others
    // keep them as withheld stubs until `heal` refills them (as a release or the server's refetch does).
    rememberKey(r.sec.db, TEST_SEC_KEY)
    w.r = r
    return w
  }

  /** The template every replica starts from: the secretariat's meeting, with e1's and e2's keys registered. */
  static async template(dir: string): Promise<{ file: string; keys: World['keys']; f: MeetingFixture }> {
    const t = await newReplica(dir, 'template')
    const f = seedMeeting(t, 2, 2, 3)
    const keys = { e1a: newKey(), e1b: newKey(), e2: newKey(), rogue: newKey() }
    t.write(SEC, (w) => {
      w.write('experts', 'e1', { key_fingerprint: publicKeyFingerprint(keys.e1a.publicKey) })
      w.write('experts', 'e2', { key_fingerprint: publicKeyFingerprint(keys.e2.publicKey) })
    })
    t.seal()
    t.db.sqlite.pragma('wal_checkpoint(TRUNCATE)')
    t.close()
    return { file: t.file, keys, f }
  }

  expertOf(n: Name): { id: string; name: string } {
    return n === 'e1a' || n === 'e1b' ? (this.f.experts[0] as { id: string; name: string }) : (this.f.experts[1] as { id: string; name: string })
  }

  registered(r: Replica, expertId: string, key: SmKeyPair): boolean {
    const fp = publicKeyFingerprint(key.publicKey)
    return r.db.sqlite.prepare("SELECT 1 FROM change_log WHERE tbl = 'experts' AND col = 'key_fingerprint' AND row_id = ? AND status = 'applied' AND value = ?").get(expertId, JSON.stringify(fp)) !== undefined
  }

  checkVvGrows(n: Name): void {
    const vv = readVv(this.r[n].db)
    const before = this.lastVv.get(n)
    if (before && !vvCovers(vv, before)) throw new InvariantError(5, `version vector of ${n} shrank`)
    this.lastVv.set(n, vv)
  }

  pull(from: Name, to: Name, fault: Fault, limit: number, seed: number): void {
    this.r[from].seal()
    const page = readPage(this.r[from].db, readVv(this.r[to].db), limit)
    let batches: Change[][] = [page.changes]
    if (fault === 'dup') batches = [page.changes, page.changes.slice(0, Math.ceil(page.changes.length / 2))]
    if (fault === 'reorder') batches = [shuffle(page.changes, seed)]
    if (fault === 'drop') batches = [page.changes.filter((_, i) => (i * 7 + seed) % 5 !== 0)]
    if (fault === 'split') {
      const cut = page.changes.length ? seed % page.changes.length : 0
      batches = [page.changes.slice(cut), page.changes.slice(0, cut)]
    }
    const to_ = this.r[to]
    for (const b of batches) {
      const res = applyChanges(to_.db, b, { now: to_.now, winOverride: this.winOverride })
      if (res.waiting > 0) this.count(`waiting-after-${fault}`)
      if (res.duplicates > 0) this.count('duplicates')
      for (const i of res.issues) this.count(`${i.status}:${i.code}`)
    }
    if ((to_.db.sqlite.prepare('SELECT COUNT(*) AS n FROM sync_pending_cells').get() as { n: number }).n > 0) this.count('rows-waiting-for-parent')
    this.checkVvGrows(to)
  }

  run(op: Op): void {
    this.log.push(JSON.stringify(op))
    const f = this.f
    switch (op.t) {
      case 'score': {
        const r = this.r[op.who]
        const e = this.expertOf(op.who)
        const sheet = openDraft(r, f, f.projects[op.project] as string, e.id)
        if (sheet) setScore(r, sheet, e.id, f.items[op.item] as string, op.value)
        return
      }
      case 'submit': {
        const r = this.r[op.who]
        const e = this.expertOf(op.who)
        const key = this.keys[op.who]
        const s = latestSheet(r, f.projects[op.project] as string, e.id)
        if (!s || s.status !== 'draft' || !this.registered(r, e.id, key)) return
        submit(r, s.id, e, key)
        return
      }
      case 'reopen': {
        // The secretariat first collects what the experts' laptops have, then reopens a submitted sheet.
        for (const n of ['e1a', 'e1b', 'e2'] as const) this.pullAll(n, 'sec')
        const s = latestSheet(this.r.sec, f.projects[op.project] as string, (f.experts[op.expert] as { id: string }).id)
        if (!s || s.status !== 'submitted') return
        this.r.sec.write(SEC, (w) => w.write('score_sheets', s.id, { status: 'reopened', reopen_reason: '请补充意见', reopened_at: new Date(this.r.sec.now()).toISOString() }))
        return
      }
      case 'submitFlow': {
        // e1's second laptop: its key gets registered, it learns so, scores and submits (others may hold it).
        this.run({ t: 'register' })
        this.pullAll('sec', 'e1b')
        const e = this.expertOf('e1b')
        const sheet = openDraft(this.r.e1b, f, f.projects[op.project] as string, e.id)
        if (!sheet) return
        setScore(this.r.e1b, sheet, e.id, f.items[0] as string, 5)
        this.run({ t: 'submit', who: 'e1b', project: op.project })
        return
      }
      case 'secEdit':
        this.r.sec.write(SEC, (w) => w.write('projects', f.projects[op.project] as string, { name: `项目${op.text}` }))
        return
      case 'register':
        // As the app does when the secretariat registers a fingerprint: what waited for it is judged again.
        this.r.sec.write(SEC, (w) => w.write('experts', 'e1', { key_fingerprint: publicKeyFingerprint(this.keys.e1b.publicKey) }))
        reconsiderPending(this.r.sec.db, { now: this.r.sec.now, winOverride: this.winOverride })
        return
      case 'forge': {
        const e2 = this.r.e2
        const p = f.projects[0] as string
        let cells: { tbl: string; rowId: string; col: string; value: unknown }[]
        if (op.kind === 'not-owner') {
          // e2's laptop writes a score into e1's sheet.
          const sheet = sheetRowId(p, 'e1', 1)
          cells = [{ tbl: 'scores', rowId: naturalId(sheet, 'i1'), col: 'value', value: 0 }]
        } else if (op.kind === 'reopen-by-expert') {
          cells = [{ tbl: 'score_sheets', rowId: sheetRowId(p, 'e2', 1), col: 'status', value: 'reopened' }]
        } else {
          // A submission whose signed content was altered after signing.
          const sheet = sheetRowId(p, 'e2', 9)
          const e = this.expertOf('e2')
          const real = { format: 'paneldesk.sheet/1', sheetId: sheet, revision: 9, project: { id: p }, expert: e, scores: { i1: 1 } }
          const signed = signPayload('expert-sheet', real, this.keys.e2.privateKey, this.keys.e2.publicKey, e, new Date())
          signed.canonical = signed.canonical.replace('"i1":1', '"i1":9')
          cells = [
            { tbl: 'score_sheets', rowId: sheet, col: 'status', value: 'submitted' },
            { tbl: 'score_sheets', rowId: sheet, col: 'signed_payload', value: signed }
          ]
        }
        for (const c of injectOwnTransaction(e2, 'e2', cells, 'rejected')) this.forged.add(`${c.origin}#${c.seq}`)
        return
      }
      case 'sync':
        if (op.from !== op.to) this.pull(op.from, op.to, op.fault, op.limit, op.seed)
        return
      case 'folder': {
        const r = this.r[op.who]
        if (op.corrupt !== 'none') {
          const others = fs.readdirSync(this.folder).filter((n) => n.endsWith('.sqlite') && n !== `${r.origin}.sqlite`)
          const victim = others[0]
          if (victim) {
            const file = path.join(this.folder, victim)
            const size = fs.statSync(file).size
            if (op.corrupt === 'truncate') fs.truncateSync(file, Math.floor(size / 2))
            else {
              const fd = fs.openSync(file, 'r+')
              fs.writeSync(fd, Buffer.from('garbage!'), 0, 8, Math.floor(size / 2))
              fs.closeSync(fd)
            }
          }
        }
        const report = emptyReport('folder', this.folder, '')
        syncFolder(r.db, { folder: this.folder, meetingId: f.meetingId, dataDir: r.dataDir, schemaVersion: 4, now: r.now, winOverride: this.winOverride }, report)
        for (const i of report.issues) this.count(`folder:${i.code}`)
        this.count('folder-received', report.received)
        this.checkVvGrows(op.who)
        return
      }
      case 'skew':
        this.r[op.who].clockOffsetMs = op.hours * 3600_000
        return
    }
  }

  /** Every replica meets the hub without faults until all version vectors are equal. */
  heal(): void {
    // By the end of the meeting every laptop's key is registered (e1b's drafts are held everywhere until then,
    // while e1b shows them: the one divergence the design allows, and only until registration).
    if (!this.registered(this.r.sec, 'e1', this.keys.e1b)) this.run({ t: 'register' })
    for (let round = 0; round < 6; round++) {
      for (const n of NAMES) this.refillStubs(n)
      for (const n of NAMES) if (n !== 'hub') this.pullAll(n, 'hub')
      for (const n of NAMES) if (n !== 'hub') this.pullAll('hub', n)
      const vvs = NAMES.map((n) => readVv(this.r[n].db))
      if (vvs.every((v) => vvEqual(v, vvs[0] as VersionVector))) return
    }
    throw new InvariantError(3, 'replicas did not converge to equal version vectors after healing')
  }

  /** Replaces a replica's withheld stubs (experts' envelopes it could not open) by the plaintext a peer holds. */
  refillStubs(to: Name): void {
    for (const range of withheldRanges(this.r[to].db)) {
      for (const from of NAMES) {
        if (from === to) continue
        const page = readPage(this.r[from].db, { [range.origin]: range.from - 1 }, Number.MAX_SAFE_INTEGER, (o) => o === range.origin)
        const wanted = page.changes.filter((c) => c.seq <= range.to)
        if (wanted.length === 0 || (wanted[wanted.length - 1] as Change).seq < range.to) continue
        applyChanges(this.r[to].db, page.changes.filter((c) => c.seq <= (wanted[wanted.length - 1] as Change).seq), { now: this.r[to].now, winOverride: this.winOverride })
        this.count('refilled-stubs', wanted.length)
        break
      }
    }
  }

  pullAll(from: Name, to: Name): void {
    this.r[from].seal()
    for (let i = 0; i < 1000; i++) {
      const page = readPage(this.r[from].db, readVv(this.r[to].db), 200_000)
      if (page.changes.length === 0) return
      applyChanges(this.r[to].db, page.changes, { now: this.r[to].now, winOverride: this.winOverride })
      this.checkVvGrows(to)
      if (!page.hasMore) return
    }
  }

  checkAll(replay: (changes: Change[]) => string): void {
    const honest = NAMES.filter((n) => n !== 'rogue')
    const vv0 = readVv(this.r.sec.db)
    for (const n of NAMES) {
      checkLogShape(this.r[n].db, n)
      checkCellsMatchLog(this.r[n].db, n)
      if (!vvEqual(readVv(this.r[n].db), vv0)) throw new InvariantError(1, `${n} has a different version vector`)
    }
    for (const row of this.r.sec.db.sqlite.prepare("SELECT status, reason <> '' AS why, COUNT(*) AS n FROM change_log GROUP BY status, why").all() as { status: string; n: number }[]) {
      this.count(`final:${row.status}`, row.n)
    }
    for (const row of this.r.sec.db.sqlite.prepare('SELECT status, COUNT(*) AS n FROM score_sheets GROUP BY status').all() as { status: string; n: number }[]) this.count(`sheets:${row.status}`, row.n)
    const dump0 = dumpTables(this.r.sec.db)
    for (const n of honest) {
      if (dumpTables(this.r[n].db) !== dump0) throw new InvariantError(1, `${n} differs from sec with equal version vectors`)
    }
    const st = NAMES.map((n) => statuses(this.r[n].db))
    const rogueOrigin = this.r.rogue.origin
    for (const [key, s0] of st[0] as Map<string, string>) {
      for (let i = 1; i < st.length; i++) {
        const s = (st[i] as Map<string, string>).get(key)
        if (NAMES[i] === 'rogue' && key.startsWith(rogueOrigin + '#')) continue
        if (s !== s0) throw new InvariantError(7, `${key} is ${s0} on sec but ${s} on ${NAMES[i]}`)
      }
      if (key.startsWith(rogueOrigin + '#') && s0 !== 'rejected' && s0 !== 'held') throw new InvariantError(7, `a change stamped 2099 was ${s0}`)
    }
    for (const k of this.forged) if ((st[0] as Map<string, string>).get(k) !== 'rejected') throw new InvariantError(7, `forged change ${k} not rejected`)
    // 4: replaying the secretariat's log into an empty database gives its tables.
    const page = readPage(this.r.sec.db, {}, Number.MAX_SAFE_INTEGER)
    if (replay(page.changes) !== dump0) throw new InvariantError(4, 'replaying the log into an empty database gives different tables')
  }

  close(): void {
    for (const n of NAMES) this.r[n].close()
  }
}
