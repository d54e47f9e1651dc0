/** The project's compliance findings grouped by the dimension they sit beside. */
import { useMemo } from 'react'
import type { FindingView } from '../../../../shared/api/packageTypes'
import { findingDimension } from '../../../../shared/domain/findingDimension'
import { call } from '../../api'
import { useQuery } from '../../hooks/useQuery'

export function useDimensionFindings(projectId: string): Map<string, FindingView[]> {
  const q = useQuery(() => call('packages.findings', { projectId }), [projectId])
  return useMemo(() => {
    const m = new Map<string, FindingView[]>()
    for (const f of q.data ?? []) {
      const d = findingDimension(f)
      m.set(d, [...(m.get(d) ?? []), f])
    }
    return m
  }, [q.data])
}
