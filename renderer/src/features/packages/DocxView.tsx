/** A Word document as HTML (mammoth in the backend), sanitised with DOMPurify before it touches the page. */
import { Alert, Spin } from 'antd'
import DOMPurify from 'dompurify'
import { useMemo } from 'react'
import type { DocumentView } from '../../../../shared/api/packageTypes'
import { call } from '../../api'
import { useQuery } from '../../hooks/useQuery'
import { NotesPanel } from './NotesPanel'
import { useDocumentNotes } from './useDocumentNotes'

/** Only structure and text: no scripts, styles, forms, frames, or links that navigate away. */
export function sanitiseDocxHtml(html: string): string {
  return DOMPurify.sanitize(html, {
    ALLOWED_TAGS: ['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'b', 'em', 'i', 'u', 's', 'sup', 'sub', 'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'br', 'span', 'blockquote'],
    ALLOWED_ATTR: ['colspan', 'rowspan'],
    ALLOW_DATA_ATTR: false
  })
}

export function DocxView({ doc, canWrite }: { doc: DocumentView; canWrite: boolean }) {
  const q = useQuery(() => call('packages.documentHtml', { documentId: doc.id }), [doc.id])
  const html = useMemo(() => (q.data ? sanitiseDocxHtml(q.data.html) : ''), [q.data])
  const notes = useDocumentNotes(doc.id, canWrite)
  if (q.error) return <Alert type="error" showIcon title={`无法显示“${doc.title}”`} description={q.error} />
  if (!q.data) return <Spin />
  return (
    <div className="pd-pdf-body">
      {/* Sanitised above: the only place package text is rendered as HTML. */}
      <article className="pd-docx" tabIndex={0} aria-label={doc.title} dangerouslySetInnerHTML={{ __html: html }} />
      <NotesPanel page={null} notes={notes.notes} canWrite={canWrite} onAdd={notes.add} onDelete={notes.remove} onGoTo={() => undefined} />
    </div>
  )
}
