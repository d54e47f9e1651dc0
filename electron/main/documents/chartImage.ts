/**
 * The score chart of one project for the 评分汇总表 (issue 7: "charts are exported as images into the 评分汇总表"):
 * each expert a point per dimension, the panel's score a line. Two images of the same chart:
 *  - SVG, rendered by ECharts on the backend with the option the console draws (shared/domain/scoreChart.ts);
 *    Word 2016+, WPS and LibreOffice show it;
 *  - a PNG fallback for older Word: the same SVG rasterised by resvg (@resvg/resvg-js) at twice the size, with the
 *    system's Chinese fonts (微软雅黑 / 苹方 / Noto Sans CJK / 文泉驿 — the option's font list), so the fallback
 *    carries the same words as the SVG.
 * Both are made from the document's own data (the panel opinion and the signed sheets), so the chart shows what
 * the table shows. Deviation flags are not drawn: their threshold is a meeting setting, not part of the signed data.
 */
import { renderAsync } from '@resvg/resvg-js'
import type { MergedRow, ProjectMerge } from '../../../shared/domain/merge'
import type { SheetPayload } from '../../../shared/signing/types'
import { scoreChartSvg } from '../services/charts'
import { DocumentInputError } from './errors'
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

/** Rasterises an SVG to PNG at `scale` with the system's fonts, off the main thread (resvg runs on libuv's pool). */
export async function svgToPng(svg: string, scale: number): Promise<Uint8Array> {
  try {
    const image = await renderAsync(svg, { fitTo: { mode: 'zoom', value: scale }, background: '#ffffff', font: { loadSystemFonts: true }, logLevel: 'off' })
    return new Uint8Array(image.asPng())
  } catch (cause) {
    throw new DocumentInputError(`无法生成评分图的 PNG 图片：${cause instanceof Error ? cause.message : String(cause)}`)
  }
}

export interface ChartImages {
  svg: Uint8Array
  png: Uint8Array
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
export async function scoreChartImages(opinion: PanelOpinion, sheets: SheetPayload[]): Promise<ChartImages> {
  const svg = stableSvg(scoreChartSvg('', chartMerge(opinion, sheets), { ...CHART_SIZE }))
  return { svg: new TextEncoder().encode(svg), png: await svgToPng(svg, PNG_SCALE), ...CHART_SIZE }
}
