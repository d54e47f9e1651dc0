/** 验证文档: pick a .docx made by PanelDesk and see whether it is 有效, 已篡改 or 无法验证, and what changed. */
import { Alert, Button, Card, Space, Spin, Typography } from 'antd'
import { useRef, useState } from 'react'
import type { DocumentVerification } from '../../../../shared/api/documentTypes'
import { call, errorMessage } from '../../api'
import { readFileBase64 } from './useDocuments'
import { VerificationResult } from './VerificationResult'
import { RestoreButton, TrustSecretariat } from './VerifyActions'
import { PageTitle } from '../../components/PageTitle'

const MAX_BYTES = 12 * 1024 * 1024

export function VerifyPage() {
  const input = useRef<HTMLInputElement>(null)
  const [fileName, setFileName] = useState<string | null>(null)
  const [result, setResult] = useState<DocumentVerification | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [upload, setUpload] = useState<{ fileName: string; base64: string } | null>(null)
  const verify = async (u: { fileName: string; base64: string }) => {
    setBusy(true)
    try {
      setResult(await call('documents.verify', u))
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }
  const onFile = async (file: File | undefined) => {
    if (!file) return
    setFileName(file.name)
    setResult(null)
    setError(null)
    setUpload(null)
    if (file.size > MAX_BYTES) {
      setError('文件超过 12 MB，不是评审台生成的评审文档。')
      return
    }
    setBusy(true)
    try {
      const u = { fileName: file.name, base64: await readFileBase64(file) }
      setUpload(u)
      setResult(await call('documents.verify', u))
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
      if (input.current) input.current.value = ''
    }
  }
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <PageTitle>
        验证文档
      </PageTitle>
      <Card>
        <Typography.Paragraph>
          选择评审台生成的 Word 文档（.docx），检查文档中内嵌的国密 SM2/SM3 签名，以及文档所示的分数、金额、意见和结论是否与签名内容一致。
          签名以评审会报到时登记的专家公钥指纹核验，不依赖 CA 数字证书。文件只在本机检查，不会上传到其他地方。
        </Typography.Paragraph>
        <input
          ref={input}
          id="verify-file"
          type="file"
          accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
          aria-label="选择要验证的 Word 文档"
          style={{ display: 'none' }}
          onChange={(e) => void onFile(e.target.files?.[0])}
        />
        <Space>
          <Button type="primary" size="large" onClick={() => input.current?.click()} loading={busy}>
            选择 Word 文档…
          </Button>
          {fileName && <Typography.Text>{fileName}</Typography.Text>}
        </Space>
      </Card>
      {busy && <Spin description="正在验证…" />}
      {error && <Alert type="error" showIcon title="无法验证该文件" description={error} />}
      {result && (
        <Card title="验证结果">
          <VerificationResult result={result} {...(fileName ? { fileName } : {})} />
          {upload && (
            <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
              <TrustSecretariat result={result} onTrusted={() => void verify(upload)} />
              {result.signatures.length > 0 && <RestoreButton key={`${upload.fileName}-${upload.base64.length}`} {...upload} />}
            </Space>
          )}
        </Card>
      )}
    </Space>
  )
}
