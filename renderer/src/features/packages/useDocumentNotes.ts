/** The acting expert's notes on one document (stored per expert, replicated with the rest of their work). */
import { useCallback } from 'react'
import type { DocumentNoteView } from '../../../../shared/api/packageTypes'
import { call } from '../../api'
import { useQuery } from '../../hooks/useQuery'

export function useDocumentNotes(documentId: string, enabled: boolean) {
  const q = useQuery<DocumentNoteView[]>(() => (enabled ? call('documentNotes.list', { documentId }) : Promise.resolve([])), [documentId, enabled])
  const { reload } = q
  const add = useCallback(
    async (page: number | null, text: string) => {
      await call('documentNotes.add', { documentId, page, text })
      await reload()
    },
    [documentId, reload]
  )
  const remove = useCallback(
    async (noteId: string) => {
      await call('documentNotes.delete', { noteId })
      await reload()
    },
    [reload]
  )
  return { notes: q.data ?? [], error: q.error, add, remove }
}

/** Notes per page, for the page navigator. */
export function notesByPage(notes: readonly DocumentNoteView[]): Map<number | null, DocumentNoteView[]> {
  const m = new Map<number | null, DocumentNoteView[]>()
  for (const n of notes) m.set(n.page, [...(m.get(n.page) ?? []), n])
  return m
}
