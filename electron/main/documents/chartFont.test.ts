/**
 * Chart renderer 3 (chartFont.ts): the 评分图's words drawn with the font shipped with the app alone. The file is
 * pinned by its SHA-256 (another file is refused in Chinese), every character it claims is really drawn, and a new
 * 评分汇总表 names renderer 3 and verifies.
 */
import fs from 'node:fs'
import path from 'node:path'
import { Resvg } from '@resvg/resvg-js'
import { unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { nineExpertScoreSummary } from '../../../tests/kits/documents/scoreSummary'
import { tempDir } from '../../../tests/helpers/tmp'
import { CHART_FONT, chartFont, chartFontOptions, loadChartFont } from './chartFont'
import { scoreChartSvg } from '../services/charts'
import { PRINT_CHART_FONTS } from '../../../shared/domain/scoreChart'
import type { ProjectMerge } from '../../../shared/domain/merge'
import { CHART_SIZE, clearChartMemo, newChartRenderer, PNG_SCALE, stableSvg, svgsToPngs, svgToPng } from './chartImage'
import { readEmbedded } from './embed'
import { verifyDocx } from './verify'

describe('the shipped chart font', () => {
  it('is the pinned file; a missing or different file is refused in Chinese', () => {
    const font = chartFont()
    expect(path.basename(font.path)).toBe(CHART_FONT.file)
    const dir = tempDir('chart-font')
    const other = path.join(dir, CHART_FONT.file)
    const bytes = fs.readFileSync(font.path)
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 1, bytes.length - 1)
    fs.writeFileSync(other, bytes)
    expect(() => loadChartFont(other)).toThrow(/评分图字体文件.*与本版本不符/)
    expect(() => loadChartFont(path.join(dir, 'missing.otf'))).toThrow(/找不到评分图字体文件/)
  })

  it('draws every character it claims: ideographs across the basic block and Extension A, punctuation, Latin', () => {
    const font = chartFont()
    const sample: string[] = [...'０１２３（）：，。、—…·％℃①ⅡAgé林志远陈雅琴黄建明欧阳明轩赵慧芳䶮㛃']
    for (let c = 0x4e00; c <= 0x9fff; c += 53) sample.push(String.fromCodePoint(c))
    for (let c = 0x3400; c <= 0x4dbf; c += 97) sample.push(String.fromCodePoint(c))
    const claimed = sample.filter((ch) => font.covers(ch))
    // The whole basic block (U+4E00–9FEF at least) and Extension A are in the file.
    expect(sample.filter((ch) => /[\u4e00-\u9fef\u3400-\u4dbf]/.test(ch) && !font.covers(ch))).toEqual([])
    const svg =
      '<svg width="10" height="10" xmlns="http://www.w3.org/2000/svg">' +
      claimed.map((ch, i) => `<g id="c${i}"><text style="font-size:12px;font-family:'${font.family}'">${ch}</text></g>`).join('') +
      '</svg>'
    const out = new Resvg(svg, { font: chartFontOptions(font), logLevel: 'off' }).toString()
    // usvg keeps a group per text with the glyph outlines inside; a blank glyph leaves no path.
    const blank = claimed.filter((_, i) => !new RegExp(`<g id="c${i}">\\s*(<g>\\s*)*<path[^>]*\\sd="M`).test(out))
    expect(blank).toEqual([])
    expect(font.covers('𠀀')).toBe(false)
  })

  it('a new 评分汇总表 names renderer 3 and verifies; words the font lacks keep renderer 2', async () => {
    expect(newChartRenderer('{"name":"林志远 Anna"}')).toBe(3)
    expect(newChartRenderer('{"name":"𠀀"}')).toBe(2)
    const bytes = await nineExpertScoreSummary('renderer3')
    expect(readEmbedded(unzipSync(bytes))!.images.find((i) => i.key === 'chart.png')!.renderer).toBe('3')
    expect((await verifyDocx(bytes)).status).toBe('身份未确认')
  })
})

/** A renderer-3 chart of these experts (scores from `seed`). */
function chart3(experts: string[], seed: number): string {
  const dims: [string, number][] = [['技术方案', 30], ['安全方案', 20], ['投资概算', 50]]
  const row = (id: string, name: string, points: number, k: number) => {
    const scores = experts.map((e, i) => ({ expertId: `e${i}`, name: e, score: Math.round(((seed * 7 + i * 13 + k * 5) % 97) * points) / 100, deviation: 0, flagged: false }))
    const merged = Math.round((scores.reduce((n, x) => n + x.score, 0) / scores.length) * 100) / 100
    return { id, name, points, merged, median: merged, min: 0, max: points, threshold: points, scores }
  }
  const merge: ProjectMerge = { method: 'mean', experts: experts.length, dimensions: dims.map(([n, p], k) => row(`d${k}`, n, p, k)), total: row('total', '总分', 100, 9), suggestedConclusion: 'pass', conclusions: { pass: 0, revise: 0, reject: 0 }, flagCount: 0 }
  return stableSvg(scoreChartSvg('', merge, { ...CHART_SIZE }, { print: true, fontFamily: PRINT_CHART_FONTS }))
}

describe('renderer 3', () => {
  it('a chart drawn alone and cold is the same PNG as in a batch, words it cannot take as outlines included', async () => {
    const base = chart3(['欧阳明轩', 'Anna Li', '张3'], 2)
    const charts = [base, chart3(['林志远', '陈雅琴'], 5), base.replace(/(<text\b[^>]*>)([^<]*)(<\/text>)/, '$1<tspan>$2</tspan>$3')]
    clearChartMemo()
    const together = await svgsToPngs(charts, PNG_SCALE, 3)
    for (let i = 0; i < charts.length; i++) {
      clearChartMemo()
      expect(Buffer.from(await svgToPng(charts[i]!, PNG_SCALE, 3)).equals(Buffer.from(together[i]!)), `chart ${i + 1}`).toBe(true)
    }
  }, 120_000)
})
