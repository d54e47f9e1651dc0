/**
 * Saves an expert's edits as they are typed: numbers at once, texts after a short pause (and on blur, and
 * before the page goes away). Tracks what is still unsaved and the last error, so the UI can say so.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import type { SheetView } from '../../../../shared/api/types'
import type { Conclusion } from '../../../../shared/domain/conclusion'
import { call, errorMessage } from '../../api'

export const TEXT_SAVE_DELAY_MS = 80

export interface SheetEditor {
  sheet: SheetView
  opinions: Record<string, string>
  pending: number
  savedAt: string | null
  error: string | null
  setScore: (itemId: string, value: number | null, na: boolean) => void
  setOpinion: (dimensionId: string, text: string) => void
  flushOpinion: (dimensionId: string) => void
  setConclusion: (c: Conclusion | null) => void
}

export function useSheetEditor(initial: SheetView): SheetEditor {
  const [sheet, setSheet] = useState(initial)
  const [opinions, setOpinions] = useState<Record<string, string>>(initial.opinions)
  const [pending, setPending] = useState(0)
  const [savedAt, setSavedAt] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>())
  const latestText = useRef(new Map<string, string>())
  const queue = useRef<Promise<unknown>>(Promise.resolve())

  /** Runs saves one after another, so that a later edit never lands before an earlier one. */
  const enqueue = useCallback(<T,>(fn: () => Promise<T>, onDone: (t: T) => void) => {
    setPending((n) => n + 1)
    queue.current = queue.current
      .then(fn)
      .then(
        (t) => {
          onDone(t)
          setError(null)
        },
        (err: unknown) => setError(errorMessage(err))
      )
      .finally(() => setPending((n) => n - 1))
  }, [])

  const setScore = useCallback(
    (itemId: string, value: number | null, na: boolean) => {
      setSheet((s) => ({ ...s, scores: { ...s.scores, [itemId]: { value, na } } }))
      enqueue(
        () => call('sheets.setScore', { sheetId: initial.sheetId, itemId, value, na }),
        // Local state is ahead of (or equal to) the server's: keep it, take only the save time.
        (v) => setSavedAt(v.updatedAt)
      )
    },
    [enqueue, initial.sheetId]
  )

  const saveText = useCallback(
    (dimensionId: string) => {
      const t = timers.current.get(dimensionId)
      if (t) clearTimeout(t)
      timers.current.delete(dimensionId)
      const text = latestText.current.get(dimensionId)
      if (text === undefined) return
      latestText.current.delete(dimensionId)
      enqueue(
        () => call('sheets.setOpinion', { sheetId: initial.sheetId, dimensionId, text }),
        (ack) => setSavedAt(ack.savedAt)
      )
    },
    [enqueue, initial.sheetId]
  )

  const setOpinion = useCallback(
    (dimensionId: string, text: string) => {
      setOpinions((o) => ({ ...o, [dimensionId]: text }))
      latestText.current.set(dimensionId, text)
      const t = timers.current.get(dimensionId)
      if (t) clearTimeout(t)
      timers.current.set(
        dimensionId,
        setTimeout(() => saveText(dimensionId), TEXT_SAVE_DELAY_MS)
      )
    },
    [saveText]
  )

  const setConclusion = useCallback(
    (c: Conclusion | null) => {
      setSheet((s) => ({ ...s, conclusion: c }))
      enqueue(
        () => call('sheets.setConclusion', { sheetId: initial.sheetId, conclusion: c }),
        (v) => setSavedAt(v.updatedAt)
      )
    },
    [enqueue, initial.sheetId]
  )

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

  return { sheet, opinions, pending, savedAt, error, setScore, setOpinion, flushOpinion: saveText, setConclusion }
}
