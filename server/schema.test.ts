/**
 * A store made by an earlier build (changes without `scope` or `seal`) opens: the columns are added and old rows stay.
 * Its changes carry no author signature, so they are never relayed: every device sends its own log again, sealed.
 */
import path from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../tests/helpers/tmp'
import { openServerStore } from './openStore'

describe('server store schema', () => {
  it('adds the scope, seal and sync_key columns to an older store, keeps its rows, and relays none of its unsigned changes', async () => {
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
      expect(page.changes).toEqual([])
      expect(page.hasMore).toBe(false)
    } finally {
      await store.close()
    }
    const reopened = new BetterSqlite3(path.join(dir, 'sync-server.sqlite'))
    expect(reopened.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('changes')).toEqual(expect.arrayContaining(['scope', 'seal']))
    expect(reopened.prepare('SELECT COUNT(*) FROM changes WHERE seal IS NULL').pluck().get()).toBe(2)
    // Origins bound before claims existed keep their device and learn no sync key (relays to them wait for a claim).
    expect(reopened.prepare('SELECT origin, token_hash, sync_key FROM origins').all()).toEqual([{ origin: 'o', token_hash: 'sec', sync_key: '' }])
    // Tables added later (the shared enrolment limit) are created in an older store.
    expect(reopened.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'enrol_attempts'").pluck().get()).toBe('enrol_attempts')
    reopened.close()
  })
})
