/**
 * Test support: replicas on real SQLite files, a small meeting to edit, and raw log access for fault injection.
 * Used by the sync property tests and the bench; never by the app.
 */
import fs from 'node:fs'
import path from 'node:path'
import { naturalId } from '../../../shared/domain/ids'
import type { Change } from '../../../shared/sync/change'
import { encodeHlc, tick } from '../../../shared/sync/hlc'
import { sheetRowId } from '../../../shared/sync/rowIds'
import { signPayload } from '../../../shared/signing/envelope'
import { generateKeyPair, type SmKeyPair } from '../../../shared/signing/sm'
import { writeChanges, type ChangeWriter } from '../../../electron/main/db/changeWriter'
import { closeDb, openDb, type Db } from '../../../electron/main/db/connection'
import { ensureDevice, readDevice, saveDevice } from '../../../electron/main/db/device'
import { openOriginKey } from '../../../electron/main/db/originKey'
import { migrate } from '../../../electron/main/db/migrator'
import { renewOriginIfCopied } from '../../../electron/main/sync/clone'
import { installSigner, loadSigners, pinSecretariat, sealPending } from '../../../electron/main/sync/signers'
import { deviceKey } from '../../../electron/main/services/deviceSecret'
import { publicKeyFingerprint } from '../../../shared/signing/sm'
import { makeCert, makeSeal, type SyncKeyCert } from '../../../shared/sync/seal'
import { readPage } from '../../../electron/main/sync/log'
import type { SheetPayload } from '../../../shared/signing/types'

export const SEC = 'secretariat'

/** The secretariat's master key of every test meeting in this process (pinned by every test replica). */
export const TEST_SEC_KEY: SmKeyPair = generateKeyPair()
const masterKeys = new Map<string, SmKeyPair>([[SEC, TEST_SEC_KEY]])

/** The master key a test author signs its sync units with, unless a test equips another one. */
export function testMasterKey(author: string): SmKeyPair {
  let k = masterKeys.get(author)
  if (!k) {
    k = generateKeyPair()
    masterKeys.set(author, k)
  }
  return k
}

export interface MeetingFixture {
  meetingId: string
  rubricId: string
  projects: string[]
  experts: { id: string; name: string }[]
  items: string[]
}

export class Replica {
  clockOffsetMs = 0
  private equipped = new Set<string>()
  constructor(
    readonly name: string,
    readonly file: string,
    public db: Db
  ) {}

  now = (): number => Date.now() + this.clockOffsetMs

  get origin(): string {
    return readDevice(this.db).origin
  }

  /** The replica's data folder (its device secret lives there), as the folder transport is given it. */
  get dataDir(): string {
    return path.join(path.dirname(this.file), `${this.name}-data`)
  }

  deviceKey(): Uint8Array {
    fs.mkdirSync(this.dataDir, { recursive: true })
    return deviceKey(this.dataDir)
  }

  /** Gives this replica a sync key for `author`, certified by `master` (by default the author's test key). */
  equip(author: string, master: SmKeyPair = testMasterKey(author)): void {
    installSigner(this.db, this.deviceKey(), author, master)
    this.equipped.add(author)
  }

  /** Writes as `author`, equipping a sync key for it first when this replica holds none it can use. */
  write<T>(author: string, fn: (w: ChangeWriter) => T): T {
    this.ensureSigner(author)
    return writeChanges(this.db, author, fn, this.now)
  }

  ensureSigner(author: string): void {
    if (this.equipped.has(author)) return
    if (!loadSigners(this.db, this.deviceKey()).has(author)) this.equip(author)
    this.equipped.add(author)
  }

  /**
   * Seals hand-made changes under this replica's origin as its own sync key would (its origin key: a derived origin
   * takes only units sealed by it), certified by `author`'s test master key.
   */
  sealedAs<T extends Change>(author: string, changes: T[], master: SmKeyPair = testMasterKey(author)): T[] {
    const key = openOriginKey(this.db, this.deviceKey())
    if (!key) return sealedBy(author, changes, master)
    const cert = makeCert(author, master, key.publicKey, new Date().toISOString())
    const out = changes.map((c) => ({ ...c }))
    ;(out[out.length - 1] as T).seal = JSON.stringify(makeSeal(out, cert, key.privateKey))
    return out
  }

  /** Seals this replica's new changes (as a sync does before sending). */
  seal(): void {
    sealPending(this.db, this.deviceKey())
  }

  close(): void {
    closeDb(this.db)
  }
}

/** A new empty database, migrated, with its device identity. */
export async function newReplica(dir: string, name: string): Promise<Replica> {
  const file = path.join(dir, `${name}.sqlite`)
  const db = openDb(file)
  await migrate(db)
  // As the app opens it: with the device secret, so its origin is derived from its origin key (db/originKey.ts).
  const dataDir = path.join(dir, `${name}-data`)
  fs.mkdirSync(dataDir, { recursive: true })
  ensureDevice(db, deviceKey(dataDir))
  renewOriginIfCopied(db, file, deviceKey(dataDir))
  pinSecretariat(db, publicKeyFingerprint(TEST_SEC_KEY.publicKey), '测试秘书处')
  return new Replica(name, file, db)
}

