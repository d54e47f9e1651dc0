/**
 * Attacks on the paths the page hands the backend (issue 11: `/proc/1/nope` hung the backend for good; issue 15:
 * raw paths from the page). Through the real backend over its real HTTP adapter, on real files.
 */
import fs from 'node:fs'
import type http from 'node:http'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testBackend } from '../helpers/backend'
import { tempDir } from '../helpers/tmp'
import { createHttpAdapter, isLoopback } from '../../electron/main/web/httpAdapter'
import { checkUserPath, ensureFolder, MAX_PATH_CHARS } from '../../electron/main/paths/userPath'
import { fsProbe } from '../../electron/main/paths/fsProbe'
import { syncFolder } from '../../electron/main/sync/folder'
import { emptyReport } from '../../shared/sync/report'

const token = 'paths-test-token-0123456789'
let server: http.Server
let base = ''

beforeAll(async () => {
  // The file-system probe process is up before the first timed request (web/index.ts starts it with the backend).
  await fsProbe().ready()
  const b = await testBackend({ seedDemo: false })
  server = createHttpAdapter({ handlers: b.handlers, token, logError: () => {} })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
})
afterAll(async () => {
  fsProbe().close()
  await new Promise<void>((r) => server.close(() => r()))
})

interface Answer {
  status: number
  ms: number
  body: { ok: boolean; error?: { code: string; message: string } }
}

