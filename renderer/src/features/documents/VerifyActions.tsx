/**
 * What the 验证文档 page offers after a verification: 恢复签名原文 (the document regenerated from its signed data,
 * saved as a new file 〈原名〉-签名原文.docx — the original is never touched), and, when the document's secretariat
 * is not trusted here, saving that secretariat's fingerprint as typed from what the secretariat published.
 */
import { Alert, Button, Input, Space, Typography } from 'antd'
import { useState } from 'react'
import type { DocumentVerification, RestoredDocument } from '../../../../shared/api/documentTypes'
import { call, errorMessage } from '../../api'
import { saveBlob } from '../../transfer'

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

function saveBytes(base64: string, fileName: string): void {
  const bin = atob(base64)
  const bytes = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i)
  saveBlob(new Blob([bytes], { type: DOCX_TYPE }), fileName)
}

/** Runs one backend action with a busy flag and a Chinese error message. */
function useAction(): { busy: boolean; error: string | null; setError: (e: string | null) => void; run: (fn: () => Promise<void>) => Promise<void> } {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const run = async (fn: () => Promise<void>) => {
    setBusy(true)
    setError(null)
    try {
      await fn()
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }
  return { busy, error, setError, run }
}

export function RestoreButton({ fileName, base64 }: { fileName: string; base64: string }) {
  const { busy, error, run } = useAction()
  const [done, setDone] = useState<RestoredDocument | null>(null)
  const restore = () =>
    run(async () => {
      setDone(null)
      const r = await call('documents.restore', { fileName, base64 })
      saveBytes(r.base64, r.fileName)
      setDone(r)
    })
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Button onClick={() => void restore()} loading={busy}>
          恢复签名原文
        </Button>
        <Typography.Text type="secondary">由文档内嵌的签名数据重新生成原文，另存为新文件，不改动所选文件。</Typography.Text>
      </Space>
      {done && (
        <Alert
          type="success"
          showIcon
          data-testid="restore-result"
          title={`已恢复签名原文：${done.fileName}`}
          description={`新文件已交给浏览器保存（下载或另存为），原文件未改动。本机验证新文件：${done.verification.status}。`}
        />
      )}
      {error && <Alert type="error" showIcon title="无法恢复签名原文" description={error} />}
    </Space>
  )
}

export function TrustSecretariat({ result, onTrusted }: { result: DocumentVerification; onTrusted: () => void }) {
  const [text, setText] = useState('')
  const { busy, error, setError, run } = useAction()
  const c = result.charter
  if (result.status !== '身份未确认' || !c || c.status !== 'valid' || c.trusted) return null
  const save = async () => {
    const typed = text.normalize('NFKC').replace(/[\s\-:]/g, '').toLowerCase()
    if (/^[0-9a-f]{32}([0-9a-f]{32})?$/.test(typed) && !c.secretariatFingerprint.startsWith(typed)) {
      setError('输入的指纹与签署该文档名单的秘书处公钥指纹不一致：文档可能不是该评审会秘书处签署的，未保存。')
      return
    }
    await run(async () => {
      await call('documents.trustSecretariat', { fingerprint: text })
      onTrusted()
    })
  }
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph style={{ margin: 0 }}>
        文档由“{c.meetingName}”的秘书处签署了评审专家名单，但本机尚未信任该秘书处的公钥。请照评审会秘书处公布的秘书处公钥指纹（32 或 64 位）输入，
        与文档中的一致时本机保存并重新验证，以后验证该秘书处导出的文档无需再输入。
      </Typography.Paragraph>
      <Space.Compact style={{ maxWidth: 640, width: '100%' }}>
        <Input aria-label="秘书处公钥指纹" placeholder="如 1A2B 3C4D …" value={text} onChange={(e) => setText(e.target.value)} onPressEnter={() => void save()} />
        <Button type="primary" onClick={() => void save()} loading={busy} disabled={!text.trim()}>
          保存并重新验证
        </Button>
      </Space.Compact>
      {error && <Alert type="error" showIcon title="未保存" description={error} />}
    </Space>
  )
}
