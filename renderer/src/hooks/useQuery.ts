/**
 * Loads data from the backend, with loading and error state, and a reload. `initial`: data the first render already
 * has (an answer prefetched at start-up, api.ts `earlyData`): shown at once and not loaded again on mount.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { errorMessage } from '../api'

export interface QueryState<T> {
  data: T | undefined
  error: string | null
  loading: boolean
  reload: () => Promise<void>
  setData: (t: T) => void
}

export function useQuery<T>(load: () => Promise<T>, deps: readonly unknown[], initial?: T): QueryState<T> {
  const [data, setData] = useState<T | undefined>(initial)
  const [error, setError] = useState<string | null>(null)
  const [loading, setLoading] = useState(initial === undefined)
  const generation = useRef(0)
  const hadInitial = useRef(initial !== undefined)
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const run = useCallback(load, deps)
  const reload = useCallback(async () => {
    const g = ++generation.current
    setLoading(true)
    try {
      const v = await run()
      if (g === generation.current) {
        setData(v)
        setError(null)
      }
    } catch (err) {
      if (g === generation.current) setError(errorMessage(err))
    } finally {
      if (g === generation.current) setLoading(false)
    }
  }, [run])
  useEffect(() => {
    // The first mount with `initial` has its data; later mounts (React's StrictMode) and changed deps load.
    if (hadInitial.current) hadInitial.current = false
    else void reload()
  }, [reload])
  return { data, error, loading, reload, setData }
}
