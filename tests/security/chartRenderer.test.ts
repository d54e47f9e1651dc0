/**
 * Attacks on the 评分图 renderer a document names (chartImage.ts: `renderer` on its chart.png entry, not signed).
 * The name only chooses which of two layouts and drawings of the signed data the chart must be, so editing it can
 * never make another picture pass: a renamed old document, a new document with the name removed, and a new
 * document whose PNG is replaced by the other renderer's drawing under the new name are all short of 有效.
 */
import fs from 'node:fs'
import path from 'node:path'
import { unzipSync, zipSync } from 'fflate'
import { nineExpertScoreSummary } from '../kits/documents/scoreSummary'
import { describe, expect, it } from 'vitest'
import { PNG_SCALE, svgToPng } from '../../electron/main/documents/chartImage'
import { readEmbedded } from '../../electron/main/documents/embed'
import { readDocxView } from '../../electron/main/documents/docxRead'
import { verifyDocx } from '../../electron/main/documents/verify'
import { makeFixture } from '../kits/documents/testData'

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
    const bytes = await nineExpertScoreSummary('renderer-old', 1)
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
    // Renamed, the chart must be renderer 2's printed layout and drawing, which this one is not.
    const renamed = withEmbed(bytes, (xml) => xml.replace(/(<pd:image [^>]*key="chart\.png"[^>]*?)(\/?>)/, '$1 renderer="2"$2'))
    expect((await verifyDocx(renamed, { registeredFingerprints })).status).not.toBe('有效')
  })

  it('a new document with its PNG swapped for renderer 1’s drawing, named 2 or unnamed as the attacker likes', async () => {
    const bytes = await nineExpertScoreSummary('renderer-attack')
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
