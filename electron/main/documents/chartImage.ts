/**
 * The score chart of one project for the 评分汇总表 (issue 7: "charts are exported as images into the 评分汇总表"):
 * each expert a point per dimension, the panel's score a line. Two images of the same chart:
 *  - SVG, rendered by ECharts on the backend with the option the console draws (shared/domain/scoreChart.ts);
 *    Word 2016+, WPS and LibreOffice show it;
 *  - a PNG fallback for older Word, drawn here on the same geometry (axes, one dot per expert per dimension, the
 *    merged line with its values) with the numbers only: the dimensions are numbered 1…n along the axis in the
 *    order of the table, the legend numbers the experts as the table's 序号 does.
 * Both are made from the document's own data (the panel opinion and the signed sheets), so the chart shows what
 * the table shows. Deviation flags are not drawn: their threshold is a meeting setting, not part of the signed data.
 */
import type { MergedRow, ProjectMerge } from '../../../shared/domain/merge'
import { SCORE_CHART_PALETTE } from '../../../shared/domain/scoreChart'
import type { SheetPayload } from '../../../shared/signing/types'
import { scoreChartSvg } from '../services/charts'
import type { PanelOpinion } from './model'
import { Canvas, hexColor, type Rgb } from './png'

/** The chart's size in CSS pixels (ECharts' units); the PNG is drawn at PNG_SCALE times this. */
export const CHART_SIZE = { width: 800, height: 420 } as const
const PNG_SCALE = 2

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

/** ECharts' "nice" tick interval for an axis from 0 to max in about five steps. */
function niceInterval(max: number): number {
  const raw = max / 5
  const exp = Math.floor(Math.log10(raw))
  const base = 10 ** exp
  const f = raw / base
  const nf = f < 1.5 ? 1 : f < 2.5 ? 2 : f < 4 ? 3 : f < 7 ? 5 : 10
  return nf * base
}

const fmt = (v: number): string => String(Math.round(v * 100) / 100)

/** The PNG fallback: the chart's geometry as scoreChartOption lays it out, without words. */
export function scoreChartPng(merge: ProjectMerge): Uint8Array {
  const s = PNG_SCALE
  const W = CHART_SIZE.width
  const H = CHART_SIZE.height
  const c = new Canvas(W * s, H * s)
  const dims = merge.dimensions
  const n = Math.max(dims.length, 1)
  const experts = dims[0]?.scores ?? []
  const maxPoints = Math.max(...dims.map((d) => d.points), 1)
  // grid: { left: 48, right: 24, top: 44, bottom: 64 }
  const gx0 = 48 * s
  const gx1 = (W - 24) * s
  const gy0 = 44 * s
  const gy1 = (H - 64) * s
  const X = (v: number): number => gx0 + ((v + 0.5) / n) * (gx1 - gx0)
  const Y = (v: number): number => gy1 - (v / maxPoints) * (gy1 - gy0)
  const axis = hexColor('#6e7079')
  const split = hexColor('#e0e6f1')
  const text = hexColor('#333333')
  const ink = hexColor('#1f1f1f')
  const px = 2 * s // block size of the digit font: 3 × 5 blocks, 10 px high at 1×
  const glyphH = 5 * px

  const step = niceInterval(maxPoints)
  const ticks: number[] = []
  for (let v = 0; v <= maxPoints + 1e-9; v += step) ticks.push(Math.round(v * 1000) / 1000)
  if (Math.abs(ticks[ticks.length - 1]! - maxPoints) > 1e-9) ticks.push(maxPoints)
  for (const v of ticks) {
    const y = Math.round(Y(v))
    if (v > 0) c.rect(gx0, y - s / 2, gx1 - gx0, s, split)
    const label = fmt(v)
    c.text(label, gx0 - 8 * s - Canvas.textWidth(label, px), y - glyphH / 2, px, text)
  }
  // Axes: y on the left, x along the bottom, a tick under each dimension with its number.
  c.rect(gx0 - s / 2, gy0, s, gy1 - gy0, axis)
  c.rect(gx0, gy1 - s / 2, gx1 - gx0, s, axis)
  dims.forEach((_, i) => {
    const x = X(i)
    c.rect(x - s / 2, gy1, s, 5 * s, axis)
    const label = String(i + 1)
    c.text(label, x - Canvas.textWidth(label, px) / 2, gy1 + 10 * s, px, text)
  })

  // One dot per expert per dimension, spread a little sideways as the chart does.
  const jitter = (i: number): number => (experts.length > 1 ? (i - (experts.length - 1) / 2) * 0.06 : 0)
  const colors: Rgb[] = experts.map((_, i) => hexColor(SCORE_CHART_PALETTE[i % SCORE_CHART_PALETTE.length]!))
  dims.forEach((d, x) => {
    d.scores.forEach((sc, i) => {
      if (sc.flagged) c.diamond(X(x + jitter(i)), Y(sc.score), 7 * s, colors[i]!)
      else c.circle(X(x + jitter(i)), Y(sc.score), 5 * s, colors[i]!)
    })
  })
  // The panel's scores: a 3 px line with square markers and the value above each.
  const pts = dims.map((d, x) => [X(x), Y(d.merged)] as const)
  c.polyline(pts, 3 * s, ink)
  dims.forEach((d, x) => {
    const [cx, cy] = pts[x]!
    c.rect(cx - 4 * s, cy - 4 * s, 8 * s, 8 * s, ink)
    const label = fmt(d.merged)
    const lx0 = cx - Canvas.textWidth(label, px) / 2
    const ly0 = cy - 10 * s - glyphH
    // A white halo keeps the value readable over the experts' dots (textBorder in the ECharts option).
    for (const [ox, oy] of [[-1, 0], [1, 0], [0, -1], [0, 1], [-1, -1], [1, 1], [-1, 1], [1, -1]] as const) c.text(label, lx0 + ox * s, ly0 + oy * s, px, [255, 255, 255])
    c.text(label, lx0, ly0, px, ink)
  })

  // Legend along the bottom: each expert's colour with the table's 序号, then the panel's line.
  const items = experts.map((_, i) => ({ label: String(i + 1), w: 12 * s + 5 * s + Canvas.textWidth(String(i + 1), px) }))
  const lineW = 25 * s
  const gap = 14 * s
  const total = items.reduce((t, it) => t + it.w + gap, 0) + lineW
  let lx = (W * s - total) / 2
  const ly = (H - 14) * s
  items.forEach((it, i) => {
    c.circle(lx + 6 * s, ly, 5 * s, colors[i]!)
    c.text(it.label, lx + 17 * s, ly - glyphH / 2, px, text)
    lx += it.w + gap
  })
  c.line(lx, ly, lx + lineW, ly, 3 * s, ink)
  c.rect(lx + lineW / 2 - 4 * s, ly - 4 * s, 8 * s, 8 * s, ink)
  return c.png()
}

export interface ChartImages {
  svg: Uint8Array
  png: Uint8Array
  width: number
  height: number
}

/** The SVG (ECharts) and its PNG fallback for one project's 评分汇总表. */
export function scoreChartImages(opinion: PanelOpinion, sheets: SheetPayload[]): ChartImages {
  const merge = chartMerge(opinion, sheets)
  const svg = scoreChartSvg('', merge, { ...CHART_SIZE })
  return { svg: new TextEncoder().encode(svg), png: scoreChartPng(merge), ...CHART_SIZE }
}
