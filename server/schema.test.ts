/** A store made by the previous build (changes without `scope`) opens: the column is added, old rows stay and are placed when pulled. */
import path from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../tests/helpers/tmp'
import { openServerStore } from './openStore'

describe('server store schema', () => {
  it('adds the scope column to an older store and places its old transactions when pulled', async () => {
    const dir = tempDir('schema')
    const old = new BetterSqlite3(path.join(dir, 'sync-server.sqlite'))
    old.exec(`CREATE TABLE devices (token_hash TEXT PRIMARY KEY, author TEXT NOT NULL, name TEXT NOT NULL, meeting_id TEXT NOT NULL, created_at TEXT NOT NULL);
      CREATE TABLE origins (origin TEXT PRIMARY KEY, token_hash TEXT NOT NULL, max_seq INTEGER NOT NULL);
      CREATE TABLE changes (origin TEXT NOT NULL, seq INTEGER NOT NULL, tx INTEGER NOT NULL, tx_end INTEGER NOT NULL, hlc TEXT NOT NULL, author TEXT NOT NULL,
        tbl TEXT NOT NULL, row_id TEXT NOT NULL, col TEXT NOT NULL, value TEXT NOT NULL, status TEXT NOT NULL, reason TEXT NOT NULL, PRIMARY KEY (origin, seq));
      INSERT INTO devices VALUES ('sec', 'secretariat', '', '', 'x'), ('ex', 'e1', '', 'm1', 'x');
      INSERT INTO origins VALUES ('o', 'sec', 2);
      INSERT INTO changes VALUES ('o', 1, 1, 2, '000000000001-0000-o', 'secretariat', 'meetings', 'm1', 'name', '"会"', 'applied', ''),
        ('o', 2, 1, 2, '000000000001-0001-o', 'secretariat', 'meetings', 'm1', 'status', '"preparing"', 'applied', '')`)
    old.close()
    const store = await openServerStore({ dataDir: dir })
    try {
      const page = await store.pull({ tokenHash: 'ex', author: 'e1', meetingId: 'm1' }, { vv: {} })
      expect(page.changes.map((c) => ('value' in c ? c.value : 'stub'))).toEqual(['"会"', '"preparing"'])
      expect(page.hasMore).toBe(false)
      const other = await store.pull({ tokenHash: 'ex', author: 'e2', meetingId: 'm2' }, { vv: {} })
      expect(other.changes.every((c) => c.withheld)).toBe(true)
    } finally {
      await store.close()
    }
    const reopened = new BetterSqlite3(path.join(dir, 'sync-server.sqlite'))
    expect(reopened.prepare('SELECT DISTINCT scope FROM changes').pluck().all()).toEqual(['m1'])
    reopened.close()
  })
})
