/** Which step the expert's side of the project page shows. Pure (sideStep.test.ts). */
export type SideStep = 'no-expert' | 'loading' | 'closed-no-sheet' | 'commit' | 'declare' | 'recused' | 'start' | 'scoring'

export interface SideFacts {
  hasExpert: boolean
  loaded: boolean
  closed: boolean
  committed: boolean
  sheetStatus: 'draft' | 'submitted' | 'reopened' | null
  declaration: 'none' | 'recuse' | null
}

export function sideStep(f: SideFacts): SideStep {
  if (!f.hasExpert) return 'no-expert'
  if (!f.loaded) return 'loading'
  if (f.closed && !f.sheetStatus) return 'closed-no-sheet'
  if (!f.committed && !f.closed) return 'commit'
  const reopened = f.sheetStatus === 'reopened'
  if (!f.sheetStatus || ((reopened || f.declaration === 'recuse') && !f.closed)) {
    if (f.declaration === 'recuse') return 'recused'
    return f.declaration === 'none' ? 'start' : 'declare'
  }
  return 'scoring'
}
