/**
 * The decisions of useSheetEditor, without React (so they are unit-tested): which text is sent, which score edit
 * counts, and how a save's outcome changes the per-field errors.
 */
import type { SheetView } from '../../../../shared/api/types'
import { CONCLUSION_REASON_MAX } from '../../../../shared/domain/scoring'
import { LONG_TEXT_MAX, type ItemScore } from '../../../../shared/domain/sheet'

/** The text key of the reason for a conclusion that departs from a veto (saved like an opinion, by its own call). */
export const REASON_KEY = '#conclusionReason'

export const NO_SCORE: ItemScore = { value: null, na: false }

export function withoutKey(o: Record<string, string>, key: string): Record<string, string> {
  const next = { ...o }
  delete next[key]
  return next
}

/** The sheet's texts keyed as the editor keeps them: the opinions per dimension and the reason under REASON_KEY. */
export function initialTexts(sheet: SheetView): Record<string, string> {
  return { ...sheet.opinions, [REASON_KEY]: sheet.conclusionReason }
}

/** The longest text the server takes for a key. */
export function textLimit(key: string): number {
  return key === REASON_KEY ? CONCLUSION_REASON_MAX : LONG_TEXT_MAX
}

/**
 * What to do with the text typed for a key: nothing typed; over the limit (kept on screen and marked at the field,
 * not sent until it is shortened); the same as saved; or save it.
 */
export function textSaveStep(key: string, typed: string | undefined, saved: string): 'nothing' | 'overLimit' | 'unchanged' | 'save' {
  if (typed === undefined) return 'nothing'
  if (typed.length > textLimit(key)) return 'overLimit'
  return typed === saved ? 'unchanged' : 'save'
}

export function sameScore(a: ItemScore, b: ItemScore): boolean {
  return a.value === b.value && a.na === b.na
}

/** The per-field errors after a save of `field`: a success clears its error, a failure sets its message. */
export function fieldErrorsAfter(errors: Record<string, string>, field: string, message: string | null): Record<string, string> {
  if (message !== null) return { ...errors, [field]: message }
  return field in errors ? withoutKey(errors, field) : errors
}
