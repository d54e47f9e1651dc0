/**
 * The 评分图 as printed by renderer 2 (chartImage.ts, chartText.ts): every expert's legend entry on the page (rows,
 * never ECharts' paging arrows, which hid experts 10 and 11 behind "1/2"), and figures in the same installed face
 * as the Chinese words (usvg takes only the first family of a list: with 'Microsoft YaHei' missing, figures were set
 * in its default serif face).
 */
import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import type { ProjectMerge } from '../../../shared/domain/merge'
import { legendRows, SCORE_CHART_FONTS } from '../../../shared/domain/scoreChart'
import { scoreChartSvg } from '../services/charts'
import { CHART_SIZE, stableSvg } from './chartImage'
import { installedFamilyFirst } from './chartText'

const NAMES = ['欧阳建国（高级工程师）', '司马晓东', '诸葛明亮', '上官婉儿', '皇甫嵩山', '林海峰', '王建国', '陈晓', '李明', 'Zhang Wei', '刘洋']

function merge(names: string[]): ProjectMerge {
  const row = (id: string, name: string, points: number) => {
    const scores = names.map((n, i) => ({ expertId: `e${i}`, name: n, score: points / 2 + i / 4, deviation: 0, flagged: false }))
    return { id, name, points, merged: points / 2, median: points / 2, min: 0, max: points, threshold: points, scores }
  }
  const dims = [row('d0', '技术方案', 30), row('d1', '安全方案', 20), row('d2', '数据开发利用情况', 25)]
  return { method: 'mean', experts: names.length, dimensions: dims, total: row('t', '总分', 100), suggestedConclusion: 'pass', conclusions: { pass: 0, revise: 0, reject: 0 }, flagCount: 0 }
}
const texts = (svg: string): string[] => [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!)

describe('the printed 评分图', () => {
  it('shows every expert in the legend, in rows, with no page indicator', () => {
    const printed = stableSvg(scoreChartSvg('', merge(NAMES), { ...CHART_SIZE }, { print: true }))
    const shown = texts(printed)
    for (const name of [...NAMES, '专家组（算术平均）']) expect(shown).toContain(name)
    expect(shown.some((t) => /^\d+\/\d+$/.test(t))).toBe(false)
    // The screen's chart pages its legend: the same data hides experts there (this is what the print layout fixes).
    expect(texts(stableSvg(scoreChartSvg('', merge(NAMES), { ...CHART_SIZE }))).some((t) => /^\d+\/\d+$/.test(t))).toBe(true)
  })

  it('keeps a plot however many names the legend has', () => {
    const many = Array.from({ length: 40 }, (_, i) => `第${i}位评审专家（教授级高级工程师）`)
    const svg = stableSvg(scoreChartSvg('', merge(many), { ...CHART_SIZE }, { print: true }))
    for (const name of many) expect(texts(svg)).toContain(name)
    // The plot keeps its height: the legend takes at most 45 % of the chart's 336 px, so the y axis from 0 to 30
    // spans at least 336 − 44 (title) − 151 = 141 px.
    const yOf = (label: string): number => Number(new RegExp(`text-anchor="end"[^>]*transform="translate\\([\\d.]+ ([\\d.-]+)\\)"[^>]*>${label}<`).exec(svg)?.[1])
    expect(yOf('0') - yOf('30')).toBeGreaterThanOrEqual(140)
  })

  it('counts the legend rows it leaves room for', () => {
    expect(legendRows(['林海峰', '王建国'], 768)).toBe(1)
    expect(legendRows([...NAMES, '专家组（算术平均）'], 768)).toBe(2)
    expect(legendRows(Array.from({ length: 30 }, (_, i) => `专家${i}号评审人员`), 768)).toBeGreaterThanOrEqual(4)
  })

  const fonts = (() => {
    try {
      return execFileSync('fc-list', [':', 'family'], { encoding: 'utf8' })
    } catch {
      return ''
    }
  })()
  const installed = SCORE_CHART_FONTS.split(',').map((f) => f.trim().replace(/'/g, '')).filter((f) => f !== 'sans-serif' && fonts.includes(f))
  it.skipIf(installed.length === 0 || fonts.includes('Microsoft YaHei'))('lays words out in the first family this computer has', () => {
    const list = installedFamilyFirst(SCORE_CHART_FONTS, { font: { loadSystemFonts: true }, logLevel: 'off' })
    expect(list.split(',')[0]!.trim().replace(/'/g, '')).toBe(installed[0])
    expect(list.split(',').map((f) => f.trim()).sort()).toEqual(SCORE_CHART_FONTS.split(',').map((f) => f.trim()).sort())
    expect(installedFamilyFirst("'pd-none-1', 'pd-none-2'", { font: { loadSystemFonts: true }, logLevel: 'off' })).toBe("'pd-none-1', 'pd-none-2'")
  })
})
