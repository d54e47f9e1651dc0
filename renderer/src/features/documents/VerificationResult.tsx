/** A verification report: 有效 / 已篡改 / 无法验证 in words and colour, the reason, each signature and each change. */
import { Alert, Descriptions, Table, Typography } from 'antd'
import type { DocumentVerification, MismatchView, SignatureCheckView } from '../../../../shared/api/documentTypes'
import { SIGNED_KIND_SHORT } from '../../../../shared/signing/kindLabels'
import { Badge, type Tone } from '../../components/Badge'

const STATUS_TONE: Record<DocumentVerification['status'], Tone> = { 有效: 'success', 已篡改: 'danger', 无法验证: 'warning', 身份未确认: 'warning' }
const SIG_LABEL: Record<SignatureCheckView['status'], [string, Tone]> = {
  valid: ['有效', 'success'],
  tampered: ['已篡改', 'danger'],
  unverifiable: ['无法验证', 'warning']
}

const IDENTITY: Record<SignatureCheckView['identity'], string> = { charter: '秘书处名单确认', registered: '登记指纹确认', unconfirmed: '未确认' }

export function StatusBadge({ status }: { status: DocumentVerification['status'] }) {
  return <Badge tone={STATUS_TONE[status]}>{status}</Badge>
}

function groups(hex: string, n: number): string {
  return (hex.slice(0, n * 4).toUpperCase().match(/.{4}/g) ?? []).join(' ')
}

export function VerificationResult({ result, fileName }: { result: DocumentVerification; fileName?: string }) {
  const type = result.status === '有效' ? 'success' : result.status === '已篡改' ? 'error' : 'warning'
  return (
    <div data-testid="verification-result">
      <Alert
        type={type}
        showIcon
        title={
          <span>
            验证结果：<strong data-testid="verification-status">{result.status}</strong>
            {result.documentKind ? `（${result.documentKind}）` : ''}
            {result.status === '身份未确认' ? ' — 签名完整，但无法确认签名人身份' : ''}
          </span>
        }
        description={result.reason}
        style={{ marginBottom: 16 }}
      />
      {(fileName || result.charter) && (
        <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }}>
          {fileName && <Descriptions.Item label="文件">{fileName}</Descriptions.Item>}
          {result.charter && (
            <Descriptions.Item label="秘书处签署的专家名单">
              {result.charter.status === 'valid'
                ? `${result.charter.meetingName}（${result.charter.organiser}）；秘书处公钥指纹 ${groups(result.charter.secretariatFingerprint, 8)}，${result.charter.trusted ? '本机已信任' : '本机未信任'}`
                : `未通过验证：${result.charter.reason}`}
            </Descriptions.Item>
          )}
        </Descriptions>
      )}
      {result.mismatches.length > 0 && (
        <>
          <Typography.Title level={2} style={{ fontSize: 18 }}>改动之处（{result.mismatches.length}）</Typography.Title>
          <Table<MismatchView>
            size="small"
            rowKey={(m, i) => `${m.what}-${i ?? 0}`}
            dataSource={result.mismatches}
            pagination={result.mismatches.length > 20 ? { pageSize: 20 } : false}
            columns={[
              { title: '内容', dataIndex: 'what' },
              { title: '签名内容中应为', dataIndex: 'expected' },
              { title: '文档中现为', dataIndex: 'found', render: (x: string) => <strong>{x}</strong> }
            ]}
            style={{ marginBottom: 16 }}
          />
        </>
      )}
      {result.signatures.length > 0 && (
        <>
          <Typography.Title level={2} style={{ fontSize: 18 }}>签名（{result.signatures.length}）</Typography.Title>
          <Table<SignatureCheckView>
            size="small"
            rowKey={(s) => `${s.role}-${s.signerId}-${s.digest}`}
            dataSource={result.signatures}
            pagination={false}
            columns={[
              { title: '签名人', dataIndex: 'signerName', width: 120 },
              { title: '签名内容', dataIndex: 'kind', width: 130, render: (k: SignatureCheckView['kind']) => SIGNED_KIND_SHORT[k] },
              {
                title: '结果',
                dataIndex: 'status',
                width: 100,
                render: (s: SignatureCheckView['status']) => <Badge tone={SIG_LABEL[s][1]}>{SIG_LABEL[s][0]}</Badge>
              },
              { title: '内容摘要（SM3）', dataIndex: 'digest', render: (d: string) => <span className="num">{groups(d, 8)}</span> },
              { title: '公钥指纹', dataIndex: 'fingerprint', render: (d: string) => <span className="num">{groups(d, 8)}</span> },
              { title: '签名人身份', dataIndex: 'identity', width: 140, render: (i: SignatureCheckView['identity']) => IDENTITY[i] },
              { title: '说明', dataIndex: 'reason', render: (r: string) => r || '—' }
            ]}
            style={{ marginBottom: 16 }}
          />
        </>
      )}
      {result.notes.map((n) => (
        <Typography.Paragraph key={n} type="secondary">
          注：{n}
        </Typography.Paragraph>
      ))}
    </div>
  )
}
