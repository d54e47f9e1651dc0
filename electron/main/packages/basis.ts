/**
 * The budget basis of a package (`packages.budget_sheets`, migration 0032): the sheet names the secretariat made
 * the basis of review, as JSON text. '[]' means the sheets the reader chooses itself. A value that is not a short
 * list of short names (a bad or hostile write) is not a basis: the derivation then fails with a Chinese reason.
 */
export const MAX_BASIS_SHEETS = 20
export const MAX_SHEET_NAME = 200

/** The sheet names of a stored basis, or null when the text is not a valid basis. */
export function parseBudgetBasis(json: string | null | undefined): string[] | null {
  if (json === null || json === undefined || json === '') return []
  let v: unknown
  try {
    v = JSON.parse(json)
  } catch {
    return null
  }
  if (!Array.isArray(v) || v.length > MAX_BASIS_SHEETS) return null
  if (!v.every((n) => typeof n === 'string' && n.length > 0 && n.length <= MAX_SHEET_NAME)) return null
  return new Set(v).size === v.length ? (v as string[]) : null
}

/** The stored text of a basis (the same names always give the same text, so a comparison is exact). */
export function basisText(names: readonly string[]): string {
  return JSON.stringify([...names])
}

export const BAD_BASIS_MESSAGE = '材料无法读取：评审依据工作表的记录无效'
