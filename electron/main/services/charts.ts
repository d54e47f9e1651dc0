/**
 * The per-project score chart as SVG, rendered on the backend with ECharts' server-side renderer (no DOM, no
 * canvas): exported as an image from the console. The option is the same one the UI draws (shared/domain/scoreChart.ts).
 */
import type * as Echarts from 'echarts'
import type { ProjectMerge } from '../../../shared/domain/merge'
import { scoreChartOption } from '../../../shared/domain/scoreChart'
import { lazyModule } from '../lazyModule'

/** ECharts is loaded with the first chart (lazyModule.ts). */
const loadEcharts = lazyModule<typeof Echarts>('echarts', '图表绘制')

export function scoreChartSvg(title: string, merge: ProjectMerge, size: { width: number; height: number } = { width: 800, height: 420 }, opts: { print?: boolean; fontFamily?: string } = {}): string {
  const echarts = loadEcharts()
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height })
  try {
    chart.setOption(scoreChartOption(title, merge, { ...opts, width: size.width, height: size.height }) as Echarts.EChartsOption)
    return chart.renderToSVGString()
  } finally {
    chart.dispose()
  }
}
