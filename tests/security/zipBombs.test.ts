/**
 * Issue 10 item 5: every zip the app reads is bounded. Real bombs, made in the test: a 2 MB zip that inflates to
 * 2 GB (with honest and with lying sizes), a zip with 100,000 entries, and bombs nested in a proposal package as
 * its budget .xlsx or its .docx document. Each is refused quickly, with a Chinese message, without the memory
 * the bomb asks for.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { verifyDocx } from '../../electron/main/documents/verify'
import { zipFiles } from '../../electron/main/documents/zipWrite'
import { DEFAULT_PACKAGE_LIMITS } from '../../electron/main/packages/limits'
import { readPackage } from '../../electron/main/packages/readPackage'
import { readSheetFile } from '../../electron/main/packages/sheets'
import { PACKAGES_DIR } from '../kits/packages/paths'
import { unzipSafely } from '../../electron/main/packages/zip'
import { verifyArchive } from '../../electron/main/services/archive'
import { docxBomb, manyEntriesZip, rssGrowth } from './zipBombKit'

const GB_BOMB_MB = 2048
const MAX_GROWTH_MB = 300
const CLEAN = path.join(PACKAGES_DIR, 'clean-sanming-12345-hotline.pdpkg')
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'paneldesk-bombs-'))
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

const honest = docxBomb(GB_BOMB_MB, false)
const lying = docxBomb(GB_BOMB_MB, true)

describe('the bombs are what they claim', () => {
  it('a 2 MB docx whose document.xml inflates to 2 GB', () => {
    expect(honest.length).toBeLessThan(4 * 1024 * 1024)
    expect(lying.length).toBe(honest.length)
  })
})

describe('verify of a .docx', () => {
  for (const [name, bomb, words] of [
    ['declared sizes (refused from the central directory)', honest, '压缩炸弹'],
    ['lying sizes (refused while inflating)', lying, '无法解压']
  ] as const) {
    it(`refuses a 2 GB bomb with ${name}`, async () => {
      const { result, growthMb, ms } = await rssGrowth(() => verifyDocx(bomb))
      expect(result.status).toBe('无法验证')
      expect(result.reason).toContain(words)
      expect(growthMb).toBeLessThan(MAX_GROWTH_MB)
      expect(ms).toBeLessThan(5000)
    })
  }

  it('refuses a zip with 100,000 entries', async () => {
    const many = manyEntriesZip(100_000)
    const { result, growthMb } = await rssGrowth(() => verifyDocx(many))
    expect(result.status).toBe('无法验证')
    expect(result.reason).toMatch(/条目，超过上限 1000 个/)
    expect(growthMb).toBeLessThan(MAX_GROWTH_MB)
  })

  it('refuses an entry whose ratio is a bomb even when small in total', async () => {
    const r = await verifyDocx(docxBomb(64, false))
    expect(r.status).toBe('无法验证')
    expect(r.reason).toMatch(/压缩比为 \d+ : 1，超过 200 : 1 的上限/)
  })
})

describe('archive verify', () => {
  it('refuses a 2 GB bomb and a zip with 100,000 entries', async () => {
    for (const bomb of [honest, lying, manyEntriesZip(100_000)]) {
      const { result, growthMb, ms } = await rssGrowth(() => verifyArchive(bomb))
      expect(result.status).toBe('无法验证')
      expect(result.reason).toMatch(/^不是可读取的归档文件：“归档文件”/)
      expect(growthMb).toBeLessThan(MAX_GROWTH_MB)
      expect(ms).toBeLessThan(5000)
    }
  })
})

describe('Office files nested in a proposal package', () => {
  const clean = unzipSafely(new Uint8Array(fs.readFileSync(CLEAN)), 'clean', DEFAULT_PACKAGE_LIMITS)
  const packageWith = (name: string, replace: Record<string, Uint8Array>, manifestPatch?: (m: Record<string, unknown>) => void): string => {
    const files = new Map(clean)
    for (const [p, b] of Object.entries(replace)) files.set(p, b)
    if (manifestPatch) {
      const m = JSON.parse(new TextDecoder().decode(files.get('manifest.json'))) as Record<string, unknown>
      manifestPatch(m)
      files.set('manifest.json', new TextEncoder().encode(JSON.stringify(m)))
    }
    const file = path.join(tmp, name)
    // Stored: deflating the bombs again would make the package itself a bomb (refused before any nesting).
    fs.writeFileSync(file, zipFiles(Object.fromEntries(files), { store: true }))
    return file
  }

  // The package's PDF is read on this thread here: RSS is the whole process's, and a PDF worker thread (its own
  // V8 heap, tsx's loader and pdf.js, ≈ 100 MB when run from source) would be counted as if the bomb had grown it.
  const readPackageHere = (file: string) => readPackage(file, { pdfThread: { entry: null } })

  it('refuses a budget .xlsx that is a bomb, naming the file', async () => {
    for (const [i, bomb] of [honest, lying].entries()) {
      const file = packageWith(`xlsx-${i}.pdpkg`, { 'budget.xlsx': bomb })
      const { result, growthMb } = await rssGrowth(() => readPackageHere(file).then(() => null, (e: unknown) => e))
      expect(result).toMatchObject({ code: i === 0 ? 'archive-too-large' : 'sheet-corrupt', file: 'budget.xlsx' })
      expect((result as Error).message).toMatch(i === 0 ? /“budget\.xlsx”中的“word\/document\.xml”解压后有 2\.0 GB，超过单个文件 128\.0 MB 的上限/ : /“budget\.xlsx”不是有效的 Excel/)
      expect(growthMb).toBeLessThan(MAX_GROWTH_MB)
    }
  })

  it('refuses a .docx document that is a bomb', async () => {
    const file = packageWith('docx.pdpkg', { 'docs/附件.docx': honest }, (m) => {
      ;(m.documents as unknown[]).push({ path: 'docs/附件.docx', title: '附件', role: 'attachment' })
    })
    const { result, growthMb } = await rssGrowth(() => readPackageHere(file).then(() => null, (e: unknown) => e))
    expect(result).toMatchObject({ code: 'archive-too-large', file: 'docs/附件.docx' })
    expect((result as Error).message).toContain('“docs/附件.docx”中的“word/document.xml”解压后有 2.0 GB，超过单个文件 128.0 MB 的上限，可能是压缩炸弹，已拒绝。')
    expect(growthMb).toBeLessThan(MAX_GROWTH_MB)
  })

  it('refuses a roster .xlsx with 100,000 entries', async () => {
    const r = await readSheetFile('专家名单.xlsx', manyEntriesZip(100_000), 2000).then(() => null, (e: unknown) => e)
    expect(r).toMatchObject({ code: 'archive-too-many-entries' })
    expect((r as Error).message).toMatch(/“专家名单\.xlsx”包含 \d+ 个条目，超过上限 5000 个/)
  })
})
