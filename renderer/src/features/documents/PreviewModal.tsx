/** The preview of one document before export: the generated document's text as sanitized HTML, and its verification. */
import DOMPurify from 'dompurify'
import { Alert, Modal, Space, Spin, Typography } from 'antd'
import { useMemo } from 'react'
import type { PreviewState } from './useDocuments'
import { StatusBadge } from './VerificationResult'

/** HTML from the backend (mammoth, text escaped) is sanitized again here: no scripts, styles or event handlers. */
function sanitize(html: string): string {
  return DOMPurify.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'iframe', 'object', 'embed'],
    FORBID_ATTR: ['style'],
    ALLOWED_URI_REGEXP: /^(?:data:image\/(?:png|jpeg|gif);base64,|#)/i
  })
}

export function PreviewModal({ state, onClose }: { state: PreviewState; onClose: () => void }) {
  const html = useMemo(() => (state.preview ? sanitize(state.preview.html) : ''), [state.preview])
  const title = state.item ? `预览：${state.item.label}${state.item.expertName ? `（${state.item.expertName}）` : ''}` : '预览'
  return (
    <Modal open={state.item !== null} title={title} onCancel={onClose} footer={null} width={960} destroyOnHidden>
      {state.loading && <Spin description="正在生成文档…" />}
      {state.error && <Alert type="error" showIcon title="无法生成预览" description={state.error} />}
      {state.preview && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Space wrap>
            <Typography.Text>文件名：{state.preview.fileName}</Typography.Text>
            <Typography.Text>
              生成后立即验证：<StatusBadge status={state.preview.verification.status} />
            </Typography.Text>
          </Space>
          <Typography.Text type="secondary">预览只显示文字和表格内容；版式（字体、页边距、页码）以导出的 Word 文档为准。</Typography.Text>
          <div className="doc-preview" data-testid="document-preview" tabIndex={0} aria-label="文档内容预览" dangerouslySetInnerHTML={{ __html: html }} />
        </Space>
      )}
    </Modal>
  )
}
