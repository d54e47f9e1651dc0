/**
 * The unit-match warnings an expert was shown when declaring (issue 11, item 8): stored with the declaration as a
 * JSON array of sentences (`declarations.shown_conflicts`), replicated and signed with the sheet. A replicated
 * value is outside data: read back bounded, and anything but an array of strings counts as not recorded.
 */

/** At most this many warnings, of at most this many characters each, are read back. */
export const MAX_SHOWN_CONFLICTS = 50
export const MAX_SHOWN_CONFLICT_CHARS = 1000

/** The stored warnings, or null when not recorded (an old declaration) or unreadable. */
export function parseShownConflicts(json: string | null | undefined): string[] | null {
  if (json === null || json === undefined || json.length > MAX_SHOWN_CONFLICTS * (MAX_SHOWN_CONFLICT_CHARS + 8) + 2) return null
  let v: unknown
  try {
    v = JSON.parse(json)
  } catch {
    return null
  }
  if (!Array.isArray(v) || v.length > MAX_SHOWN_CONFLICTS) return null
  if (!v.every((x): x is string => typeof x === 'string' && x.length <= MAX_SHOWN_CONFLICT_CHARS)) return null
  return v
}

/** The same warnings, in any order. */
export function sameWarnings(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false
  const x = [...a].sort()
  const y = [...b].sort()
  return x.every((s, i) => s === y[i])
}
