/**
 * Saves an expert's edits as they are typed: numbers at once, texts after a short pause (and on blur, and
 * before the page goes away). Saves run one after another so a later edit never lands before an earlier one.
 * Tracks what is unsaved and the last error, and keeps an undo/redo history of the last edits.
 */
import { useCallback, useRef, useState } from 'react'
import type { SheetView } from '../../../../shared/api/types'
import type { Conclusion } from '../../../../shared/domain/conclusion'
import type { CitedText, ItemScore } from '../../../../shared/domain/sheet'
import { call } from '../../api'
import { emptyHistory, record, redo as redoOf, undo as undoOf, type Edit, type History } from './editHistory'
import { NO_SCORE, REASON_KEY, sameScore } from './sheetEditorLogic'
import { useSaveQueue, useTextSaves, type Enqueue } from './useSheetSaves'

export { REASON_KEY } from './sheetEditorLogic'
export { TEXT_SAVE_DELAY_MS } from './useSheetSaves'

export interface SheetEditor {
  sheet: SheetView
  opinions: Record<string, string>
  pending: number
  savedAt: string | null
  error: string | null
  /** The last save refusal per field ('score:<item>', 'opinion:<dimension>', 'mainProblems', 'suggestions', 'conclusion'). */
  fieldErrors: Record<string, string>
  canUndo: boolean
  canRedo: boolean
  setScore: (itemId: string, value: number | null, na: boolean) => void
  setOpinion: (dimensionId: string, text: string) => void
  flushOpinion: (dimensionId: string) => void
  setConclusion: (c: Conclusion | null) => void
  /** The reason for a conclusion that departs from a veto, as typed. */
  conclusionReason: string
  setConclusionReason: (text: string) => void
  flushConclusionReason: () => void
  setList: (kind: 'mainProblems' | 'suggestions', items: CitedText[]) => void
  undo: () => void
  redo: () => void
  /** Saves everything typed so far and waits until every save has landed. */
  flush: () => Promise<void>
}

/** The undo/redo history, kept in a ref (undo applies edits: no side effects inside state updaters); a change re-renders. */
function useHistory() {
  const history = useRef<History>(emptyHistory())
  const [, setVersion] = useState(0)
  const setHistory = useCallback((next: History) => {
    history.current = next
    setVersion((v) => v + 1)
  }, [])
  const recordEdit = useCallback((e: Edit) => setHistory(record(history.current, e)), [setHistory])
  return { history, setHistory, recordEdit }
}

/** The sheet as edited: scores, conclusion and lists applied at once on screen and queued for saving. */
function useSheetFields(initial: SheetView, enqueue: Enqueue, setSavedAt: (at: string) => void) {
  const sheetId = initial.sheetId
  const [sheet, setSheet] = useState(initial)
  const scoresRef = useRef(initial.scores)
  const conclusionRef = useRef(initial.conclusion)

  const applyScore = useCallback(
    (itemId: string, score: ItemScore) => {
      scoresRef.current = { ...scoresRef.current, [itemId]: score }
      setSheet((s) => ({ ...s, scores: { ...s.scores, [itemId]: score } }))
      // Local state is ahead of (or equal to) the server's: keep it, take only the save time.
      enqueue(`score:${itemId}`, () => call('sheets.setScore', { sheetId, itemId, value: score.value, na: score.na }), (v) => setSavedAt(v.updatedAt))
    },
    [enqueue, sheetId, setSavedAt]
  )

  const applyConclusion = useCallback(
    (c: Conclusion | null) => {
      conclusionRef.current = c
      setSheet((s) => ({ ...s, conclusion: c }))
      enqueue('conclusion', () => call('sheets.setConclusion', { sheetId, conclusion: c }), (v) => setSavedAt(v.updatedAt))
    },
    [enqueue, sheetId, setSavedAt]
  )

  const setList = useCallback(
    (kind: 'mainProblems' | 'suggestions', items: CitedText[]) => {
      setSheet((s) => ({ ...s, [kind]: items }))
      enqueue(kind, () => call('sheets.setList', { sheetId, kind, items }), (v) => setSavedAt(v.updatedAt))
    },
    [enqueue, sheetId, setSavedAt]
  )

  return { sheet, scoresRef, conclusionRef, applyScore, applyConclusion, setList }
}

export function useSheetEditor(initial: SheetView): SheetEditor {
  const { history, setHistory, recordEdit } = useHistory()
  const { pending, savedAt, setSavedAt, error, fieldErrors, enqueue, queue } = useSaveQueue()
  const { opinions, saveText, applyText, saveAllTexts } = useTextSaves(initial, { enqueue, setSavedAt, recordEdit })
  const { sheet, scoresRef, conclusionRef, applyScore, applyConclusion, setList } = useSheetFields(initial, enqueue, setSavedAt)

  const apply = useCallback(
    (e: Edit) => {
      if (e.kind === 'score') applyScore(e.itemId, e.after)
      else if (e.kind === 'opinion') applyText(e.dimensionId, e.after, false)
      else applyConclusion(e.after)
    },
    [applyScore, applyText, applyConclusion]
  )

  const setScore = useCallback(
    (itemId: string, value: number | null, na: boolean) => {
      const before = scoresRef.current[itemId] ?? NO_SCORE
      const after = { value, na }
      if (sameScore(before, after)) return
      recordEdit({ kind: 'score', itemId, before, after })
      applyScore(itemId, after)
    },
    [applyScore, recordEdit, scoresRef]
  )

  const setConclusion = useCallback(
    (c: Conclusion | null) => {
      recordEdit({ kind: 'conclusion', before: conclusionRef.current, after: c })
      applyConclusion(c)
    },
    [applyConclusion, conclusionRef, recordEdit]
  )

  const step = useCallback(
    (which: 'undo' | 'redo') => {
      if (which === 'undo') saveAllTexts()
      const r = which === 'undo' ? undoOf(history.current) : redoOf(history.current)
      if (!r) return
      setHistory(r.history)
      apply(r.apply)
    },
    [apply, history, saveAllTexts, setHistory]
  )
  const undo = useCallback(() => step('undo'), [step])
  const redo = useCallback(() => step('redo'), [step])

  const flush = useCallback(async () => {
    saveAllTexts()
    await queue.current
  }, [queue, saveAllTexts])

  return {
    sheet,
    opinions,
    pending,
    savedAt,
    error,
    fieldErrors,
    canUndo: history.current.undo.length > 0,
    canRedo: history.current.redo.length > 0,
    setScore,
    setOpinion: (dimensionId, text) => applyText(dimensionId, text, true),
    flushOpinion: (dimensionId) => saveText(dimensionId),
    setConclusion,
    conclusionReason: opinions[REASON_KEY] ?? '',
    setConclusionReason: (text) => applyText(REASON_KEY, text, true),
    flushConclusionReason: () => saveText(REASON_KEY),
    setList,
    undo,
    redo,
    flush
  }
}
