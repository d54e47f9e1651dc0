/**
 * Saves an expert's edits as they are typed: numbers at once, texts after a short pause (and on blur, and
 * before the page goes away). Saves run one after another so a later edit never lands before an earlier one.
 * Tracks what is unsaved and the last error, and keeps an undo/redo history of the last edits.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import type { SheetView } from '../../../../shared/api/types'
import type { Conclusion } from '../../../../shared/domain/conclusion'
import { CONCLUSION_REASON_MAX } from '../../../../shared/domain/scoring'
import { LONG_TEXT_MAX, type CitedText, type ItemScore } from '../../../../shared/domain/sheet'
import { call, errorMessage } from '../../api'
import { emptyHistory, record, redo as redoOf, undo as undoOf, type Edit, type History } from './editHistory'

export const TEXT_SAVE_DELAY_MS = 80

/** The text key of the reason for a conclusion that departs from a veto (saved like an opinion, by its own call). */
export const REASON_KEY = '#conclusionReason'

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

const NO_SCORE: ItemScore = { value: null, na: false }

function withoutKey(o: Record<string, string>, key: string): Record<string, string> {
  const next = { ...o }
  delete next[key]
  return next
}

export function useSheetEditor(initial: SheetView): SheetEditor {
  const sheetId = initial.sheetId
  const [sheet, setSheet] = useState(initial)
  const [opinions, setOpinions] = useState<Record<string, string>>({ ...initial.opinions, [REASON_KEY]: initial.conclusionReason })
  const [pending, setPending] = useState(0)
  const [savedAt, setSavedAt] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({})
  // The history lives in a ref (undo applies edits: no side effects inside state updaters); `version` re-renders.
  const history = useRef<History>(emptyHistory())
  const [, setVersion] = useState(0)
  const setHistory = useCallback((next: History) => {
    history.current = next
    setVersion((v) => v + 1)
  }, [])
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>())
  const latestText = useRef(new Map<string, string>())
  /** The opinion text as last saved, per dimension: the "before" of the next opinion edit. */
  const savedText = useRef(new Map<string, string>([...Object.entries(initial.opinions), [REASON_KEY, initial.conclusionReason]]))
  const scoresRef = useRef(initial.scores)
  const conclusionRef = useRef(initial.conclusion)
  const queue = useRef<Promise<unknown>>(Promise.resolve())

  const enqueue = useCallback(<T,>(field: string, fn: () => Promise<T>, onDone: (t: T) => void) => {
    setPending((n) => n + 1)
    queue.current = queue.current
      .then(fn)
      .then(
        (t) => {
          onDone(t)
          setError(null)
          setFieldErrors((f) => (field in f ? withoutKey(f, field) : f))
        },
        (err: unknown) => {
          const msg = errorMessage(err)
          setError(msg)
          setFieldErrors((f) => ({ ...f, [field]: msg }))
        }
      )
      .finally(() => setPending((n) => n - 1))
  }, [])

  const applyScore = useCallback(
    (itemId: string, score: ItemScore) => {
      scoresRef.current = { ...scoresRef.current, [itemId]: score }
      setSheet((s) => ({ ...s, scores: { ...s.scores, [itemId]: score } }))
      // Local state is ahead of (or equal to) the server's: keep it, take only the save time.
      enqueue(`score:${itemId}`, () => call('sheets.setScore', { sheetId, itemId, value: score.value, na: score.na }), (v) => setSavedAt(v.updatedAt))
    },
    [enqueue, sheetId]
  )

  const saveText = useCallback(
    (dimensionId: string, recordEdit = true) => {
      const t = timers.current.get(dimensionId)
      if (t) clearTimeout(t)
      timers.current.delete(dimensionId)
      const text = latestText.current.get(dimensionId)
      if (text === undefined) return
      // Over the limit: kept on screen (and marked at the field) but not sent until it is shortened.
      if (text.length > (dimensionId === REASON_KEY ? CONCLUSION_REASON_MAX : LONG_TEXT_MAX)) return
      latestText.current.delete(dimensionId)
      const before = savedText.current.get(dimensionId) ?? ''
      if (before === text) return
      savedText.current.set(dimensionId, text)
      if (recordEdit) setHistory(record(history.current, { kind: 'opinion', dimensionId, before, after: text }))
      const save = dimensionId === REASON_KEY ? () => call('sheets.setConclusionReason', { sheetId, text }) : () => call('sheets.setOpinion', { sheetId, dimensionId, text })
      enqueue(`opinion:${dimensionId}`, save, (ack) => setSavedAt(ack.savedAt))
    },
    [enqueue, sheetId, setHistory]
  )

  const applyOpinion = useCallback(
    (dimensionId: string, text: string, recordEdit: boolean) => {
      setOpinions((o) => ({ ...o, [dimensionId]: text }))
      latestText.current.set(dimensionId, text)
      if (!recordEdit) {
        saveText(dimensionId, false)
        return
      }
      const t = timers.current.get(dimensionId)
      if (t) clearTimeout(t)
      timers.current.set(
        dimensionId,
        setTimeout(() => saveText(dimensionId), TEXT_SAVE_DELAY_MS)
      )
    },
    [saveText]
  )

  const applyConclusion = useCallback(
    (c: Conclusion | null) => {
      conclusionRef.current = c
      setSheet((s) => ({ ...s, conclusion: c }))
      enqueue('conclusion', () => call('sheets.setConclusion', { sheetId, conclusion: c }), (v) => setSavedAt(v.updatedAt))
    },
    [enqueue, sheetId]
  )

  const apply = useCallback(
    (e: Edit) => {
      if (e.kind === 'score') applyScore(e.itemId, e.after)
      else if (e.kind === 'opinion') applyOpinion(e.dimensionId, e.after, false)
      else applyConclusion(e.after)
    },
    [applyScore, applyOpinion, applyConclusion]
  )

  const setScore = useCallback(
    (itemId: string, value: number | null, na: boolean) => {
      const before = scoresRef.current[itemId] ?? NO_SCORE
      const after = { value, na }
      if (before.value === after.value && before.na === after.na) return
      setHistory(record(history.current, { kind: 'score', itemId, before, after }))
      applyScore(itemId, after)
    },
    [applyScore, setHistory]
  )

  const setConclusion = useCallback(
    (c: Conclusion | null) => {
      setHistory(record(history.current, { kind: 'conclusion', before: conclusionRef.current, after: c }))
      applyConclusion(c)
    },
    [applyConclusion, setHistory]
  )

  const setList = useCallback(
    (kind: 'mainProblems' | 'suggestions', items: CitedText[]) => {
      setSheet((s) => ({ ...s, [kind]: items }))
      enqueue(kind, () => call('sheets.setList', { sheetId, kind, items }), (v) => setSavedAt(v.updatedAt))
    },
    [enqueue, sheetId]
  )

  const undo = useCallback(() => {
    for (const id of [...latestText.current.keys()]) saveText(id)
    const r = undoOf(history.current)
    if (!r) return
    setHistory(r.history)
    apply(r.apply)
  }, [apply, saveText, setHistory])

  const redo = useCallback(() => {
    const r = redoOf(history.current)
    if (!r) return
    setHistory(r.history)
    apply(r.apply)
  }, [apply, setHistory])

  const flush = useCallback(async () => {
    for (const id of [...latestText.current.keys()]) saveText(id)
    await queue.current
  }, [saveText])

  useEffect(() => {
    const flushAll = () => {
      for (const id of [...latestText.current.keys()]) saveText(id)
    }
    window.addEventListener('beforeunload', flushAll)
    return () => {
      window.removeEventListener('beforeunload', flushAll)
      flushAll()
    }
  }, [saveText])

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
    setOpinion: (dimensionId, text) => applyOpinion(dimensionId, text, true),
    flushOpinion: (dimensionId) => saveText(dimensionId),
    setConclusion,
    conclusionReason: opinions[REASON_KEY] ?? '',
    setConclusionReason: (text) => applyOpinion(REASON_KEY, text, true),
    flushConclusionReason: () => saveText(REASON_KEY),
    setList,
    undo,
    redo,
    flush
  }
}
