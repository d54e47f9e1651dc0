/**
 * Documents written before the embedded part was slimmed down (issue 10, speed: no figure list, no body digest,
 * no repeated panel opinion, leaner table XML) still verify: the fixtures in tests/fixtures/documents were written
 * by the documents/2 generator as it was, for three experts and twelve budget lines (tests/kits/documents).
 */
import fs from 'node:fs'
import path from 'node:path'
import { unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { makeFixture } from '../../../tests/kits/documents/testData'
import { editFigure, part } from '../../../tests/kits/documents/testUtil'
import { readEmbedded } from './embed'
import { restoreDocx, verifyDocx } from './verify'

const dir = path.resolve(__dirname, '../../../tests/fixtures/documents')
const read = (name: string): Uint8Array => new Uint8Array(fs.readFileSync(path.join(dir, `documents2-${name}.docx`)))
const registeredFingerprints = makeFixture({ experts: 3 }).registeredFingerprints

describe('documents written before issue 10’s leaner format', () => {
  it.each(['expert', 'panel', 'summary', 'budget'])('%s: still 有效, its old figure list read and not needed', async (name) => {
    const bytes = read(name)
    expect(part(bytes, 'customXml/item1.xml')).toContain('<pd:figure ')
    const r = await verifyDocx(bytes, { registeredFingerprints })
    expect(r.status, r.reason).toBe('有效')
    // 恢复签名原文 of an old document is a document of today's format with what a reader sees unchanged.
    const restored = await restoreDocx(bytes)
    expect(readEmbedded(unzipSync(restored))!.figures).toEqual([])
    expect((await verifyDocx(restored, { registeredFingerprints })).status).toBe('有效')
  })

  it('an old document with a changed figure is 已篡改, the figure named', async () => {
    const edited = await editFigure(read('budget'), 'budget.approved', '9,999.00')
    const r = await verifyDocx(edited, { registeredFingerprints })
    expect(r.status).toBe('已篡改')
    expect(r.mismatches.some((m) => m.found === '9,999.00' && m.what.length > 0)).toBe(true)
  })
})
