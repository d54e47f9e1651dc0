/**
 * The score chart of one project for the 评分汇总表 (issue 7: "charts are exported as images into the 评分汇总表"):
 * each expert a point per dimension, the panel's score a line. Two images of the same chart:
 *  - SVG, rendered by ECharts on the backend with the option the console draws (shared/domain/scoreChart.ts);
 *    Word 2016+, WPS and LibreOffice show it;
 *  - a PNG fallback for older Word: the same SVG rasterised by resvg (@resvg/resvg-js) at 2.5 times the size, its
 *    words drawn with the font shipped with the app (renderer 3, below), so the fallback carries the same words as
 *    the SVG and the same bytes on every computer.
 * Both are made from the document's own data (the panel opinion and the signed sheets), so the chart shows what
 * the table shows. Deviation flags are not drawn: their threshold is a meeting setting, not part of the signed data.
 */
import type { ResvgRenderOptions } from '@resvg/resvg-js'
import type { MergedRow, ProjectMerge } from '../../../shared/domain/merge'
import type { SheetPayload } from '../../../shared/signing/types'
import { PRINT_CHART_FONTS } from '../../../shared/domain/scoreChart'
import { scoreChartSvg } from '../services/charts'
import { CHART_FONT, chartFont, chartFontOptions, onChartFont } from './chartFont'
import { chartWithOutlines, clearChartTexts, learnChartTexts, loadResvg } from './chartText'
import { DocumentInputError } from './errors'
import { encodePng } from './png'
import type { PanelOpinion } from './model'

/**
 * The chart's size in CSS pixels (ECharts' units); the PNG is drawn at PNG_SCALE times this. Shown 156 mm wide,
 * ECharts' 12 px labels come out at about 8 pt on paper.
 */
export const CHART_SIZE = { width: 640, height: 336 } as const
export const PNG_SCALE = 2.5

/** The chart's data as the console's merge view has it, from the document's panel opinion and sheets (in table order). */
export function chartMerge(opinion: PanelOpinion, sheets: SheetPayload[]): ProjectMerge {
  const row = (id: string, name: string, points: number, merged: number, pick: (s: SheetPayload) => number): MergedRow => {
    const values = sheets.map(pick)
    return {
      id,
      name,
      points,
      merged,
      median: merged,
      min: values.length ? Math.min(...values) : 0,
      max: values.length ? Math.max(...values) : 0,
      threshold: points,
      scores: sheets.map((s, i) => ({ expertId: s.expert.id, name: s.expert.name, score: values[i]!, deviation: 0, flagged: false }))
    }
  }
  return {
    method: opinion.mergeMethod,
    experts: sheets.length,
    dimensions: opinion.dimensions.map((d) => row(d.dimensionId, d.name, d.points, d.score, (s) => s.dimensionTotals[d.dimensionId] ?? 0)),
    total: row('total', '总分', opinion.totalPoints, opinion.total, (s) => s.total),
    suggestedConclusion: opinion.conclusion,
    conclusions: { pass: 0, revise: 0, reject: 0 },
    flagCount: 0
  }
}

/**
 * Rasterising (issue 10, speed). Two renderers, and every document records which one drew its PNG (the `renderer`
 * of its chart.png entry; none: 1), so verification regenerates the same bytes:
 *  - 1 (documents written before renderer 2): resvg lays the words out with the system's fonts on every call;
 *  - 2 (documents written before renderer 3, and new ones whose words the shipped font lacks): the words are laid
 *    out once per process as outlines (chartText.ts) with the system's fonts and the chart is rasterised from them
 *    without fonts — ≈ 50 ms a chart instead of ≈ 300 ms. Its PNG differs from renderer 1's in a few edge pixels
 *    (usvg's writer rounds the outlines), so a document never switches renderer;
 *  - 3 (CHART_RENDERER, what new documents use): as 2, but the words are laid out with the font shipped with the app
 *    alone (chartFont.ts), never the system's, so the PNG is the same on every computer with this app; its SVG
 *    names that font first (PRINT_CHART_FONTS), so a document renamed to or from 3 shows a different SVG.
 * Charts are rasterised in batches: up to CHART_BATCH charts of the same size stacked in one SVG (each a nested
 * <svg>, which clips, with its ECharts ids made unique), rendered in one call and cut into one PNG each at exact
 * pixel rows. A single chart is a batch of one through the same path, so the PNG of a chart is the same bytes
 * whether it was rendered alone (preview, verification) or with others (export). Results are remembered per
 * renderer and SVG text (in flight too), so the export's pre-rendering and the builders never rasterise a chart
 * twice.
 */
