/**
 * Attacks on the 评分图 renderer a document names (chartImage.ts: `renderer` on its chart.png entry, not signed).
 * The name only chooses which of two layouts and drawings of the signed data the chart must be, so editing it can
 * never make another picture pass: a renamed old document, a new document with the name removed, and a new
 * document whose PNG is replaced by the other renderer's drawing under the new name are all short of 有效. Renderer 3
 * (the shipped font alone) renamed to 2 or 1, and 2 or 1 renamed to 3, likewise; and a renderer-3 document verifies
 * in a process that sees no system font at all, where a renderer-2 one cannot.
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
import { runCli } from '../kits/cli/run'
import { tempDir } from '../helpers/tmp'

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

  it.each([2, 3] as const)('a renderer-%i document with its PNG swapped for renderer 1’s drawing, named as before or unnamed as the attacker likes', async (renderer) => {
    const bytes = await nineExpertScoreSummary(`renderer-attack-${renderer}`, renderer)
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
    // Still named renderer 2 (3): the picture is not that renderer's.
    expect((await verifyDocx(swapped)).status).toBe('无法验证')
    // The name removed as well: renderer 1 lays the chart out differently (its paged legend), so the document's SVG
    // is not what the signed data gives under renderer 1 either.
    const unnamed = await verifyDocx(withEmbed(swapped, (xml) => xml.replace(` renderer="${renderer}"`, '')))
    expect(unnamed.status, unnamed.reason).toBe('已篡改')
  })
})

/** The chart.png entry's renderer set to `to` (undefined: removed), whatever it was. */
function renamed(bytes: Uint8Array, to: string | undefined): Uint8Array {
  return withEmbed(bytes, (xml) =>
    xml.replace(/(<pd:image [^>]*key="chart\.png"[^>]*?)(\/?>)/, (_m, tag: string, end: string) => `${tag.replace(/ renderer="\d+"/, '')}${to === undefined ? '' : ` renderer="${to}"`}${end}`)
  )
}

describe('chart renderer 3 (the shipped font alone)', () => {
  it('a renderer-3 document renamed to 2 or 1 is not 有效, and 2 or 1 renamed to 3 is not 有效', async () => {
    const three = await nineExpertScoreSummary('renderer3-names')
    const two = await nineExpertScoreSummary('renderer2-names', 2)
    const one = await nineExpertScoreSummary('renderer1-names', 1)
    const rendererOf = (b: Uint8Array) => readEmbedded(unzipSync(b))!.images.find((i) => i.key === 'chart.png')!.renderer
    expect([rendererOf(three), rendererOf(two), rendererOf(one)]).toEqual(['3', '2', undefined])
    for (const b of [three, two, one]) expect((await verifyDocx(b)).status).toBe('身份未确认')
    for (const [label, bytes] of [
      ['3 → 2', renamed(three, '2')],
      ['3 → 1 (name removed)', renamed(three, undefined)],
      ['3 → 1 (named 1)', renamed(three, '1')],
      ['2 → 3', renamed(two, '3')],
      ['1 → 3', renamed(one, '3')]
    ] as const) {
      const r = await verifyDocx(bytes)
      // 身份未确认 is what an intact document gets without a trusted secretariat: it must not be reached either.
      expect(['已篡改', '无法验证'], `${label}: ${r.status} ${r.reason}`).toContain(r.status)
    }
  }, 300_000)

  it('verifies with no system font at all (fontconfig pointed at an empty folder); renderer 2 cannot', async () => {
    const dir = tempDir('no-fonts')
    fs.mkdirSync(path.join(dir, 'empty'))
    const conf = path.join(dir, 'fonts.conf')
    fs.writeFileSync(conf, `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig><dir>${path.join(dir, 'empty')}</dir><cachedir>${path.join(dir, 'cache')}</cachedir></fontconfig>\n`)
    const env = { ...process.env, FONTCONFIG_FILE: conf, FONTCONFIG_PATH: dir, XDG_DATA_HOME: dir, HOME: dir }
    for (const [renderer, expected] of [[3, 0], [2, 2]] as const) {
      const bytes = await nineExpertScoreSummary(`no-fonts-${renderer}`, renderer)
      const file = path.join(dir, `r${renderer}.docx`)
      fs.writeFileSync(file, bytes)
      // Each signer anchored by its own key's fingerprint, so an intact document is 有效 (exit 0).
      const fps = readEmbedded(unzipSync(bytes))!.payloads.map((p) => `${p.payload.signer.id}=${p.payload.fingerprint}`)
      const args = ['verify', file, '--json', ...fps.flatMap((f) => ['--fingerprint', f])]
      const withFonts = runCli(args)
      expect(withFonts.code, withFonts.err).toBe(0)
      const bare = runCli(args, 300_000, env)
      const verdict = JSON.parse(bare.out) as { status: string; reason?: string }
      expect(bare.code, `renderer ${renderer}: ${bare.out} ${bare.err}`).toBe(expected)
      expect(verdict.status).toBe(renderer === 3 ? '有效' : '无法验证')
    }
  }, 600_000)
})
