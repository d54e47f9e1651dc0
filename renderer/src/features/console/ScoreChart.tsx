/** The project's score chart drawn in the browser with ECharts (the same option the backend renders to SVG). */
import { LineChart, ScatterChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { SVGRenderer } from 'echarts/renderers'
import { useEffect, useRef } from 'react'
import type { ProjectMerge } from '../../../../shared/domain/merge'
import { scoreChartOption } from '../../../../shared/domain/scoreChart'

echarts.use([LineChart, ScatterChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, SVGRenderer])

export function ScoreChart({ title, merge }: { title: string; merge: ProjectMerge }) {
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (!ref.current) return
    const chart = echarts.init(ref.current, null, { renderer: 'svg' })
    chart.setOption(scoreChartOption(title, merge) as echarts.EChartsCoreOption)
    const onResize = () => chart.resize()
    window.addEventListener('resize', onResize)
    return () => {
      window.removeEventListener('resize', onResize)
      chart.dispose()
    }
  }, [title, merge])
  return <div ref={ref} className="pd-chart" role="img" aria-label={`${title}：每位专家一个点，专家组汇总为折线`} />
}
