/** The sync engine on real files: crash during apply, a peer on a newer schema, copied files, held submissions. */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../tests/helpers/tmp'
import type { Change } from '../../../shared/sync/change'
import { decodeHlc, encodeHlc } from '../../../shared/sync/hlc'
import { REPLICATED_TABLES } from '../../../shared/sync/tables'
import type { Registry } from '../../../shared/sync/verdict'
import { openStorage } from '../db/storage'
import { closeDb, openDb } from '../db/connection'
import { readDevice } from '../db/device'
import { applyChanges, reconsiderPending } from './apply'
import { readVv } from './log'
import { APPLY_CHUNK, applyInChunks } from './folder'
import { checkCellsMatchLog, checkLogShape, dumpTables } from '../../../tests/kits/sync/invariants'
import { SEC, newReplica, readAll, openDraft, scoreEverySheet, seedMeeting, setScore } from '../../../tests/kits/sync/replica'

describe('sync engine', () => {
  it('applies a large log in chunks cut only between sealed units (a unit is never split across two chunks)', async () => {
    const dir = tempDir('chunks')
    const src = await newReplica(dir, 'src')
    const f = seedMeeting(src, 20, 9, 60)
    scoreEverySheet(src, f)
    const changes = readAll(src)
    expect(changes.length).toBeGreaterThan(APPLY_CHUNK + 1000)
    // The first chunk's natural end falls inside a unit (a unit is one sheet's 60 scores here).
    expect(changes[APPLY_CHUNK - 1]?.seal).toBeUndefined()
    const dst = await newReplica(dir, 'dst')
    const results = applyInChunks(dst.db, changes, {})
    expect(results.reduce((n, r) => n + r.waiting, 0)).toBe(0)
    expect(readVv(dst.db)).toEqual(readVv(src.db))
    expect(dumpTables(dst.db)).toBe(dumpTables(src.db))
  }, 60_000)

  it('applies the origins carrying the secretariat\'s changes first: an expert\'s units are not held until the roster that comes later in the same batch', async () => {
    const dir = tempDir('charter-first')
    const sec = await newReplica(dir, 'sec')
    const f = seedMeeting(sec, 1, 1, 2)
    const expert = await newReplica(dir, 'expert')
    applyChanges(expert.db, readAll(sec))
    const sheet = openDraft(expert, f, 'p1', 'e1') as string
    setScore(expert, sheet, 'e1', 'i1', 4)
    const own = readAll(expert).filter((c) => c.origin === expert.origin)
    const batch = [...own, ...readAll(sec)] // the expert's origin first, as when its id sorts first
    const plain = await newReplica(dir, 'plain')
    const direct = applyChanges(plain.db, batch)
    expect(direct.issues.filter((i) => i.status === 'held').length).toBeGreaterThan(0) // held, then released in the same call
    const ordered = await newReplica(dir, 'ordered')
    const chunked = applyInChunks(ordered.db, batch, {})
    expect(chunked.flatMap((r) => r.issues)).toEqual([])
    expect(chunked.reduce((n, r) => n + r.applied, 0)).toBe(batch.length)
    expect(dumpTables(ordered.db)).toBe(dumpTables(plain.db))
    expect(readVv(ordered.db)).toEqual(readVv(plain.db))
    for (const r of [sec, expert, plain, ordered]) r.close()
  })

  it('survives a SIGKILL in the middle of applying: each transaction is there entirely or not at all', async () => {
    const dir = tempDir('kill')
    const src = await newReplica(dir, 'src')
    const f = seedMeeting(src, 20, 9, 25)
    scoreEverySheet(src, f)
    const changes = readAll(src)
    expect(changes.length).toBeGreaterThan(20_000)
    const dst = await newReplica(dir, 'dst')
    dst.close()
    const changesFile = path.join(dir, 'changes.json')
    fs.writeFileSync(changesFile, JSON.stringify(changes))
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '../../../tests/kits/sync/applyChild.ts'), dst.file, changesFile], { stdio: ['ignore', 'pipe', 'inherit'] })
    // Killed while it applies the third page (the parent learns the second one committed).
    await new Promise<void>((resolve) => child.stdout.on('data', (b: Buffer) => b.toString().includes('applied 2000') && resolve()))
    child.kill('SIGKILL')
    await new Promise((r) => child.on('exit', r))
    const db = openDb(dst.file) // quick_check runs at open
    const got = readVv(db)[src.origin] ?? 0
    expect(got).toBeLessThan(changes.filter((c) => c.origin === src.origin).length) // it really was killed mid-way
    checkLogShape(db, 'after kill')
    checkCellsMatchLog(db, 'after kill')
    applyChanges(db, changes)
    expect(dumpTables(db)).toBe(dumpTables(src.db))
    closeDb(db)
    src.close()
  }, 60_000)

  it('defers changes to columns it does not know (a peer on a newer schema) and replays them after migrating', async () => {
    const dir = tempDir('schema')
    const newer = await newReplica(dir, 'newer')
    seedMeeting(newer, 1, 1, 1)
    const older = await newReplica(dir, 'older')
    applyChanges(older.db, readAll(newer))
    // The newer peer writes a column the older one does not have yet (simulated by logging it directly).
    const base = readAll(newer)
    const last = base[base.length - 1] as Change
    const [future] = newer.sealedAs(SEC, [{ ...last, seal: undefined, seq: last.seq + 1, tx: last.seq + 1, txEnd: last.seq + 1, hlc: last.hlc.replace(/-([0-9a-f]{4})-/, '-ffff-'), tbl: 'projects', rowId: 'p1', col: 'priority', value: '3', author: SEC }]) as [Change]
    const r1 = applyChanges(older.db, [future])
    expect(r1.issues.map((i) => i.status)).toEqual(['deferred'])
    expect(readVv(older.db)[future.origin]).toBe(future.seq) // the version vector still advances
    // Upgrade: the column exists and the registry knows it.
    older.db.sqlite.exec('ALTER TABLE projects ADD COLUMN priority INTEGER NOT NULL DEFAULT 0')
    const registry = { ...(REPLICATED_TABLES as unknown as Registry), projects: { ...(REPLICATED_TABLES.projects as Registry[string]), priority: { type: 'int', nullable: false } } } as Registry
    const r2 = reconsiderPending(older.db, { registry })
    expect(r2.applied).toBe(1)
    expect(older.db.sqlite.prepare("SELECT priority FROM projects WHERE id = 'p1'").get()).toEqual({ priority: 3 })
  })

  it('gives a copied database file a new origin when it is opened, so both copies keep their edits', async () => {
    const dir = tempDir('clone')
    const a = await openStorage(path.join(dir, 'a'), {})
    const originA = readDevice(a.db).origin
    a.db.sqlite.pragma('wal_checkpoint(TRUNCATE)')
    fs.mkdirSync(path.join(dir, 'b'))
    fs.copyFileSync(a.paths.dbFile, path.join(dir, 'b', 'paneldesk.sqlite'))
    const b = await openStorage(path.join(dir, 'b'), {})
    expect(readDevice(b.db).origin).not.toBe(originA)
    closeDb(a.db)
    const again = await openStorage(path.join(dir, 'a'), {})
    expect(readDevice(again.db).origin).toBe(originA) // the original keeps its origin
    closeDb(again.db)
    closeDb(b.db)
  })

  it('takes a new origin when a peer sends changes under its own origin (a copy it could not detect)', async () => {
    const dir = tempDir('fork')
    const a = await newReplica(dir, 'a')
    seedMeeting(a, 1, 1, 1)
    const twin = await newReplica(dir, 'twin')
    applyChanges(twin.db, readAll(a))
    // Fake a twin writing under a's origin: a's own later changes shown to a as if from elsewhere.
    const mine = readAll(a)
    const last = mine[mine.length - 1] as Change
    const h = decodeHlc(last.hlc)
    const [foreign] = a.sealedAs(SEC, [{ ...last, seal: undefined, seq: last.seq + 1, tx: last.seq + 1, txEnd: last.seq + 1, hlc: encodeHlc({ ...h, ms: h.ms + 1 }), col: 'name', rowId: 'p1', tbl: 'projects', value: '"改名"' }]) as [Change]
    const r = applyChanges(a.db, [foreign])
    expect(r.renewedOrigin).not.toBeNull()
    expect(r.issues.some((i) => i.code === 'own-origin')).toBe(true)
    setScore(a, openDraft(a, { meetingId: 'm1', rubricId: 'rubric-1', projects: ['p1'], experts: [{ id: 'e1', name: '专家1' }], items: ['i1'] }, 'p1', 'e1') as string, 'e1', 'i1', 2)
    checkLogShape(a.db, 'a')
  })
})
