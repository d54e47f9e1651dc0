/**
 * Saves a whole value (a draft) a short pause after the last edit, one save after another so that a later value
 * never lands before an earlier one; saves what is pending when the component goes away (switching project,
 * leaving the page) or the page is hidden. Reports saving / saved at / the last error.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { errorMessage } from '../api'

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
  const saveRef = useRef(save)
  saveRef.current = save
  const latest = useRef<{ value: T } | null>(null)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const queue = useRef<Promise<void>>(Promise.resolve())

  const flush = useCallback((): Promise<void> => {
    if (timer.current) clearTimeout(timer.current)
    timer.current = null
    const next = latest.current
    if (next) {
      latest.current = null
      setSaving(true)
      queue.current = queue.current
        .then(() => saveRef.current(next.value))
        .then(
          () => {
            setSavedAt(new Date())
            setError(null)
          },
          (err: unknown) => {
            // Kept for the next try unless a newer value came meanwhile.
            latest.current ??= next
            setError(errorMessage(err))
          }
        )
        .finally(() => setSaving(false))
    }
    return queue.current
  }, [])

  const schedule = useCallback(
    (value: T) => {
      latest.current = { value }
      if (timer.current) clearTimeout(timer.current)
      timer.current = setTimeout(() => void flush(), delayMs)
    },
    [flush, delayMs]
  )

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