/**
 * The same laptop after a restart: the replica's database closed and opened again on the same file and data folder,
 * as the app opens it (migrated, its device kept). What lived in memory per connection (unlocked keys, remembered
 * envelope wrappings: sync/keyring.ts) is gone.
 */
export async function reopenReplica(r: Replica): Promise<Replica> {
  r.close()
  const db = openDb(r.file)
  await migrate(db)
  ensureDevice(db, r.deviceKey())
  renewOriginIfCopied(db, r.file, r.deviceKey())
  return new Replica(r.name, r.file, db)
}

/** A copy of a replica's database file, opened the way the app opens its database (so it becomes a new origin). */
export function cloneReplica(from: Replica, dir: string, name: string): Replica {
  const file = path.join(dir, `${name}.sqlite`)
  from.db.sqlite.pragma('wal_checkpoint(TRUNCATE)')
  fs.copyFileSync(from.file, file)
  const db = openDb(file)
  const copy = new Replica(name, file, db)
  renewOriginIfCopied(db, file, copy.deviceKey())
  return copy
}

export function seedMeeting(r: Replica, projects: number, experts: number, items: number): MeetingFixture {
  const f: MeetingFixture = { meetingId: 'm1', rubricId: 'rubric-1', projects: [], experts: [], items: [] }
  for (let i = 0; i < items; i++) f.items.push(`i${i + 1}`)
  r.write(SEC, (w) => {
    w.write('rubrics', f.rubricId, { name: '默认细则', version: 1, definition: { dimensions: [] }, deleted: false })
    w.write('meetings', f.meetingId, {
      name: '评审会', date: '2026-12-01', place: '三明', organiser: '发改委', rubric_id: f.rubricId, merge_method: 'mean',
      status: 'preparing', is_demo: false, created_at: '2026-11-01T00:00:00.000Z', deleted: false
    })
    for (let p = 0; p < projects; p++) {
      const id = `p${p + 1}`
      f.projects.push(id)
      w.write('projects', id, {
        meeting_id: f.meetingId, name: `项目${p + 1}`, code: `X${p}`, owner_unit: '数据局', author_unit: '某公司', declared_investment: 100 + p,
        approved_estimate: null, summary: '', sort_order: p, deleted: false
      })
    }
    for (let e = 0; e < experts; e++) {
      const id = `e${e + 1}`
      f.experts.push({ id, name: `专家${e + 1}` })
      w.write('experts', id, {
        meeting_id: f.meetingId, name: `专家${e + 1}`, unit: '', title: '', specialty: '', phone: '', past_units: [], is_leader: e === 0,
        key_fingerprint: publicKeyFingerprint(testMasterKey(id).publicKey), deleted: false
      })
      for (const p of f.projects) w.write('assignments', naturalId('assignment', p, id), { meeting_id: f.meetingId, project_id: p, expert_id: id, deleted: false })
    }
  })
  return f
}

/** The expert's latest sheet row for a project as this replica sees it. */
export function latestSheet(r: Replica, projectId: string, expertId: string): { id: string; revision: number; status: string } | undefined {
  return r.db.sqlite
    .prepare('SELECT id, revision, status FROM score_sheets WHERE project_id = ? AND expert_id = ? ORDER BY revision DESC LIMIT 1')
    .get(projectId, expertId) as { id: string; revision: number; status: string } | undefined
}

/** Opens (creating when needed, or the next revision after a reopen) the expert's draft; null when it is submitted. */
export function openDraft(r: Replica, f: MeetingFixture, projectId: string, expertId: string): string | null {
  const s = latestSheet(r, projectId, expertId)
  if (s && s.status === 'draft') return s.id
  if (s && s.status === 'submitted') return null
  const revision = s ? s.revision + 1 : 1
  const id = sheetRowId(projectId, expertId, revision)
  r.write(expertId, (w) =>
    w.write('score_sheets', id, {
      meeting_id: f.meetingId, project_id: projectId, expert_id: expertId, revision, status: 'draft', conclusion: null, main_problems: [],
      suggestions: [], updated_at: new Date(r.now()).toISOString(), deleted: false, signed_payload: null, submitted_at: null, reopen_reason: '', reopened_at: null
    })
  )
  return id
}

export function setScore(r: Replica, sheetId: string, expertId: string, itemId: string, value: number): void {
  r.write(expertId, (w) => {
    w.write('scores', naturalId(sheetId, itemId), { sheet_id: sheetId, item_id: itemId, value, na: false })
    w.write('score_sheets', sheetId, { updated_at: new Date(r.now()).toISOString() })
  })
}

/** Opens a draft for every expert and project and gives every item the same score, one transaction per sheet. */
export function scoreEverySheet(r: Replica, f: MeetingFixture, value = 3): void {
  for (const e of f.experts) {
    for (const p of f.projects) {
      const sheet = openDraft(r, f, p, e.id) as string
      r.write(e.id, (w) => {
        for (const item of f.items) w.write('scores', naturalId(sheet, item), { sheet_id: sheet, item_id: item, value, na: false })
      })
    }
  }
}