export type ChartRenderer = 1 | 2 | 3
export const CHART_RENDERER: ChartRenderer = 3
/** The renderer a document's chart.png entry names (absent or unknown: 1, the one before renderers were named). */
export function chartRendererOf(recorded: string | undefined): ChartRenderer {
  return recorded === '3' ? 3 : recorded === '2' ? 2 : 1
}
export const CHART_BATCH = 8
const MEMO_LIMIT = 64
const pngMemo = new Map<string, Promise<Uint8Array>>()
const memoKey = (svg: string, scale: number, renderer: ChartRenderer): string => `${renderer}\u0000${scale}\u0000${svg}`

function rootSize(svg: string): { width: number; height: number } | null {
  const root = /^<svg\b[^>]*>/.exec(svg.trimStart())?.[0]
  const w = root && /\bwidth="(\d+)"/.exec(root)?.[1]
  const h = root && /\bheight="(\d+)"/.exec(root)?.[1]
  return w && h ? { width: Number(w), height: Number(h) } : null
}

type FontOptions = NonNullable<ResvgRenderOptions['font']>

/**
 * What resvg is given for these charts: renderers 2 and 3 replace their words by outlines (laid out now if not known
 * yet); `font` is what the words left, if any, are laid out with (renderer 3: the shipped font alone, always).
 */
function toDraw(charts: string[], renderer: ChartRenderer): { svgs: string[]; font: FontOptions } {
  if (renderer === 1) return { svgs: charts, font: { loadSystemFonts: true } }
  const font = renderer === 3 ? chartFont() : null
  const svgs = font ? charts.map((svg) => onChartFont(svg, font)) : charts
  const options: FontOptions = font ? chartFontOptions(font) : { loadSystemFonts: true }
  const face = font ? CHART_FONT.sha256 : ''
  learnChartTexts(svgs, { font: options, logLevel: 'off' }, face)
  const drawn = svgs.map((svg) => chartWithOutlines(svg, face) ?? svg)
  return { svgs: drawn, font: drawn.some((svg) => /<text\b/.test(svg)) ? options : { loadSystemFonts: false } }
}

async function rasterise(charts: string[], size: { width: number; height: number }, scale: number, renderer: ChartRenderer): Promise<Uint8Array[]> {
  const { svgs, font } = toDraw(charts, renderer)
  const stacked =
    svgs.length === 1
      ? svgs[0]!
      : `<svg width="${size.width}" height="${size.height * svgs.length}" viewBox="0 0 ${size.width} ${size.height * svgs.length}" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">` +
        svgs.map((svg, i) => svg.trimStart().replace(/zr(\d+)-/g, `zr$1-b${i}-`).replace(/^<svg\b/, `<svg x="0" y="${i * size.height}"`)).join('') +
        '</svg>'
  const { renderAsync } = loadResvg()
  try {
    const image = await renderAsync(stacked, { fitTo: { mode: 'zoom', value: scale }, background: '#ffffff', font, logLevel: 'off' })
    const width = image.width
    const rows = Math.round(size.height * scale)
    const pixels = new Uint8Array(image.pixels.buffer, image.pixels.byteOffset, image.pixels.byteLength)
    return svgs.map((_, i) => encodePng(width, rows, pixels.subarray(i * rows * width * 4, (i + 1) * rows * width * 4)))
  } catch (cause) {
    throw new DocumentInputError(`无法生成评分图的 PNG 图片：${cause instanceof Error ? cause.message : String(cause)}`)
  }
}

