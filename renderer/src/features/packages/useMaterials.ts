/** The project's materials for the viewer: overview, budget, lists and findings (loaded when first needed). */
import { useEffect, useMemo } from 'react'
import type { BudgetLineView } from '../../../../shared/api/packageTypes'
import { call } from '../../api'
import { useQuery } from '../../hooks/useQuery'

export function useMaterials(projectId: string) {
  const materials = useQuery(() => call('packages.materials', { projectId }), [projectId])
  const has = !!materials.data?.package
  // Materials received through sync are derived on this device in the background (材料处理中 / 材料文件尚未同步):
  // look again every few seconds until they are ready, then load the budget and findings afresh.
  const derived = materials.data?.derivation.state ?? 'none'
  const waiting = derived === 'processing' || derived === 'missing-files'
  const { reload } = materials
  useEffect(() => {
    if (!waiting) return
    const t = setInterval(() => void reload(), 3000)
    return () => clearInterval(t)
  }, [waiting, reload])
  const budget = useQuery(() => (has ? call('packages.budget', { projectId }) : Promise.resolve(null)), [projectId, has, derived])
  const findings = useQuery(() => (has ? call('packages.findings', { projectId }) : Promise.resolve([])), [projectId, has, derived])
  const lineMap = useMemo(() => new Map<string, BudgetLineView>((budget.data?.lines ?? []).map((l) => [l.id, l])), [budget.data])
  return { materials, budget, findings, lineMap }
}

export function useDataList(projectId: string, kind: 'dataCatalog' | 'dataNeeds', enabled: boolean) {
  return useQuery(() => (enabled ? call('packages.dataList', { projectId, kind }) : Promise.resolve(null)), [projectId, kind, enabled])
}
