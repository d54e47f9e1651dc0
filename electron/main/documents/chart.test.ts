/**
 * The score chart in the 评分汇总表 (issue 7): per project an SVG picture with a PNG fallback (the SVG rasterised
 * with the system's fonts), both hashes verified; and the PNG encoder of the signature images (png.ts).
 */
import path from 'node:path'
import { inflateSync } from 'node:zlib'
import { Resvg } from '@resvg/resvg-js'
import { unzipSync, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../tests/helpers/tmp'
import { closeDb, openDb } from '../db/connection'
import { migrate } from '../db/migrator'
import { gatherProjects } from '../services/documents'
import { buildDocument } from '../services/documentBuild'
import { CHART_SIZE, clearChartMemo, PNG_SCALE, svgsToPngs, svgToPng } from './chartImage'
import { readDocxView } from './docxRead'
import { readEmbedded } from './embed'
import { crc32, encodePng, pngInfo } from './png'
import { seedSignedMeeting } from '../../../tests/kits/documents/testDb'
import { verifyDocx } from './verify'

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

/** Pixels darker than light grey in a horizontal band of the SVG rasterised at 2× (fractions of the height). */
function inkInBand(svg: string, top: number, bottom: number): number {
  const img = new Resvg(svg, { fitTo: { mode: 'zoom', value: 2 }, background: '#ffffff', font: { loadSystemFonts: true } }).render()
  const { width, height, pixels } = img
  let ink = 0
  for (let y = Math.floor(top * height); y < Math.floor(bottom * height); y++) {
    for (let x = 0; x < width; x++) if (pixels[(y * width + x) * 4]! < 160) ink++
  }
  return ink
}

/** The SVG with the words of its <text> elements removed (shapes kept). */
const withoutText = (svg: string): string => svg.replace(/(<text\b[^>]*>)[^<]*(<\/text>)/g, '$1$2')
const dec = new TextDecoder()

/** Every chunk of a PNG, each CRC checked. */
function chunks(png: Uint8Array): { type: string; data: Uint8Array }[] {
  expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE)
  const v = new DataView(png.buffer, png.byteOffset, png.byteLength)
  const out: { type: string; data: Uint8Array }[] = []
  for (let o = 8; o < png.length; ) {
    const len = v.getUint32(o)
    const type = String.fromCharCode(...png.subarray(o + 4, o + 8))
    expect(v.getUint32(o + 8 + len), `CRC of ${type}`).toBe(crc32(png, o + 4, o + 8 + len))
    out.push({ type, data: png.subarray(o + 8, o + 8 + len) })
    o += 12 + len
  }
  return out
}

describe('PNG encoder', () => {
  it('writes IHDR, IDAT and IEND with valid CRCs, and the pixels come back (Up filter undone)', () => {
    const w = 7
    const h = 5
    const rgba = new Uint8Array(w * h * 4).map((_, i) => (i * 37 + (i >> 3)) & 0xff)
    const png = encodePng(w, h, rgba)
    const cs = chunks(png)
    expect(cs.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND'])
    expect(pngInfo(png)).toEqual({ width: w, height: h, colorType: 6 })
    const raw = inflateSync(cs[1]!.data)
    expect(raw.length).toBe(h * (w * 4 + 1))
    const back = new Uint8Array(w * h * 4)
    for (let y = 0; y < h; y++) {
      expect(raw[y * (w * 4 + 1)]).toBe(2)
      for (let i = 0; i < w * 4; i++) back[y * w * 4 + i] = (raw[y * (w * 4 + 1) + 1 + i]! + (y > 0 ? back[(y - 1) * w * 4 + i]! : 0)) & 0xff
    }
    expect(back).toEqual(rgba)
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926)
    expect(() => encodePng(2, 2, new Uint8Array(3))).toThrow()
  })
})