/** PNGs of SVGs at `scale` (white background), drawn by `renderer`, in batches, and remembered. */
export function svgsToPngs(svgs: string[], scale: number, renderer: ChartRenderer = CHART_RENDERER): Promise<Uint8Array[]> {
  const key = (svg: string) => memoKey(svg, scale, renderer)
  const todo = [...new Set(svgs.filter((svg) => !pngMemo.has(key(svg))))]
  const groups = new Map<string, string[]>()
  for (const svg of todo) {
    const size = rootSize(svg)
    // Batches need charts of one size that land on whole pixel rows; anything else is rendered alone.
    const batchable = size && Number.isInteger(size.height * scale) && Number.isInteger(size.width * scale)
    const g = batchable ? `${size.width}x${size.height}` : `single\u0000${svg}`
    groups.set(g, [...(groups.get(g) ?? []), svg])
  }
  for (const group of groups.values()) {
    for (let i = 0; i < group.length; i += CHART_BATCH) {
      const batch = group.slice(i, i + CHART_BATCH)
      const size = rootSize(batch[0]!) ?? { width: 0, height: 0 }
      const rendered = batch.length > 1 || size.width > 0 ? rasterise(batch, size, scale, renderer) : rasteriseAlone(batch[0]!, scale, renderer)
      batch.forEach((svg, j) => {
        const one = rendered.then((pngs) => pngs[j]!)
        one.catch(() => pngMemo.delete(key(svg)))
        if (pngMemo.size >= MEMO_LIMIT) pngMemo.delete(pngMemo.keys().next().value as string)
        pngMemo.set(key(svg), one)
      })
    }
  }
  return Promise.all(svgs.map((svg) => pngMemo.get(key(svg))!))
}

/**
 * Records the PNG of an SVG rasterised elsewhere in this process (the export rasterises every chart in the main
 * thread and hands each to the worker thread that builds its 评分汇总表): the same SVG text, the same PNG.
 */
export function rememberChartPng(svg: string, scale: number, png: Uint8Array, renderer: ChartRenderer = CHART_RENDERER): void {
  if (pngMemo.size >= MEMO_LIMIT) pngMemo.delete(pngMemo.keys().next().value as string)
  pngMemo.set(memoKey(svg, scale, renderer), Promise.resolve(png))
}

/** Forgets every remembered PNG, SVG and laid-out word (tests and benchmarks that want a cold start). */
export function clearChartMemo(): void {
  pngMemo.clear()
  svgMemo.clear()
  clearChartTexts()
}

/** An SVG without a usable root size: resvg's own PNG. */
async function rasteriseAlone(chart: string, scale: number, renderer: ChartRenderer): Promise<Uint8Array[]> {
  const { svgs, font } = toDraw([chart], renderer)
  const { renderAsync } = loadResvg()
  try {
    const image = await renderAsync(svgs[0]!, { fitTo: { mode: 'zoom', value: scale }, background: '#ffffff', font, logLevel: 'off' })
    return [new Uint8Array(image.asPng())]
  } catch (cause) {
    throw new DocumentInputError(`无法生成评分图的 PNG 图片：${cause instanceof Error ? cause.message : String(cause)}`)
  }
}

/** Rasterises one SVG to PNG at `scale` by `renderer` (a batch of one; see svgsToPngs). */
export async function svgToPng(svg: string, scale: number, renderer: ChartRenderer = CHART_RENDERER): Promise<Uint8Array> {
  return (await svgsToPngs([svg], scale, renderer))[0]!
}