async function post(method: string, input: unknown): Promise<Answer> {
  const t0 = performance.now()
  const res = await fetch(`${base}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(input),
    signal: AbortSignal.timeout(10_000)
  })
  return { status: res.status, body: (await res.json()) as Answer['body'], ms: performance.now() - t0 }
}

const linux = process.platform === 'linux'

describe('paths typed into the browser version', () => {
  it.runIf(linux)('export to /proc/1/nope: a Chinese error at once, and the backend still answers', async () => {
    const r = await post('documents.export', { meetingId: 'm', scope: { kind: 'meeting' }, folder: '/proc/1/nope' })
    expect(r.status).toBe(400)
    expect(r.body.error?.code).toBe('invalid_input')
    expect(r.body.error?.message).toMatch(/^导出文件夹不可用：.*虚拟文件系统/)
    expect(r.ms).toBeLessThan(2000)
    const next = await post('app.info', {})
    expect(next.body.ok).toBe(true)
    expect(next.ms).toBeLessThan(2000)
  })

  it.runIf(linux)('archive, sync folder and package import refuse pseudo-filesystems and devices the same way', async () => {
    const archive = await post('archive.export', { meetingId: 'm', folder: '/sys/kernel/x' })
    expect(archive.body.error?.message).toMatch(/^归档文件夹不可用：/)
    const sync = await post('sync.configure', { kind: 'folder', folder: '/proc/self/fd' })
    expect(sync.body.error?.message).toMatch(/^同步文件夹不可用：/)
    // /dev/zero would be read for good; a path that only walks into /dev through `..` is caught too.
    const zero = await post('packages.import', { meetingId: 'm', source: { kind: 'path', path: '/tmp/../dev/zero' } })
    expect(zero.body.error?.message).toMatch(/^申报包不可用：.*\/dev/)
    expect(Math.max(archive.ms, sync.ms, zero.ms)).toBeLessThan(2000)
    expect((await post('sync.status', {})).body.ok).toBe(true)
  })

  it.runIf(linux)('a symlink that leads into /proc is refused by where it really goes', async () => {
    const dir = tempDir('paths-link')
    fs.symlinkSync('/proc/1', path.join(dir, 'innocent'))
    const r = await post('documents.export', { meetingId: 'm', scope: { kind: 'meeting' }, folder: path.join(dir, 'innocent', 'nope') })
    expect(r.body.error?.message).toMatch(/实际指向系统的虚拟文件系统/)
    expect(r.ms).toBeLessThan(2000)
  })

  it.runIf(linux)('a FIFO offered as a package is refused without opening it (opening would block)', async () => {
    const dir = tempDir('paths-fifo')
    const fifo = path.join(dir, 'pipe.pdpkg')
    const { execFileSync } = await import('node:child_process')
    execFileSync('mkfifo', [fifo])
    const r = await post('packages.import', { meetingId: 'm', source: { kind: 'path', path: fifo } })
    expect(r.body.error?.message).toBe('申报包不可用：“pipe.pdpkg”不是普通文件')
    expect(r.ms).toBeLessThan(2000)
  })

  it('a folder path through a file is refused with a reason, not created', async () => {
    const dir = tempDir('paths-file')
    fs.writeFileSync(path.join(dir, 'a-file'), 'x')
    const r = await post('documents.export', { meetingId: 'm', scope: { kind: 'meeting' }, folder: path.join(dir, 'a-file', 'sub') })
    expect(r.body.error?.code).toBe('invalid_input')
    expect(r.body.error?.message).toMatch(/^导出文件夹不可用：/)
  })
})

describe('a sync folder stored before the checks', () => {
  it.runIf(linux)('is checked again at every run: refused with a reason, nothing read or written there', async () => {
    const b = await testBackend({ seedDemo: false })
    const report = emptyReport('folder', '/proc/self', new Date().toISOString())
    syncFolder(b.db(), { folder: '/proc/self', meetingId: '', dataDir: b.paths.dataDir, schemaVersion: 1 }, report)
    expect(report.ok).toBe(false)
    expect(report.issues).toEqual([{ level: 'error', code: 'bad-folder', message: expect.stringMatching(/^同步文件夹不可用：.*虚拟文件系统/) }])
    expect(report.received + report.sent + report.blobsOut).toBe(0)
  })
})

describe('the path checks', () => {
  it('refuses NUL, relative, overlong and too deep paths, and Windows devices', () => {
    expect(() => checkUserPath('/tmp/a\u0000b', { label: '导出文件夹' })).toThrow('导出文件夹不可用：路径中含有无效字符')
    expect(() => checkUserPath('评审文档', { label: '导出文件夹' })).toThrow('完整的文件夹路径')
    expect(() => checkUserPath('/' + 'a'.repeat(MAX_PATH_CHARS), { label: '导出文件夹' })).toThrow('路径过长')
    expect(() => checkUserPath('/a'.repeat(70), { label: '导出文件夹' })).toThrow('层级过深')
    const win = { label: '同步文件夹', platform: 'win32' as const }
    expect(() => checkUserPath('\\\\.\\PhysicalDrive0', win)).toThrow('设备路径')
    expect(() => checkUserPath('\\\\?\\C:\\x', win)).toThrow('设备路径')
    expect(() => checkUserPath('D:\\评审\\CON', win)).toThrow('“CON”是 Windows 的设备名')
    expect(() => checkUserPath('D:\\评审\\nul.txt', win)).toThrow('设备名')
    expect(checkUserPath('D:\\评审\\..\\同步', win)).toBe('D:\\同步')
    expect(checkUserPath('\\\\server\\share\\同步', win)).toBe('\\\\server\\share\\同步')
    expect(checkUserPath('/run/media/u/USB/同步', { label: '同步文件夹', platform: 'linux' })).toBe('/run/media/u/USB/同步')
  })

  it('creates a missing folder level by level, and says which level is a file', async () => {
    const dir = tempDir('paths-mk')
    const deep = path.join(dir, '评审', '2026', '第四批')
    expect(await ensureFolder(deep, { label: '导出文件夹' })).toBe(deep)
    expect(fs.statSync(deep).isDirectory()).toBe(true)
    fs.writeFileSync(path.join(dir, 'f'), 'x')
    await expect(ensureFolder(path.join(dir, 'f'), { label: '导出文件夹' })).rejects.toThrow('是文件，不是文件夹')
  })

  it('the browser version answers loopback peers only', () => {
    expect(isLoopback('127.0.0.1')).toBe(true)
    expect(isLoopback('::ffff:127.0.0.1')).toBe(true)
    expect(isLoopback('::1')).toBe(true)
    expect(isLoopback('192.168.1.20')).toBe(false)
    expect(isLoopback('::ffff:10.0.0.1')).toBe(false)
    expect(isLoopback(undefined)).toBe(false)
  })
})
