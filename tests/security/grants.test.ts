/**
 * The desktop app accepts a raw path from the page only when the user picked it in the OS dialog of this process
 * (issue 15). A compromised or confused page sends paths it was never given: each is refused in Chinese and
 * nothing is written. The dialog is Electron's; here a scripted chooser stands in for the user's click.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { PathPurpose } from '../../shared/api/methods/files'
import type { Backend } from '../../electron/main/backend'
import { seedSignedMeeting } from '../kits/documents/testDb'
import { GrantList, MAX_GRANTS } from '../../electron/main/paths/grants'
import { testBackend } from '../helpers/backend'
import { tempDir } from '../helpers/tmp'
import { exportFinished } from '../helpers/exportJob'

/** A desktop backend whose "OS dialog" returns the next answer of `answers`. */
async function desktopBackend(answers: (string | null)[]): Promise<{ b: Backend; asked: PathPurpose[] }> {
  const asked: PathPurpose[] = []
  const grants = new GrantList(async (purpose) => {
    asked.push(purpose)
    return answers.shift() ?? null
  })
  return { b: await testBackend({ seedDemo: false, pathAccess: grants }), asked }
}

/** The handler's refusal, whether it throws at once or rejects. */
const refusal = (call: () => unknown) => expect(Promise.resolve().then(call))

describe('desktop grants', () => {
  it('an ungranted export folder is refused and nothing is created; the picked one is written to', async () => {
    const target = path.join(tempDir('grant-export'), '评审文档')
    const { b, asked } = await desktopBackend([target])
    const m = seedSignedMeeting(b.db(), { projects: 1, experts: 3 })
    expect(await b.handlers['files.mode']({})).toEqual({ dialogs: true })

    await refusal(() => b.handlers['documents.export']({ meetingId: m.meetingId, scope: { kind: 'meeting' }, folder: target })).rejects.toThrow(
      '桌面版只接受在对话框中选择的导出文件夹'
    )
    expect(fs.existsSync(target)).toBe(false)

    const picked = await b.handlers['files.pick']({ purpose: 'export-folder' })
    expect(asked).toEqual(['export-folder'])
    expect(picked?.path).toBe(target)
    expect(picked?.grant).toMatch(/^[A-Za-z0-9_-]{20,}$/)
    const job = await b.handlers['documents.export']({ meetingId: m.meetingId, scope: { kind: 'meeting' }, folder: target, grant: picked!.grant })
    const done = await exportFinished(b, job)
    expect(done.status, done.error ?? '').toBe('done')
    expect(done.result!.written.length).toBeGreaterThan(0)
    expect(done.result!.written.every((w) => w.path.startsWith(target + path.sep))).toBe(true)
  })

  it('a grant does not stretch: other path, other purpose, forged or forgotten grant are all refused', async () => {
    const picked = tempDir('grant-sync')
    const { b } = await desktopBackend([picked, null])
    const g = (await b.handlers['files.pick']({ purpose: 'sync-folder' }))!
    // The same grant with a path the page changed.
    await refusal(() => b.handlers['sync.configure']({ kind: 'folder', folder: '/etc', grant: g.grant, meetingId: '' })).rejects.toThrow('与对话框中选择的不一致')
    // A sync-folder grant used for the archive.
    await refusal(() => b.handlers['archive.export']({ meetingId: 'm', folder: picked, grant: g.grant })).rejects.toThrow('作为同步文件夹选择的，不能用作归档文件夹')
    // A grant the page made up (or one from before a restart).
    await refusal(() => b.handlers['packages.import']({ meetingId: 'm', source: { kind: 'path', path: '/etc/passwd', grant: 'forged-grant-0123456789' } })).rejects.toThrow(
      '这次选择已失效'
    )
    expect((await b.handlers['sync.status']({})).target).toBeNull()
    // The real one works; re-saving the folder now configured needs no new pick.
    expect((await b.handlers['sync.configure']({ kind: 'folder', folder: picked, grant: g.grant, meetingId: '' })).target).toMatchObject({ folder: picked })
    expect((await b.handlers['sync.configure']({ kind: 'folder', folder: picked, meetingId: '' })).target).toMatchObject({ folder: picked })
    // A cancelled dialog grants nothing.
    expect(await b.handlers['files.pick']({ purpose: 'export-folder' })).toBeNull()
    await b.handlers['sync.configure']({ kind: 'none' })
  })

  it('the default export folder in the data folder needs no grant, a folder beside it does', async () => {
    const { b } = await desktopBackend([])
    const m = seedSignedMeeting(b.db(), { projects: 1, experts: 3 })
    const list = await b.handlers['documents.list']({ meetingId: m.meetingId })
    const job = await b.handlers['documents.export']({ meetingId: m.meetingId, scope: { kind: 'meeting' }, folder: list.defaultFolder })
    expect((await exportFinished(b, job)).status).toBe('done')
    await refusal(() => b.handlers['documents.export']({ meetingId: m.meetingId, scope: { kind: 'meeting' }, folder: path.join(b.paths.dataDir, '导出文档', '..', 'backups') })
    ).rejects.toThrow('桌面版只接受在对话框中选择的导出文件夹')
  })

  it('the browser version has no dialog and says so; the grant list stays bounded', async () => {
    const web = await testBackend({ seedDemo: false })
    expect(await web.handlers['files.mode']({})).toEqual({ dialogs: false })
    await refusal(() => web.handlers['files.pick']({ purpose: 'sync-folder' })).rejects.toThrow('浏览器版没有选择文件夹的对话框')

    const list = new GrantList(async () => null)
    const first = list.add('/srv/first', 'export-folder')
    for (let i = 0; i < MAX_GRANTS; i++) list.add(`/srv/f${i}`, 'export-folder')
    expect(() => list.authorize({ path: '/srv/first', grant: first }, 'export-folder')).toThrow('这次选择已失效')
  })
})
