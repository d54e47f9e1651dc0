/**
 * The chart of one project's scores by dimension (issue 7): each expert a point, the merged value a line. A plain
 * ECharts option object (no ECharts import here), rendered by the UI in the browser and by the backend as SVG
 * (ECharts server-side rendering) for export and for the 评分汇总表.
 */
import type { ProjectMerge } from './merge'
import { MERGE_METHOD_NAMES } from './merge'

/** The experts' colours, in the order of the sheets. */
export const SCORE_CHART_PALETTE: readonly string[] = ['#1f5fbf', '#b5470b', '#2e7d32', '#7b1fa2', '#00838f', '#ad1457', '#5d4037', '#455a64', '#827717', '#283593', '#bf360c']

/**
 * Chinese-capable faces first (Windows, macOS, Linux), so that the chart's words render the same in the browser, in
 * Word or WPS showing the SVG, and in the PNG fallback rasterised on the backend with the system's fonts.
 */
export const SCORE_CHART_FONTS = "'Microsoft YaHei', 'PingFang SC', 'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Zen Hei', sans-serif"

/**
 * The printed chart of chart renderer 3 (electron/main/documents/chartFont.ts): its PNG is drawn with the Noto Sans
 * CJK SC shipped with the app, so its SVG names that family first (Word or WPS showing the SVG use it where installed).
 */
export const PRINT_CHART_FONTS = "'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', 'Source Han Sans SC', 'WenQuanYi Zen Hei', sans-serif"

/** Rows a plain legend of these names takes in `width` px (ECharts: 25 px icon, 5 px gap, 10 px between items, 12 px text). */
export function legendRows(names: string[], width: number): number {
  let rows = 1
  let x = 0
  for (const name of names) {
    let text = 0
    for (const ch of name) text += ch.charCodeAt(0) > 0x2e7f ? 12 : 7
    const item = 25 + 5 + text + 10
    if (x > 0 && x + item > width) {
      rows++
      x = 0
    }
    x += item
  }
  return rows
}

interface ChartOptions {
  animation?: boolean
  /** For a printed document: every legend entry shown, in as many rows as needed (no paging arrows). */
  print?: boolean
  /** The font-family list of every word (default SCORE_CHART_FONTS). */
  fontFamily?: string
  /** The chart's size in px (for the printed legend's rows and its share of the height). */
  width?: number
  height?: number
}

/** The printed legend's share of the chart's height at most (the plot keeps the rest, however many names). */
const PRINT_LEGEND_SHARE = 0.45

export function scoreChartOption(title: string, merge: ProjectMerge, opts: ChartOptions = {}): Record<string, unknown> {
  const dims = merge.dimensions
  const experts = dims[0]?.scores.map((s) => ({ id: s.expertId, name: s.name })) ?? []
  const maxPoints = Math.max(...dims.map((d) => d.points), 1)
  const legendNames = [...experts.map((e) => e.name), `专家组（${MERGE_METHOD_NAMES[merge.method]}）`]
  const jitter = (i: number): number => (experts.length > 1 ? (i - (experts.length - 1) / 2) * 0.06 : 0)
  return {
    animation: opts.animation ?? false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: opts.fontFamily ?? SCORE_CHART_FONTS },
    title: { text: title, left: 'center', top: 4, textStyle: { fontSize: 14, fontWeight: 'bold', color: '#1f1f1f' } },
    tooltip: { trigger: 'item' },
    legend: opts.print ? { bottom: 0, left: 16, right: 16, type: 'plain', textStyle: { color: '#333' } } : { bottom: 0, type: 'scroll', textStyle: { color: '#333' } },
    grid: { left: 48, right: 24, top: 44, bottom: opts.print ? Math.min(40 + 24 * legendRows(legendNames, (opts.width ?? 800) - 32), Math.round((opts.height ?? 420) * PRINT_LEGEND_SHARE)) : 64 },
    xAxis: {
      type: 'value',
      min: -0.5,
      max: dims.length - 0.5,
      interval: 1,
      axisLabel: {
        color: '#333',
        customValues: dims.map((_, i) => i),
        formatter: (v: number) => (Number.isInteger(v) && dims[v] ? `${dims[v]!.name}（${dims[v]!.points}）` : '')
      },
      axisTick: { customValues: dims.map((_, i) => i) },
      splitLine: { show: false }
    },
    yAxis: { type: 'value', name: '得分', min: 0, max: maxPoints, axisLine: { show: true, onZero: false }, axisLabel: { color: '#333' }, nameTextStyle: { color: '#333' } },
    series: [
      ...experts.map((e, i) => ({
        name: e.name,
        type: 'scatter',
        symbolSize: 10,
        itemStyle: { color: SCORE_CHART_PALETTE[i % SCORE_CHART_PALETTE.length] },
        data: dims.map((d, x) => {
          const s = d.scores[i]
          return { value: [x + jitter(i), s?.score ?? 0], symbol: s?.flagged ? 'diamond' : 'circle', symbolSize: s?.flagged ? 14 : 10 }
        })
      })),
      {
        name: `专家组（${MERGE_METHOD_NAMES[merge.method]}）`,
        type: 'line',
        // Above the experts' dots, so that its values stay readable where dots crowd the panel's score.
        z: 10,
        lineStyle: { width: 3, color: '#1f1f1f' },
        itemStyle: { color: '#1f1f1f' },
        symbol: 'rect',
        symbolSize: 8,
        label: { show: true, position: 'top', color: '#1f1f1f', textBorderColor: '#ffffff', textBorderWidth: 3, formatter: (p: { value: [number, number] }) => String(p.value[1]) },
        data: dims.map((d, x) => [x, d.merged])
      }
    ]
  }
}
