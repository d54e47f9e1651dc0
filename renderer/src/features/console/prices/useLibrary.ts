/**
 * The library's state in the 价格参考 tab: the filter as typed and as applied (the search box and dates apply a
 * moment after typing stops, or at once on Enter), the page, the backend's answer, and the edits of this session
 * for 撤销 (newest last).
 */
import { useCallback, useEffect, useState } from 'react'
import type { PriceLibraryRowView } from '../../../../../shared/api/priceTypes'
import { call } from '../../../api'
import { useQuery } from '../../../hooks/useQuery'
import { EMPTY_FILTER, pageQuery, PAGE_SIZE, type LibraryFilterState } from './libraryView'

export interface SessionEdit {
  editId: number
  name: string
  what: string
}

export function useLibrary(meetingId: string) {
  const [typed, setTyped] = useState<LibraryFilterState>(EMPTY_FILTER)
  const [applied, setApplied] = useState<LibraryFilterState>(EMPTY_FILTER)
  const [page, setPage] = useState(1)
  const [edits, setEdits] = useState<SessionEdit[]>([])
  useEffect(() => {
    if (typed === applied) return
    const t = setTimeout(() => {
      setApplied(typed)
      setPage(1)
    }, 350)
    return () => clearTimeout(t)
  }, [typed, applied])
  const key = JSON.stringify(pageQuery(applied, page))
  const q = useQuery(() => call('prices.library', { meetingId, ...pageQuery(applied, page) }), [meetingId, key])
  /** Changes the filter; `now` applies it at once (lists, Enter) instead of after typing stops. */
  const setFilter = useCallback(
    (patch: Partial<LibraryFilterState>, now = true) => {
      const next = { ...typed, ...patch }
      setTyped(next)
      if (now) {
        setApplied(next)
        setPage(1)
      }
    },
    [typed]
  )
  const reset = useCallback(() => {
    setTyped(EMPTY_FILTER)
    setApplied(EMPTY_FILTER)
    setPage(1)
  }, [])
  const replaceRow = useCallback(
    (row: PriceLibraryRowView) => {
      if (q.data) q.setData({ ...q.data, rows: q.data.rows.map((r) => (r.id === row.id ? row : r)) })
    },
    [q]
  )
  const pushEdit = useCallback((e: SessionEdit) => setEdits((list) => [...list.slice(-49), e]), [])
  const popEdit = useCallback(() => setEdits((list) => list.slice(0, -1)), [])
  return { typed, applied, setFilter, reset, page, setPage, pageSize: PAGE_SIZE, q, replaceRow, edits, pushEdit, popEdit }
}

export type LibraryState = ReturnType<typeof useLibrary>
