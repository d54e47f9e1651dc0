/** Undo/redo of an expert's last edits: a bounded stack of inverse operations (pure; no React). */
import type { Conclusion } from '../../../../shared/domain/conclusion'
import type { ItemScore } from '../../../../shared/domain/sheet'

export type Edit =
  | { kind: 'score'; itemId: string; before: ItemScore; after: ItemScore }
  | { kind: 'opinion'; dimensionId: string; before: string; after: string }
  | { kind: 'conclusion'; before: Conclusion | null; after: Conclusion | null }

export interface History {
  undo: Edit[]
  redo: Edit[]
}

export const HISTORY_LIMIT = 100

export const emptyHistory = (): History => ({ undo: [], redo: [] })

export function record(h: History, e: Edit): History {
  return { undo: [...h.undo, e].slice(-HISTORY_LIMIT), redo: [] }
}

/** Returns the edit to apply (the inverse of the last one) and the new history; null when nothing to undo. */
export function undo(h: History): { apply: Edit; history: History } | null {
  const last = h.undo.at(-1)
  if (!last) return null
  return { apply: invert(last), history: { undo: h.undo.slice(0, -1), redo: [...h.redo, last] } }
}

export function redo(h: History): { apply: Edit; history: History } | null {
  const last = h.redo.at(-1)
  if (!last) return null
  return { apply: last, history: { undo: [...h.undo, last], redo: h.redo.slice(0, -1) } }
}

function invert(e: Edit): Edit {
  switch (e.kind) {
    case 'score':
      return { ...e, before: e.after, after: e.before }
    case 'opinion':
      return { ...e, before: e.after, after: e.before }
    case 'conclusion':
      return { ...e, before: e.after, after: e.before }
  }
}

export function describeEdit(e: Edit): string {
  switch (e.kind) {
    case 'score':
      return '评分'
    case 'opinion':
      return '评审意见'
    case 'conclusion':
      return '评审结论'
  }
}
