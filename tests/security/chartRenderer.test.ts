/**
 * Attacks on the 评分图 renderer a document names (chartImage.ts: `renderer` on its chart.png entry, not signed).
 * The name only chooses which of two drawings of the signed data the PNG must be, so editing it can never make
 * another picture pass: a renamed old document, a new document with the name removed, and a new document whose
 * PNG is replaced by the other renderer's drawing under the new name are all short of 有效 (a document whose PNG
 * and name both say renderer 1 is what renderer 1 draws from the signed data: a true picture, and it verifies).
 */
import fs from 'node:fs'
import path from 'node:path'
import { unzipSync, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { closeDb, openDb } from '../../electron/main/db/connection'
import { migrate } from '../../electron/main/db/migrator'
import { PNG_SCALE, svgToPng } from '../../electron/main/documents/chartImage'
import { readEmbedded } from '../../electron/main/documents/embed'
import { readDocxView } from '../../electron/main/documents/docxRead'
import { verifyDocx } from '../../electron/main/documents/verify'
import { buildFromInput } from '../../electron/main/documents/buildInput'
import { buildDocument, documentJob } from '../../electron/main/services/documentBuild'
import { gatherProjects } from '../../electron/main/services/documents'
import { tempDir } from '../helpers/tmp'
import { makeFixture } from '../kits/documents/testData'
import { seedSignedMeeting } from '../kits/documents/testDb'

const EMBED = 'customXml/item1.xml'
const dec = new TextDecoder()
const enc = new TextEncoder()

/** The document with its embedded part edited by `edit`. */
function withEmbed(bytes: Uint8Array, edit: (xml: string) => string): Uint8Array {
  const files = unzipSync(bytes)
  files[EMBED] = enc.encode(edit(dec.decode(files[EMBED])))
  return zipSync(files)
}

describe('the 评分图 renderer name', () => {
  it('a document drawn by renderer 1 (unnamed, as before renderer 2) renamed to renderer 2 is not 有效', async () => {
    // Written today with renderer 1: the same document as one written before renderer 2 existed.
    const db = openDb(path.join(tempDir('renderer-old'), 'db.sqlite'))
    await migrate(db)
    const seeded = seedSignedMeeting(db, { projects: 1, experts: 9, budgetLines: 5 })
    const job = documentJob(gatherProjects(db, seeded.meetingId)[0]!, 'score-summary')
    closeDb(db)
    if (job.kind === 'expert-opinion') throw new Error('a panel document was asked for')
    const bytes = await buildFromInput({ ...job, input: { ...job.input, chartRenderer: 1 } })
    expect(readEmbedded(unzipSync(bytes))!.images.find((i) => i.key === 'chart.png')!.renderer).toBeUndefined()
    expect((await verifyDocx(bytes)).status).toBe('身份未确认')
    const renamed = withEmbed(bytes, (xml) => xml.replace(/(<pd:image [^>]*key="chart\.png"[^>]*?)(\/?>)/, '$1 renderer="2"$2'))
    expect(readEmbedded(unzipSync(renamed))!.images.find((i) => i.key === 'chart.png')!.renderer).toBe('2')
    // Renderer 2 prints its legend in rows: the regenerated SVG is not the document's, so the change shows.
    const r = await verifyDocx(renamed)
    expect(r.status).toBe('已篡改')
  })

  it('the fixture written before renderer 2 still verifies; renamed, it is not 有效', async () => {
    const bytes = new Uint8Array(fs.readFileSync(path.resolve(__dirname, '../fixtures/documents/documents2-summary.docx')))
    const registeredFingerprints = makeFixture({ experts: 3 }).registeredFingerprints
    expect((await verifyDocx(bytes, { registeredFingerprints })).status).toBe('有效')
    const files = unzipSync(bytes)
    const svg = readEmbedded(files)!.images.find((i) => i.key === 'chart.svg')!
    const svgText = dec.decode(readDocxView(files).drawings.get(svg.anchor)!)
    expect(svgText).toContain('<svg')
    // Renamed, the chart must be renderer 2's printed layout and drawing, which this one is not.
    const renamed = withEmbed(bytes, (xml) => xml.replace(/(<pd:image [^>]*key="chart\.png"[^>]*?)(\/?>)/, '$1 renderer="2"$2'))
    expect((await verifyDocx(renamed, { registeredFingerprints })).status).not.toBe('有效')
  })

  it('a new document with its PNG swapped for renderer 1’s drawing, named 2 or unnamed as the attacker likes', async () => {
    const db = openDb(path.join(tempDir('renderer-attack'), 'db.sqlite'))
    await migrate(db)
    const seeded = seedSignedMeeting(db, { projects: 1, experts: 9, budgetLines: 5 })
    const bytes = await buildDocument(gatherProjects(db, seeded.meetingId)[0]!, 'score-summary')
    closeDb(db)
    const files = unzipSync(bytes)
    const view = readDocxView(files)
    const png = readEmbedded(files)!.images.find((i) => i.key === 'chart.png')!
    const svg = readEmbedded(files)!.images.find((i) => i.key === 'chart.svg')!
    const pngPart = Object.keys(files).find((f) => f.startsWith('word/media/') && files[f] === view.drawings.get(png.anchor))!
    const svgText = dec.decode(view.drawings.get(svg.anchor)!)
    const other = await svgToPng(svgText, PNG_SCALE, 1)
    expect(Buffer.from(other).equals(Buffer.from(files[pngPart]!))).toBe(false)
    files[pngPart] = new Uint8Array(other)
    const swapped = zipSync(files)
    // Still named renderer 2: the picture is not renderer 2's.
    expect((await verifyDocx(swapped)).status).toBe('无法验证')
    // The name removed as well: renderer 1 lays the chart out differently (its paged legend), so the document's SVG
    // is not what the signed data gives under renderer 1 either.
    const unnamed = await verifyDocx(withEmbed(swapped, (xml) => xml.replace(' renderer="2"', '')))
    expect(unnamed.status, unnamed.reason).toBe('已篡改')
  })
})
