/**
 * A meeting synced through a shared folder (issue 15): the secretariat's laptop (its key stored under a PIN, as
 * 生成秘书处密钥 stores it) and three experts' laptops, each a real replica. Used by the folder attack tests.
 */
import fs from 'node:fs'
import path from 'node:path'
import { naturalId } from '../../../shared/domain/ids'
import { declarationRowId, documentNoteRowId } from '../../../shared/sync/rowIds'
import { emptyReport, type SyncReport } from '../../../shared/sync/report'
import { encryptPrivateKeyAsync } from '../../../shared/signing/keystore'
import { publicKeyFingerprint } from '../../../shared/signing/sm'
import { syncFolder } from '../../../electron/main/sync/folder'
import { readFolderFile } from '../../../electron/main/sync/folderFile'
import { tempDir } from '../../helpers/tmp'
import { TEST_SEC_KEY, newReplica, openDraft, seedMeeting, setScore, type MeetingFixture, type Replica } from './replica'

export const PIN = '135790'
export const SECRET = '独立评审机密意见：资金测算依据不足'
export const EXPERT_TABLES = ['score_sheets', 'scores', 'opinions', 'budget_reviews', 'declarations', 'document_notes'] as const

export function sync(r: Replica, folder: string): SyncReport {
  const report = emptyReport('folder', folder, '')
  syncFolder(r.db, { folder, meetingId: 'm1', dataDir: r.dataDir, schemaVersion: 9, now: r.now }, report)
  return report
}

/** The secretariat's key stored on its laptop under a PIN, as 生成秘书处密钥 stores it (the test meeting's key). */
export async function giveSecretariatKey(sec: Replica): Promise<void> {
  const blob = await encryptPrivateKeyAsync(PIN, TEST_SEC_KEY.privateKey)
  sec.db.sqlite
    .prepare('INSERT INTO secretariat_key (id, key_blob, public_key, fingerprint, created_at) VALUES (1, ?, ?, ?, ?)')
    .run(JSON.stringify(blob), TEST_SEC_KEY.publicKey, publicKeyFingerprint(TEST_SEC_KEY.publicKey), new Date().toISOString())
}

/** The page a note is on: a derived row every device makes from the package files (docs/package-format.md). */
function deriveDocument(r: Replica): void {
  r.db.sqlite.pragma('foreign_keys = OFF') // the package itself is not part of this test
  r.db.sqlite.prepare("INSERT INTO package_documents (id, project_id, package_id, path, sha256) VALUES ('doc-1', 'p1', 'pkg-1', 'a.pdf', ?)").run('0'.repeat(64))
  r.db.sqlite.pragma('foreign_keys = ON')
}

/** e1's work on p1: a draft with a score and an opinion, a budget review line, a declaration and a note. */
export function e1Works(e1: Replica, f: MeetingFixture): string {
  const sheet = openDraft(e1, f, 'p1', 'e1') as string
  setScore(e1, sheet, 'e1', 'i1', 7)
  e1.write('e1', (w) => {
    w.write('opinions', naturalId(sheet, 'd1'), { sheet_id: sheet, dimension_id: 'd1', text: SECRET })
    w.write('budget_reviews', naturalId(sheet, 'line-1'), { sheet_id: sheet, line_id: 'line-1', approved_amount: 1234500, reason: SECRET, note: '' })
    w.write('declarations', declarationRowId('p1', 'e1'), { meeting_id: 'm1', project_id: 'p1', expert_id: 'e1', kind: 'none', reason: SECRET, declared_at: new Date().toISOString() })
  })
  e1.write('e1', (w) =>
    w.write('document_notes', documentNoteRowId('e1', 'n-1'), {
      expert_id: 'e1', project_id: 'p1', document_id: 'doc-1', page: 3, text: SECRET, created_at: new Date().toISOString(), updated_at: new Date().toISOString(), deleted: false
    })
  )
  return sheet
}

export function rowsOfE1(r: Replica): Record<string, number> {
  const out: Record<string, number> = {}
  for (const t of EXPERT_TABLES) out[t] = (r.db.sqlite.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n
  return out
}

export function logOf(r: Replica, origin: string): { status: string; author: string; value: string }[] {
  return r.db.sqlite.prepare('SELECT status, author, value FROM change_log WHERE origin = ? ORDER BY seq').all(origin) as { status: string; author: string; value: string }[]
}

export function fileOf(folder: string, r: Replica) {
  const read = readFolderFile(path.join(folder, `${r.origin}.sqlite`), tempDir('read'), { origin: r.origin, meetingId: 'm1' })
  if ('kind' in read) throw new Error(read.detail)
  return read
}

export interface World {
  dir: string
  folder: string
  f: MeetingFixture
  sec: Replica
  e1: Replica
  e2: Replica
  e3: Replica
}

const worlds: World[] = []

/** Closes every world made since the last call (call it in afterEach). */
export function closeWorlds(): void {
  for (const w of worlds.splice(0)) for (const r of [w.sec, w.e1, w.e2, w.e3]) r.close()
}

/** One project, three experts, two items; every laptop has synced once through the folder. */
export async function meeting(): Promise<World> {
  const dir = tempDir('folder-indep')
  const folder = path.join(dir, 'folder')
  fs.mkdirSync(folder)
  const sec = await newReplica(dir, 'sec')
  const f = seedMeeting(sec, 1, 3, 2)
  await giveSecretariatKey(sec)
  sync(sec, folder)
  const [e1, e2, e3] = [await newReplica(dir, 'e1'), await newReplica(dir, 'e2'), await newReplica(dir, 'e3')]
  for (const r of [e1, e2, e3]) sync(r, folder)
  for (const r of [sec, e1, e2, e3]) deriveDocument(r)
  const w = { dir, folder, f, sec, e1, e2, e3 }
  worlds.push(w)
  return w
}
