/**
 * The 评分图's two renderers (issue 10, speed; chartImage.ts, chartText.ts): renderer 1 stays the old PNG to the
 * byte (documents written before still verify), renderer 2 lays the words out once per process and its PNG does not
 * depend on which charts were laid out with it; documents name their renderer and verify with it.
 */
import { inflateSync } from 'node:zlib'
import { renderAsync } from '@resvg/resvg-js'
import { unzipSync, zipSync } from 'fflate'
import { nineExpertScoreSummary } from '../../../tests/kits/documents/scoreSummary'
import { describe, expect, it } from 'vitest'
import type { MergedRow, ProjectMerge } from '../../../shared/domain/merge'
import { scoreChartSvg } from '../services/charts'
import { CHART_RENDERER, CHART_SIZE, clearChartMemo, PNG_SCALE, stableSvg, svgsToPngs, svgToPng } from './chartImage'
import { chartTextStats, chartWithOutlines, learnChartTexts } from './chartText'
import { readEmbedded } from './embed'
import { encodePng } from './png'
import { verifyDocx } from './verify'

/** A chart's data: these experts' scores (seeded by `seed`) on these dimensions. */
function merge(experts: string[], dims: [string, number][], seed: number): ProjectMerge {
  const row = (id: string, name: string, points: number, k: number): MergedRow => {
    const scores = experts.map((e, i) => ({ expertId: `e${i}`, name: e, score: Math.round(((seed * 7 + i * 13 + k * 5) % 97) * points) / 100, deviation: 0, flagged: false }))
    const merged = Math.round((scores.reduce((n, s) => n + s.score, 0) / scores.length) * 100) / 100
    return { id, name, points, merged, median: merged, min: 0, max: points, threshold: points, scores }
  }
  const dimensions = dims.map(([n, p], k) => row(`d${k}`, n, p, k))
  return { method: 'mean', experts: experts.length, dimensions, total: row('total', '总分', 100, 9), suggestedConclusion: 'pass', conclusions: { pass: 0, revise: 0, reject: 0 }, flagCount: 0 }
}
const chart = (m: ProjectMerge): string => stableSvg(scoreChartSvg('', m, { ...CHART_SIZE }))

const DIMS: [string, number][] = [['技术方案', 30], ['安全方案', 20], ['标准规范', 10], ['数据开发利用', 15], ['投资概算', 25]]
/** Different expert names (CJK, Latin, digits, long), long dimension labels, different scores. */
const VARIED = [
  chart(merge(['林志远', '陈雅琴', '黄建明', '吴晓东', '郑丽华', '王海涛', '刘思敏', '张国栋', '赵慧芳'], DIMS, 1)),
  chart(merge(['欧阳明轩', 'Anna Li', '张3', '司马相如'], DIMS, 2)),
  chart(merge(['李四', '王五', '赵六'], [['系统架构与关键技术路线的合理性及可行性', 40], ['网络安全等级保护2.0落实情况', 35], ['概算（万元）', 25]], 3)),
  chart(merge(['周一', '钱二'], [['A', 50], ['B2', 50]], 4))
]

/** The PNG as it was made before renderers were named: resvg with the system's fonts, our encoder. */
async function oldPng(svg: string): Promise<Uint8Array> {
  const image = await renderAsync(svg, { fitTo: { mode: 'zoom', value: PNG_SCALE }, background: '#ffffff', font: { loadSystemFonts: true }, logLevel: 'off' })
  const px = image.pixels
  return encodePng(image.width, image.height, new Uint8Array(px.buffer, px.byteOffset, px.byteLength))
}

/** The RGBA pixels of one of our PNGs (one IDAT, Up filter). */
function pixels(png: Uint8Array): Uint8Array {
  const v = Buffer.from(png)
  const w = v.readUInt32BE(16)
  const raw = inflateSync(v.subarray(41, 41 + v.readUInt32BE(33)))
  const out = new Uint8Array(raw.length - raw.length / (w * 4 + 1))
  for (let y = 0, o = 0; o < raw.length; y++, o += w * 4 + 1) {
    for (let i = 0; i < w * 4; i++) out[y * w * 4 + i] = (raw[o + 1 + i]! + (y > 0 ? out[(y - 1) * w * 4 + i]! : 0)) & 0xff
  }
  return out
}

