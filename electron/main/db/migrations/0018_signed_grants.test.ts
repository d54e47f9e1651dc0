import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../../tests/helpers/tmp'
import { closeDb, openDb } from '../connection'
import { migrate } from '../migrator'

describe('migration 0018_signed_grants', () => {
  it('drops the unsigned release grants kept before, and keeps signed ones', async () => {
    const db = openDb(path.join(tempDir('m18'), 'db.sqlite'))
    await migrate(db, { target: '0017_followup_checklist' })
    const ins = db.sqlite.prepare('INSERT INTO sync_grants (kid, fp, body) VALUES (?, ?, ?)')
    ins.run('k1', 'f', JSON.stringify({ v: 1, kid: 'k1', fp: 'f', wrapped: 'aa' }))
    ins.run('k2', 'f', 'not json')
    ins.run('k3', 'f', JSON.stringify({ v: 2, kid: 'k3', fp: 'f', wrapped: 'aa', cert: {}, sig: '30' }))
    ins.run('k4', 'f', JSON.stringify({ kid: 'k4' }))
    expect(await migrate(db, { target: '0018_signed_grants' })).toEqual(['0018_signed_grants'])
    expect(db.sqlite.prepare('SELECT kid FROM sync_grants ORDER BY kid').all()).toEqual([{ kid: 'k3' }])
    expect(await migrate(db, { target: '0018_signed_grants' })).toEqual([])
    closeDb(db)
  })
})