/**
 * SVGs remembered per chart data (issue 10, speed: ECharts takes ≈ 0.1–0.2 s a chart). The key is the whole data
 * the chart is drawn from (chartMerge, as JSON), and the SVG a deterministic function of it (stableSvg), so a hit
 * is the SVG this code would draw: the export draws each chart once in the main thread and hands the pair to the
 * worker thread that builds its 评分汇总表 (rememberChartSvg), instead of drawing it again there.
 */
const svgMemo = new Map<string, string>()

/**
 * The renderer a new document's chart is drawn by: 3, unless a word of the chart (an expert's or a dimension's name)
 * has a character the shipped font lacks — then 2, the system's fonts, and the document names 2. A missing or
 * altered font file is refused (chartFont.ts), never replaced by the system's fonts.
 */
export function newChartRenderer(dataJson: string): ChartRenderer {
  return chartFont().covers(dataJson) ? 3 : 2
}

/** The chart's data key, SVG and renderer for a panel document's opinion and sheets (in table order); `renderer`
 * absent: the one a new document uses (newChartRenderer). */
export function scoreChartSvgEntry(opinion: PanelOpinion, sheets: SheetPayload[], renderer?: ChartRenderer): { key: string; svg: string; renderer: ChartRenderer } {
  const merge = chartMerge(opinion, sheets)
  const data = JSON.stringify(merge)
  const r = renderer ?? newChartRenderer(data)
  const key = `${r}:${data}`
  let svg = svgMemo.get(key)
  if (svg === undefined) {
    // Renderers 2 and 3 print every expert's legend entry (rows, not pages); renderer 1's documents keep their SVG.
    // Renderer 3's SVG names the shipped font first.
    svg = stableSvg(scoreChartSvg('', merge, { ...CHART_SIZE }, { print: r !== 1, ...(r === 3 ? { fontFamily: PRINT_CHART_FONTS } : {}) }))
    rememberChartSvg(key, svg)
  }
  return { key, svg, renderer: r }
}

/** The chart's SVG for a panel document's opinion and sheets (in table order). */
export function scoreChartSvgFor(opinion: PanelOpinion, sheets: SheetPayload[], renderer?: ChartRenderer): string {
  return scoreChartSvgEntry(opinion, sheets, renderer).svg
}

/** Records the SVG drawn elsewhere in this process for the chart data `key` (scoreChartSvgEntry). */
export function rememberChartSvg(key: string, svg: string): void {
  if (svgMemo.size >= MEMO_LIMIT) svgMemo.delete(svgMemo.keys().next().value as string)
  svgMemo.set(key, svg)
}

export interface ChartImages {
  svg: Uint8Array
  png: Uint8Array
  /** The renderer that drew `png` (recorded in the document). */
  renderer: ChartRenderer
  width: number
  height: number
}

/**
 * The SVG with ZRender's per-process counters (instance `zrN-`, class `cls-N`, clip `cN`) renumbered by first
 * appearance, so the same data always gives the same bytes: the verifier regenerates the chart and compares.
 */
export function stableSvg(svg: string): string {
  const ids = new Map<string, string>()
  return svg.replace(/zr\d+-([a-z]+)-?(\d+)/g, (m, kind: string) => {
    let id = ids.get(m)
    if (!id) {
      id = `pd-${kind}-${ids.size}`
      ids.set(m, id)
    }
    return id
  })
}

/** The SVG (ECharts) and its PNG fallback (the same SVG rasterised) for one project's 评分汇总表. */
export async function scoreChartImages(opinion: PanelOpinion, sheets: SheetPayload[], renderer?: ChartRenderer): Promise<ChartImages> {
  const { svg, renderer: r } = scoreChartSvgEntry(opinion, sheets, renderer)
  return { svg: new TextEncoder().encode(svg), png: await svgToPng(svg, PNG_SCALE, r), renderer: r, ...CHART_SIZE }
}