describe('the 评分图 renderers', () => {
  it('renderer 1 is the old PNG to the byte, alone and in a batch; renderer 2 is a picture of its own', async () => {
    expect(new Set(VARIED).size).toBe(VARIED.length)
    clearChartMemo()
    const batch1 = await svgsToPngs(VARIED, PNG_SCALE, 1)
    const batch2 = await svgsToPngs(VARIED, PNG_SCALE, 2)
    for (let i = 0; i < VARIED.length; i++) {
      const old = await oldPng(VARIED[i]!)
      expect(Buffer.from(batch1[i]!).equals(Buffer.from(old)), `chart ${i + 1}, renderer 1`).toBe(true)
      if (i === 0) {
        clearChartMemo()
        expect(Buffer.from(await svgToPng(VARIED[i]!, PNG_SCALE, 1)).equals(Buffer.from(old)), 'chart 1 alone').toBe(true)
      }
      // Renderer 2 is not renderer 1's picture: its words are set in the first installed face of the list (renderer
      // 1 set figures in resvg's default serif face), so documents name their renderer.
      expect(pixels(batch2[i]!).length).toBe(pixels(old).length)
      expect(Buffer.from(batch2[i]!).equals(Buffer.from(old)), `chart ${i + 1}, renderer 2`).toBe(false)
    }
    expect(CHART_RENDERER).toBe(3)
  }, 180_000)

  it('renderer 2: a chart laid out alone, cold, is the same PNG as laid out with all the others first', async () => {
    clearChartMemo()
    learnChartTexts(VARIED, { font: { loadSystemFonts: true }, logLevel: 'off' })
    const gathered = chartTextStats()
    expect(gathered.unusable).toBe(0)
    const together = await svgsToPngs(VARIED, PNG_SCALE, 2)
    for (let i = 0; i < VARIED.length; i++) {
      clearChartMemo()
      expect(chartWithOutlines(VARIED[i]!), 'not gathered: no outlines yet').toBeNull()
      const alone = await svgToPng(VARIED[i]!, PNG_SCALE, 2)
      expect(Buffer.from(alone).equals(Buffer.from(together[i]!)), `chart ${i + 1}`).toBe(true)
      // The chart is drawn from outlines (no words left for the fonts), and they were laid out for it alone.
      expect(chartWithOutlines(VARIED[i]!)).not.toMatch(/<text\b/)
      expect(chartTextStats().known).toBeLessThan(gathered.known)
    }
  })

  it('renderer 2 keeps the system fonts for words it cannot take as outlines (a span, a class, a styled group)', async () => {
    const base = VARIED[1]!
    const odd = [
      base.replace(/(<text\b[^>]*>)([^<]*)(<\/text>)/, '$1<tspan>$2</tspan>$3'),
      base.replace(/<text\b/, '<text class="x"'),
      base.replace('<g clip-path=', '<g fill="#ff0000" clip-path=')
    ]
    clearChartMemo()
    for (const svg of odd) {
      expect(chartWithOutlines(svg)).toBeNull()
      expect(Buffer.from(await svgToPng(svg, PNG_SCALE, 2)).equals(Buffer.from(await oldPng(svg)))).toBe(true)
    }
  })

  it('a 评分汇总表 drawn by renderer 2 names it and verifies; without the name it is not what renderer 1 draws (已篡改)', async () => {
    // Nine experts: a chart whose two renderings differ (some charts come out the same under both).
    const bytes = await nineExpertScoreSummary('renderer', 2)
    const files = unzipSync(bytes)
    const png = readEmbedded(files)!.images.find((i) => i.key === 'chart.png')!
    expect(png.renderer).toBe('2')
    const svg = new TextDecoder().decode(Object.entries(files).find(([f]) => f.endsWith('.svg'))![1])
    expect(Buffer.from(await svgToPng(svg, PNG_SCALE, 1)).equals(Buffer.from(await svgToPng(svg, PNG_SCALE, 2)))).toBe(false)
    expect((await verifyDocx(bytes)).status).toBe('身份未确认')
    const xml = new TextDecoder().decode(files['customXml/item1.xml'])
    expect(xml).toContain(' renderer="2"')
    files['customXml/item1.xml'] = new TextEncoder().encode(xml.replace(' renderer="2"', ''))
    // Unnamed, the chart must be renderer 1's layout (its paged legend), which the document's SVG is not.
    const r = await verifyDocx(zipSync(files))
    expect(r.status).toBe('已篡改')
    expect(r.mismatches.some((m) => !m.chartOnly)).toBe(true)
  })
})
