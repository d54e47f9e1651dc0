/**
 * The save machinery of useSheetEditor: one queue of saves that run one after another (so a later edit never lands
 * before an earlier one) with what is unsaved and the last errors, and the typed texts (opinions and the conclusion
 * reason) saved after a short pause, on blur and before the page goes away.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import type { SheetView } from '../../../../shared/api/types'
import { call, errorMessage } from '../../api'
import type { Edit } from './editHistory'
import { fieldErrorsAfter, initialTexts, REASON_KEY, textSaveStep } from './sheetEditorLogic'

export const TEXT_SAVE_DELAY_MS = 80

export type Enqueue = <T>(field: string, fn: () => Promise<T>, onDone: (t: T) => void) => void

export function useSaveQueue() {
  const [pending, setPending] = useState(0)
  const [savedAt, setSavedAt] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({})
  const queue = useRef<Promise<unknown>>(Promise.resolve())

  const enqueue: Enqueue = useCallback(<T,>(field: string, fn: () => Promise<T>, onDone: (t: T) => void) => {
    setPending((n) => n + 1)
    queue.current = queue.current
      .then(fn)
      .then(
        (t) => {
          onDone(t)
          setError(null)
          setFieldErrors((f) => fieldErrorsAfter(f, field, null))
        },
        (err: unknown) => {
          const msg = errorMessage(err)
          setError(msg)
          setFieldErrors((f) => fieldErrorsAfter(f, field, msg))
        }
      )
      .finally(() => setPending((n) => n - 1))
  }, [])

  return { pending, savedAt, setSavedAt, error, fieldErrors, enqueue, queue }
}

interface TextSavesDeps {
  enqueue: Enqueue
  setSavedAt: (at: string) => void
  /** Records a text edit in the undo history. */
  recordEdit: (e: Edit) => void
}

export function useTextSaves(initial: SheetView, { enqueue, setSavedAt, recordEdit }: TextSavesDeps) {
  const sheetId = initial.sheetId
  const [opinions, setOpinions] = useState<Record<string, string>>(() => initialTexts(initial))
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>())
  const latestText = useRef(new Map<string, string>())
  /** The text as last saved, per key: the "before" of the next text edit. */
  const savedText = useRef(new Map<string, string>(Object.entries(initialTexts(initial))))

  const saveText = useCallback(
    (key: string, record = true) => {
      const t = timers.current.get(key)
      if (t) clearTimeout(t)
      timers.current.delete(key)
      const text = latestText.current.get(key)
      const before = savedText.current.get(key) ?? ''
      const step = textSaveStep(key, text, before)
      if (text === undefined || step === 'nothing' || step === 'overLimit') return
      latestText.current.delete(key)
      if (step === 'unchanged') return
      savedText.current.set(key, text)
      if (record) recordEdit({ kind: 'opinion', dimensionId: key, before, after: text })
      const save = key === REASON_KEY ? () => call('sheets.setConclusionReason', { sheetId, text }) : () => call('sheets.setOpinion', { sheetId, dimensionId: key, text })
      enqueue(`opinion:${key}`, save, (ack) => setSavedAt(ack.savedAt))
    },
    [enqueue, sheetId, recordEdit, setSavedAt]
  )

  const applyText = useCallback(
    (key: string, text: string, record: boolean) => {
      setOpinions((o) => ({ ...o, [key]: text }))
      latestText.current.set(key, text)
      if (!record) {
        saveText(key, false)
        return
      }
      const t = timers.current.get(key)
      if (t) clearTimeout(t)
      timers.current.set(
        key,
        setTimeout(() => saveText(key), TEXT_SAVE_DELAY_MS)
      )
    },
    [saveText]
  )

  const saveAllTexts = useCallback(() => {
    for (const key of [...latestText.current.keys()]) saveText(key)
  }, [saveText])

  useEffect(() => {
    window.addEventListener('beforeunload', saveAllTexts)
    return () => {
      window.removeEventListener('beforeunload', saveAllTexts)
      saveAllTexts()
    }
  }, [saveAllTexts])

  return { opinions, saveText, applyText, saveAllTexts }
}
