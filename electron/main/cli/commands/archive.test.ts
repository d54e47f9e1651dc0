/** `paneldesk archive verify` as a child process: a sound archive, an altered one, wrong usage. */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../../tests/helpers/tmp'
import { closeDb, openDb } from '../../db/connection'
import { migrate } from '../../db/migrator'
import { seedSignedMeeting } from '../../../../tests/kits/documents/testDb'
import { zipFiles } from '../../documents/zipWrite'
import { DEFAULT_PACKAGE_LIMITS } from '../../packages/limits'
import { unzipSafely } from '../../packages/zip'
import { buildArchive } from '../../services/archive'
import { runCli, type CliResult } from '../../../../tests/kits/cli/run'

const cli = (...args: string[]): CliResult => runCli(args)

describe('paneldesk archive verify', () => {
  it('says 有效 for a sound archive, 已篡改 for an altered one, and explains wrong usage', async () => {
    const dir = tempDir('archive-cli')
    const db = openDb(path.join(dir, 'db.sqlite'))
    await migrate(db)
    const s = seedSignedMeeting(db, { projects: 1, experts: 3, budgetLines: 4 })
    const { bytes } = buildArchive(db, dir, s.meetingId)
    closeDb(db)
    const good = path.join(dir, '会议-归档.pdarchive')
    fs.writeFileSync(good, bytes)
    const ok = cli('archive', 'verify', good)
    expect(ok.code, ok.err).toBe(0)
    expect(ok.out).toContain('结果：有效')
    expect(ok.out).toContain(s.meetingName)

    const files = unzipSafely(bytes, 'a', DEFAULT_PACKAGE_LIMITS)
    files.set('tables/projects.json', new TextEncoder().encode('[]'))
    const bad = path.join(dir, 'bad.pdarchive')
    fs.writeFileSync(bad, zipFiles(Object.fromEntries(files)))
    const r = cli('archive', 'verify', bad, '--json')
    expect(r.code).toBe(1)
    expect(JSON.parse(r.out)).toMatchObject({ status: '已篡改', reason: '文件内容已改变：tables/projects.json' })

    expect(cli('archive', 'check', good).code).toBe(3)
    expect(cli('archive', 'verify', path.join(dir, 'missing.pdarchive')).code).toBe(3)
  })
})
