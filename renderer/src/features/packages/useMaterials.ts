/** The project's materials for the viewer: overview, budget, lists and findings (loaded when first needed). */
import { useMemo } from 'react'
import type { BudgetLineView } from '../../../../shared/api/packageTypes'
import { call } from '../../api'
import { useQuery } from '../../hooks/useQuery'

export function useMaterials(projectId: string) {
  const materials = useQuery(() => call('packages.materials', { projectId }), [projectId])
  const has = !!materials.data?.package
  const budget = useQuery(() => (has ? call('packages.budget', { projectId }) : Promise.resolve(null)), [projectId, has])
  const findings = useQuery(() => (has ? call('packages.findings', { projectId }) : Promise.resolve([])), [projectId, has])
  const lineMap = useMemo(() => new Map<string, BudgetLineView>((budget.data?.lines ?? []).map((l) => [l.id, l])), [budget.data])
  return { materials, budget, findings, lineMap }
}

export function useDataList(projectId: string, kind: 'dataCatalog' | 'dataNeeds', enabled: boolean) {
  return useQuery(() => (enabled ? call('packages.dataList', { projectId, kind }) : Promise.resolve(null)), [projectId, kind, enabled])
}
