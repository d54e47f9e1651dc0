/**
 * Attacks on the .xls and .doc readers (issue 14 item 9): a file that only claims to be Excel/Word 97-2003 — HTML or
 * CSV renamed .xls, a truncated or bit-flipped OLE2 container, a .doc handed over as a budget, an .xls as a main
 * document — gives a Chinese PackageError naming the file, never a crash, a hang or another format's parser.
 */
import { readFile } from 'node:fs/promises'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { extractDocText } from '../../electron/main/packages/docText'
import { PackageError } from '../../electron/main/packages/errors'
import { readSheetFile } from '../../electron/main/packages/sheets'
import { DOC_FIXTURE, writeXls } from '../kits/packages/office'

const XLS = writeXls([
  { name: '概算明细表', rows: [['序号', '工程或费用名称', '金额（万元）'], [1, '应用软件开发', 100], ['合计', null, 100]], merges: ['B3:B3'] }
])
const DOC = new Uint8Array(await readFile(DOC_FIXTURE))

/** Resolves to the outcome: 'ok' or the PackageError; anything else thrown fails the test. */
async function outcome(read: () => Promise<unknown>): Promise<'ok' | PackageError> {
  try {
    await read()
    return 'ok'
  } catch (error) {
    expect(error).toBeInstanceOf(PackageError)
    const e = error as PackageError
    expect(e.message).toMatch(/[\u4e00-\u9fa5]/)
    return e
  }
}

/** A copy whose FAT (or mini FAT) makes two sectors point at each other: a chain that never ends. */
function withLoop(bytes: Uint8Array, table: 'fat' | 'mini'): Uint8Array {
  const copy = new Uint8Array(bytes)
  const view = new DataView(copy.buffer)
  const size = 1 << view.getUint16(30, true)
  const sector = table === 'fat' ? view.getInt32(76, true) : view.getInt32(60, true)
  const at = (i: number) => (sector + 1) * size + 4 * i
  const [a, b] = table === 'fat' ? [view.getInt32(48, true), view.getInt32(48, true) === 0 ? 1 : 0] : [0, 1]
  view.setInt32(at(a), b, true)
  view.setInt32(at(b), a, true)
  return copy
}

const readXlsFile = (bytes: Uint8Array, name = '概算.xls') => outcome(() => readSheetFile(name, bytes, 10_000))
const readDocFile = (bytes: Uint8Array, name = '可研.doc') => outcome(() => extractDocText(bytes, name))

describe('old office files that are not what they claim', () => {
  it('refuses HTML, CSV and SYLK saved with an .xls name before SheetJS sees them', async () => {
    for (const text of ['<html><table><tr><td>1</td></tr></table></html>', '序号,金额\n1,100\n', 'ID;PWXL;N;E\nC;X1;Y1;K"a"\nE\n']) {
      const result = await readXlsFile(new TextEncoder().encode(text))
      expect(result).toMatchObject({ code: 'file-type-mismatch', message: expect.stringContaining('概算.xls') })
    }
  })

  it('refuses a .docx or .xlsx renamed .doc/.xls (a ZIP is not handed to the OLE readers)', async () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new Array<number>(60).fill(0)])
    expect(await readXlsFile(zip)).toMatchObject({ code: 'file-type-mismatch' })
    expect(await extractDocText(zip, '可研.doc').catch((e: unknown) => e)).toMatchObject({ code: 'docx-corrupt' })
  })

  it('refuses a Word file given as a budget and an Excel file given as a main document', async () => {
    expect(await readXlsFile(DOC)).toMatchObject({ code: 'sheet-corrupt', message: expect.stringContaining('概算.xls') })
    expect(await readDocFile(XLS)).toMatchObject({ code: 'docx-corrupt', message: expect.stringContaining('可研.doc') })
  })

  it('refuses every truncation of a real .xls and .doc with a named error', async () => {
    for (const cut of [8, 100, 512, 513, 1024, 2048, 4096]) {
      const x = await readXlsFile(XLS.subarray(0, Math.min(cut, XLS.length - 1)))
      if (x !== 'ok') expect(x.message).toContain('概算.xls')
      const d = await readDocFile(DOC.subarray(0, Math.min(cut, DOC.length - 1)))
      if (d !== 'ok') expect(d.message).toContain('可研.doc')
    }
  })

  it('refuses a sector chain that loops, which made word-extractor grow an array until out of memory', async () => {
    for (const table of ['fat', 'mini'] as const) {
      expect(await readDocFile(withLoop(DOC, table))).toMatchObject({ code: 'docx-corrupt', message: expect.stringContaining('可研.doc') })
      expect(await readXlsFile(withLoop(XLS, table))).toMatchObject({ code: 'sheet-corrupt', message: expect.stringContaining('概算.xls') })
    }
  })

  it('survives random corruption of the container and the streams (no crash, no hang)', async () => {
    const flips = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 24 })
    const corrupt = (bytes: Uint8Array, changes: [number, number][], keepHeader: boolean) => {
      const copy = new Uint8Array(bytes)
      for (const [at, value] of changes) copy[(keepHeader ? 8 : 0) + (at % (copy.length - 8))] = value
      return copy
    }
    await fc.assert(
      fc.asyncProperty(flips, fc.boolean(), async (changes, keepHeader) => {
        await readXlsFile(corrupt(XLS, changes, keepHeader))
        await readDocFile(corrupt(DOC, changes, keepHeader))
      }),
      { numRuns: 150, seed: 14_9 }
    )
  }, 60_000)
})
