/**
 * The loading state shown while a page or dialog loaded on demand (React.lazy) arrives: a spinner with Chinese
 * text, announced to screen readers (role="status"). The page's own title takes the focus when it appears
 * (PageTitle, focusRules), so nothing here takes it. Plain CSS (global.css, .pd-spinner): it shows while antd
 * itself may still be loading.
 */
export function PageLoading({ text = '正在打开…' }: { text?: string }) {
  return (
    <div role="status" aria-live="polite" data-testid="page-loading" className="pd-page-loading">
      <span className="pd-spinner" aria-hidden="true" />
      <span>{text}</span>
    </div>
  )
}