/** A well-formed signed sheet content (shared/signing/contentSchema.ts) with just these scores. */
export function sheetContent(sheetId: string, revision: number, projectId: string, expert: { id: string; name: string }, scores: Record<string, number>): SheetPayload {
  const total = Object.values(scores).reduce((a, b) => a + b, 0)
  return {
    format: 'paneldesk.sheet/1',
    sheetId,
    revision,
    meeting: { id: 'm1', name: '评审会', date: '2026-12-01', place: '三明' },
    project: { id: projectId, name: '', ownerUnit: '', authorUnit: '', declaredInvestment: 0, packageDigest: '' },
    expert: { id: expert.id, name: expert.name, unit: '', title: '', specialty: '' },
    rubric: { id: 'rubric-1', version: 1, name: '默认细则' },
    scores: Object.fromEntries(Object.entries(scores).map(([k, v]) => [k, { value: v, na: false }])),
    dimensionTotals: {},
    total,
    opinions: {},
    mainProblems: [],
    suggestions: [],
    conclusion: 'pass',
    budgetReview: [],
    declaration: { kind: 'none', reason: '', declaredAt: '2026-12-01T00:00:00.000Z' },
    submittedAt: '2026-12-01T00:00:00.000Z'
  }
}

export function submit(r: Replica, sheetId: string, expert: { id: string; name: string }, key: SmKeyPair): void {
  const s = r.db.sqlite.prepare('SELECT project_id, revision FROM score_sheets WHERE id = ?').get(sheetId) as { project_id: string; revision: number }
  const scores = Object.fromEntries((r.db.sqlite.prepare('SELECT item_id, value FROM scores WHERE sheet_id = ?').all(sheetId) as { item_id: string; value: number }[]).map((x) => [x.item_id, x.value]))
  const at = new Date(r.now())
  const signed = signPayload('expert-sheet', sheetContent(sheetId, s.revision, s.project_id, expert, scores), key.privateKey, key.publicKey, expert, at)
  r.write(expert.id, (w) => w.write('score_sheets', sheetId, { status: 'submitted', signed_payload: signed, submitted_at: at.toISOString(), updated_at: at.toISOString() }))
}

export function newKey(): SmKeyPair {
  return generateKeyPair()
}

/**
 * Appends a transaction to a replica's own log without the app's checks (a tampered client), logged there with
 * `status` so that the replica's own tables stay consistent with its log.
 */
export function injectOwnTransaction(r: Replica, author: string, cells: { tbl: string; rowId: string; col: string; value: unknown }[], status: 'rejected', hlcMs?: number): Change[] {
  r.ensureSigner(author)
  const out: Change[] = []
  r.db.sqlite
    .transaction(() => {
      let state = readDevice(r.db)
      const tx = state.seq + 1
      for (const c of cells) {
        const hlc = tick(state.hlc, hlcMs ?? r.now())
        state = { ...state, seq: state.seq + 1, hlc }
        const ch: Change = { origin: state.origin, seq: state.seq, tx, txEnd: 0, hlc: encodeHlc(hlc), author, tbl: c.tbl, rowId: c.rowId, col: c.col, value: JSON.stringify(c.value) }
        r.db.sqlite
          .prepare('INSERT INTO change_log (origin, seq, tx, hlc, author, tbl, row_id, col, value, status, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
          .run(ch.origin, ch.seq, ch.tx, ch.hlc, ch.author, ch.tbl, ch.rowId, ch.col, ch.value, status, 'injected by test')
        out.push(ch)
      }
      saveDevice(r.db, state)
    })
    .immediate()
  for (const c of out) c.txEnd = (out[out.length - 1] as Change).seq
  return out
}

const testCerts = new Map<string, { cert: SyncKeyCert; privateKey: string }>()

/** A sync key for `author` certified by its test master key (or `master`), made once per process. */
export function testSigner(author: string, master: SmKeyPair = testMasterKey(author)): { cert: SyncKeyCert; privateKey: string } {
  const key = `${author}|${master.publicKey}`
  let signer = testCerts.get(key)
  if (!signer) {
    const pair = generateKeyPair()
    signer = { cert: makeCert(author, master, pair.publicKey, new Date().toISOString()), privateKey: pair.privateKey }
    testCerts.set(key, signer)
  }
  return signer
}

/** Seals hand-made changes (one unit: whole transactions of one origin, one author) as `author`'s test key would. */
export function sealedBy<T extends Change>(author: string, changes: T[], master: SmKeyPair = testMasterKey(author)): T[] {
  const signer = testSigner(author, master)
  const out = changes.map((c) => ({ ...c }))
  const last = out[out.length - 1] as T
  last.seal = JSON.stringify(makeSeal(out, signer.cert, signer.privateKey))
  return out
}

/** Seals what a replica has written, then reads its whole log as a peer would receive it. */
export function readAll(r: Replica): Change[] {
  r.seal()
  return readPage(r.db, {}, Number.MAX_SAFE_INTEGER).changes
}
