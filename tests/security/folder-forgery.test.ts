/**
 * Attacks through the shared folder (issue 15): someone with write access to the folder writes a device file of
 * their own. Authors are proven by sealed units, not claimed: whatever such a file says, the secretariat's laptop
 * applies none of it, keeps the roster's fingerprints, and the sync report says why in Chinese.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Change } from '../../shared/sync/change'
import { digestOf, readFolderFile } from '../../electron/main/sync/folderFile'
import { generateKeyPair } from '../../shared/signing/sm'
import { syncM1, writeForgery as writeForgeryOf } from '../kits/sync/folderForgery'
import { tempDir } from '../helpers/tmp'
import { SEC, newReplica, sealedBy, seedMeeting, type Replica } from '../kits/sync/replica'
import { forgedChanges } from '../kits/sync/forgery'
import BetterSqlite3 from 'better-sqlite3'

const ORIGIN = '01900000-0000-7000-8000-00000000f0f0'

const sync = syncM1

const writeForgery = (folder: string, changes: Change[]) => writeForgeryOf(folder, ORIGIN, changes)

async function secretariat(): Promise<{ sec: Replica; folder: string }> {
  const dir = tempDir('forgery')
  const sec = await newReplica(dir, 'sec')
  seedMeeting(sec, 1, 1, 1)
  return { sec, folder: fs.mkdtempSync(path.join(dir, 'folder-')) }
}

function fingerprintsOf(r: Replica, expertId: string): string[] {
  return (r.db.sqlite.prepare("SELECT value FROM change_log WHERE tbl = 'experts' AND col = 'key_fingerprint' AND row_id = ? AND status = 'applied'").all(expertId) as { value: string }[]).map((x) => JSON.parse(x.value) as string)
}

function nothingApplied(sec: Replica, before: string[]): void {
  expect(fingerprintsOf(sec, 'e1')).toEqual(before)
  expect(sec.db.sqlite.prepare('SELECT COUNT(*) AS n FROM score_sheets').get()).toEqual({ n: 0 })
  expect(sec.db.sqlite.prepare("SELECT COUNT(*) AS n FROM change_log WHERE origin = ? AND status = 'applied'").get(ORIGIN)).toEqual({ n: 0 })
}

describe('forgeries written into the shared folder', () => {
  it('claimed authors without seals: nothing applied, the report says the changes carry no author signature', async () => {
    const { sec, folder } = await secretariat()
    const before = fingerprintsOf(sec, 'e1')
    const attacker = generateKeyPair()
    const f = forgedChanges(ORIGIN, attacker)
    writeForgery(folder, [...f.register, ...f.submit])
    const report = sync(sec, folder)
    nothingApplied(sec, before)
    expect(report.issues.map((i) => i.message).join('\n')).toMatch(/没有作者签名/)
  })

  it('sealed with the forger’s own “secretariat” key: held as not the pinned secretariat key, the roster unchanged', async () => {
    const { sec, folder } = await secretariat()
    const before = fingerprintsOf(sec, 'e1')
    const attacker = generateKeyPair()
    const f = forgedChanges(ORIGIN, attacker)
    writeForgery(folder, [...sealedBy(SEC, f.register, attacker), ...sealedBy('e1', f.submit, attacker)])
    const report = sync(sec, folder)
    nothingApplied(sec, before)
    const text = report.issues.map((i) => i.message).join('\n')
    expect(text).toMatch(/不是本机确认的秘书处公钥/)
    expect(text).toMatch(/尚未由秘书处登记/)
    expect(sec.db.sqlite.prepare("SELECT DISTINCT status FROM change_log WHERE origin = ?").all(ORIGIN)).toEqual([{ status: 'held' }])
  })

  it('a real device’s file with a value changed and the file digest recomputed: the unit is rejected as altered', async () => {
    const { sec, folder } = await secretariat()
    const dir = path.dirname(folder)
    const e1 = await newReplica(dir, 'e1')
    sync(sec, folder)
    sync(e1, folder)
    sec.write(SEC, (w) => w.write('projects', 'p1', { name: '智慧医保平台' }))
    sync(sec, folder)
    // The forger edits the secretariat's file: the project's name changes; the header's digest is recomputed so the
    // file still reads. (Experts' units are in the folder only as envelopes: see folderIndependence.test.ts.)
    const file = path.join(folder, `${sec.origin}.sqlite`)
    const db = new BetterSqlite3(file)
    db.prepare("UPDATE changes SET value = ? WHERE tbl = 'projects' AND col = 'name' AND value = ?").run(JSON.stringify('伪造的项目名称'), JSON.stringify('智慧医保平台'))
    const rows = db.prepare('SELECT origin, seq, tx, tx_end AS txEnd, hlc, author, tbl, row_id AS rowId, col, value, seal FROM changes ORDER BY origin, seq').all() as (Change & { seal: string | null })[]
    db.prepare("UPDATE header SET value = ? WHERE key = 'digest'").run(JSON.stringify(digestOf(rows.map(({ seal, ...c }) => (seal ? { ...c, seal } : c)))))
    db.close()
    expect('changes' in readFolderFile(file, tempDir('check'), { origin: sec.origin, meetingId: 'm1' })).toBe(true)
    const report = sync(e1, folder)
    expect(e1.db.sqlite.prepare("SELECT name FROM projects WHERE id = 'p1'").get()).toEqual({ name: '项目1' })
    expect(report.issues.map((i) => i.message).join('\n')).toMatch(/作者签名未通过核验.*内容被改动/)
  })
})
