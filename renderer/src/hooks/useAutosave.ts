/**
 * Saves a whole value (a draft) a short pause after the last edit, one save after another so that a later value
 * never lands before an earlier one; saves what is pending when the component goes away (switching project,
 * leaving the page) or the page is hidden. Reports saving / saved at / the last error. The queue itself is
 * `AutosaveQueue` (autosaveQueue.ts, unit-tested).
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { errorMessage } from '../api'
import { AutosaveQueue } from './autosaveQueue'

export interface Autosave<T> {
  saving: boolean
  savedAt: Date | null
  error: string | null
  /** Remembers the newest value and saves it after the pause. */
  schedule: (value: T) => void
  /** Saves the pending value now (if any) and resolves when every save so far has landed. */
  flush: () => Promise<void>
}

export function useAutosave<T>(save: (value: T) => Promise<unknown>, delayMs = 600): Autosave<T> {
  const [saving, setSaving] = useState(false)
  const [savedAt, setSavedAt] = useState<Date | null>(null)
  const [error, setError] = useState<string | null>(null)
  const queue = useRef<AutosaveQueue<T> | null>(null)
  queue.current ??= new AutosaveQueue(save, delayMs, { saving: setSaving, saved: setSavedAt, error: setError }, errorMessage)
  queue.current.setSave(save)

  const flush = useCallback((): Promise<void> => queue.current!.flush(), [])
  const schedule = useCallback((value: T) => queue.current!.schedule(value), [])

  useEffect(() => {
    const onHide = () => void flush()
    window.addEventListener('pagehide', onHide)
    return () => {
      window.removeEventListener('pagehide', onHide)
      void flush()
    }
  }, [flush])

  return { saving, savedAt, error, schedule, flush }
}
