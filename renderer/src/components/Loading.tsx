/**
 * The loading state shown while a page or dialog loaded on demand (React.lazy) arrives: a spinner with Chinese
 * text, announced to screen readers (role="status"). The page's own title takes the focus when it appears
 * (PageTitle, focusRules), so nothing here takes it.
 */
import { Spin } from 'antd'

export function PageLoading({ text = '正在打开…' }: { text?: string }) {
  return (
    <div role="status" aria-live="polite" data-testid="page-loading" style={{ display: 'flex', alignItems: 'center', gap: 12, marginTop: 80, justifyContent: 'center', color: '#5c6573' }}>
      <Spin />
      <span>{text}</span>
    </div>
  )
}