describe('the score chart in the 评分汇总表', () => {
  it('has, for each project, the chart as an SVG picture with a valid PNG fallback across the text width, and verifies', async () => {
    const db = openDb(path.join(tempDir('chart'), 'db.sqlite'))
    await migrate(db)
    const seeded = seedSignedMeeting(db, { projects: 3, experts: 5, budgetLines: 10 })
    const snaps = gatherProjects(db, seeded.meetingId)
    expect(snaps).toHaveLength(3)
    for (const s of snaps) {
      const bytes = await buildDocument(s, 'score-summary')
      const files = unzipSync(bytes)
      const view = readDocxView(files)
      const data = readEmbedded(files)!
      // Both images are recorded for verification: the PNG under the drawing's name, the SVG under name#svg.
      const png = data.images.find((i) => i.key === 'chart.png')!
      const svg = data.images.find((i) => i.key === 'chart.svg')!
      expect(svg.anchor).toBe(`${png.anchor}#svg`)
      const pngBytes = view.drawings.get(png.anchor)!
      const svgBytes = view.drawings.get(svg.anchor)!
      expect(pngBytes, 'PNG part').toBeTruthy()
      expect(svgBytes, 'SVG part').toBeTruthy()
      expect(pngInfo(pngBytes)).toEqual({ width: CHART_SIZE.width * PNG_SCALE, height: CHART_SIZE.height * PNG_SCALE, colorType: 6 })
      const types = chunks(pngBytes).map((c) => c.type)
      expect([types[0], types[types.length - 1]]).toEqual(['IHDR', 'IEND'])
      const svgText = dec.decode(svgBytes)
      expect(svgText.startsWith('<svg')).toBe(true)
      for (const n of s.rubric.dimensions.map((d) => d.name)) expect(svgText).toContain(n)
      // The picture: the blip is the PNG and its SVG extension the SVG, sized to the 156 mm text width.
      const doc = dec.decode(files['word/document.xml'])
      const drawing = new RegExp(`<wp:extent cx="(\\d+)" cy="(\\d+)"/>(?:(?!</w:drawing>)[\\s\\S])*?name="${png.anchor}"[\\s\\S]*?</w:drawing>`).exec(doc)!
      expect(drawing, 'the chart drawing').toBeTruthy()
      expect(drawing[0]).toMatch(/<a:blip r:embed="[^"]+"[\s\S]*<asvg:svgBlip [^>]*r:embed="[^"]+"/)
      expect(Math.abs(Number(drawing[1]) / 36000 - 156)).toBeLessThan(1)
      expect(Number(drawing[2]) / Number(drawing[1])).toBeCloseTo(CHART_SIZE.height / CHART_SIZE.width, 2)
      expect(dec.decode(files['[Content_Types].xml'])).toMatch(/Extension="svg"/)
      expect(view.paragraphs.join('\n')).toContain('图：各维度评分。')
      // The fallback is the SVG rasterised: the same picture, words included (not only the dots and the numbers).
      expect(await svgToPng(svgText, PNG_SCALE)).toEqual(pngBytes)
      // The dimension names under the axis are drawn (a Chinese font was found): far more ink than without words.
      expect(inkInBand(svgText, 0.82, 0.9)).toBeGreaterThan(inkInBand(withoutText(svgText), 0.82, 0.9) + 2000)
      const r = await verifyDocx(bytes, { registeredFingerprints: Object.fromEntries(seeded.experts.map((e) => [e.id, e.fingerprint])) })
      expect(r.status, r.reason).toBe('有效')
    }
    closeDb(db)
  })

  it('a swapped chart SVG is 已篡改; a swapped PNG fallback is never 有效 (无法验证: it may be the fonts)', async () => {
    const db = openDb(path.join(tempDir('chart2'), 'db.sqlite'))
    await migrate(db)
    const seeded = seedSignedMeeting(db, { projects: 1, experts: 3, budgetLines: 5 })
    const s = gatherProjects(db, seeded.meetingId)[0]!
    const bytes = await buildDocument(s, 'score-summary')
    const media = Object.keys(unzipSync(bytes)).filter((f) => f.startsWith('word/media/'))
    for (const ext of ['svg', 'png'] as const) {
      const files = unzipSync(bytes)
      const view = readDocxView(files)
      const data = readEmbedded(files)!
      const img = data.images.find((i) => i.key === `chart.${ext}`)!
      const target = media.find((m) => view.drawings.get(img.anchor) === files[m])!
      expect(target, `${ext} part`).toBeTruthy()
      files[target] = ext === 'svg' ? new TextEncoder().encode(dec.decode(files[target]).replace(/>\d+(\.\d+)?</, '>99<')) : encodePng(1, 1, new Uint8Array(4))
      const r = await verifyDocx(zipSync(files))
      expect(r.status).toBe(ext === 'svg' ? '已篡改' : '无法验证')
      expect(r.mismatches.some((m) => m.what.startsWith('「评分图」'))).toBe(true)
    }
    closeDb(db)
  })

  it('charts rasterised together (one font database for the batch) are the same PNGs as each rasterised alone', async () => {
    const db = openDb(path.join(tempDir('chart3'), 'db.sqlite'))
    await migrate(db)
    const seeded = seedSignedMeeting(db, { projects: 3, experts: 5, budgetLines: 5 })
    const svgs: string[] = []
    for (const s of gatherProjects(db, seeded.meetingId)) {
      const files = unzipSync(await buildDocument(s, 'score-summary'))
      const svgPart = Object.keys(files).find((f) => f.endsWith('.svg'))!
      svgs.push(dec.decode(files[svgPart]))
    }
    closeDb(db)
    clearChartMemo()
    const together = await svgsToPngs(svgs, PNG_SCALE)
    clearChartMemo()
    const alone = []
    for (const svg of svgs) alone.push(await svgToPng(svg, PNG_SCALE))
    expect(new Set(svgs).size).toBe(3)
    for (let i = 0; i < svgs.length; i++) expect(Buffer.from(together[i]!).equals(Buffer.from(alone[i]!)), `chart ${i + 1}`).toBe(true)
    // A later call for the same picture is served from memory: the very same bytes.
    expect(await svgToPng(svgs[0]!, PNG_SCALE)).toBe(alone[0])
  })
})
