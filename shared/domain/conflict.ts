/**
 * 回避 (conflict of interest): compare a project's 建设单位 and 编制单位 with the expert's current and past
 * units. Matching is a hint for the expert's own declaration, never a verdict.
 *
 * Names are normalised (normalizeUnitName): NFKC (full-width letters, digits and brackets become
 * half-width), "(中国)" and similar bracketed decorations removed, whitespace, punctuation and symbols
 * removed, Latin letters lower-cased, then company-form suffixes stripped repeatedly from the end
 * (股份有限公司, 有限责任公司, 有限公司, 分公司, 公司, 集团, 股份, …). Two names match when their normalised
 * forms are equal, or when one contains the other and the shorter has at least 4 characters.
 */

/** Bracketed decorations removed before anything else (after NFKC). */
const DECORATIONS = /[([【〔〖{<《]\s*(?:中国|中國|china)\s*[)\]】〕〗}>》]/giu

/** Company-form suffixes, longest first; stripped repeatedly from the end of the name. */
export const UNIT_SUFFIXES: readonly string[] = [
  '股份有限公司',
  '有限责任公司',
  '有限公司',
  '股份公司',
  '集团公司',
  '分公司',
  '子公司',
  '总公司',
  '公司',
  '集团',
  '股份',
  'coltd',
  'limited',
  'ltd'
]

/** Shortest shared length (in characters) for a containment match. */
export const MIN_CONTAINMENT_LENGTH = 4

export function normalizeUnitName(name: string): string {
  let s = name.normalize('NFKC').replace(DECORATIONS, '')
  s = s.replace(/[\p{P}\p{S}\p{Z}\p{C}\s]/gu, '').toLowerCase()
  for (let changed = true; changed; ) {
    changed = false
    for (const suffix of UNIT_SUFFIXES) {
      if (s.length > suffix.length && s.endsWith(suffix)) {
        s = s.slice(0, -suffix.length)
        changed = true
        break
      }
    }
  }
  return s
}

function charLength(s: string): number {
  return [...s].length
}

/** How two unit names match after normalisation, or null. */
export function matchUnitNames(a: string, b: string): 'equal' | 'contains' | null {
  const x = normalizeUnitName(a)
  const y = normalizeUnitName(b)
  if (x === '' || y === '') return null
  if (x === y) return 'equal'
  const [shorter, longer] = charLength(x) <= charLength(y) ? [x, y] : [y, x]
  if (charLength(shorter) >= MIN_CONTAINMENT_LENGTH && longer.includes(shorter)) return 'contains'
  return null
}

export interface UnitConflict {
  projectRole: 'ownerUnit' | 'authorUnit'
  projectUnit: string
  expertUnit: string
  expertUnitKind: 'current' | 'past'
  /** 'equal': same normalised name; 'contains': one normalised name contains the other. */
  match: 'equal' | 'contains'
}

export const PROJECT_ROLE_LABELS: Record<UnitConflict['projectRole'], string> = {
  ownerUnit: '建设单位',
  authorUnit: '编制单位'
}

/** A sentence for the UI, e.g. "项目建设单位「…」与您的现工作单位「…」相同". */
export function describeConflict(c: UnitConflict): string {
  const kind = c.expertUnitKind === 'current' ? '现工作单位' : '曾任职单位'
  const how = c.match === 'equal' ? '相同' : '名称相近'
  return `项目${PROJECT_ROLE_LABELS[c.projectRole]}「${c.projectUnit}」与您的${kind}「${c.expertUnit}」${how}`
}

/**
 * Every pair (project unit, expert unit) that matches. The current unit is listed before past units; a past
 * unit that merely repeats the current one (same normalised name) is not reported twice.
 */
export function findConflicts(
  project: { ownerUnit: string; authorUnit: string },
  expert: { unit: string; pastUnits: readonly string[] }
): UnitConflict[] {
  const expertUnits: { name: string; kind: 'current' | 'past' }[] = []
  const seen = new Set<string>()
  for (const [name, kind] of [[expert.unit, 'current'] as const, ...expert.pastUnits.map((u) => [u, 'past'] as const)]) {
    const n = normalizeUnitName(name)
    if (n === '' || seen.has(n)) continue
    seen.add(n)
    expertUnits.push({ name, kind })
  }
  const out: UnitConflict[] = []
  for (const role of ['ownerUnit', 'authorUnit'] as const) {
    const projectUnit = project[role]
    for (const eu of expertUnits) {
      const match = matchUnitNames(projectUnit, eu.name)
      if (match) out.push({ projectRole: role, projectUnit, expertUnit: eu.name, expertUnitKind: eu.kind, match })
    }
  }
  return out
}
