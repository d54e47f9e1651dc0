/**
 * 会场模式 on the 同步 page (issue 11 item 10). On the secretariat's laptop: one button starts the sync server on this
 * laptop's network address (self-signed certificate made on the spot), shows the address, the certificate's
 * fingerprint and how many experts are connected, and ends it when the meeting is over. On an expert's laptop: the
 * venue code (PDV1/…, read with the laptop's camera (扫描二维码), scanned with a code scanner into the field or typed
 * from the handout) joins it.
 */
import { App as AntApp, Button, Card, Descriptions, Input, Popconfirm, Select, Space, Typography } from 'antd'
import { useEffect, useState } from 'react'
import type { SyncStatus } from '../../../../shared/api/methods/sync'
import { call, errorMessage } from '../../api'
import { useQuery } from '../../hooks/useQuery'
import { announceSyncChange } from './syncEvents'
import { QrScanDialog } from './QrScanDialog'

const grouped = (hex: string): string => (hex.slice(0, 32).match(/.{1,8}/g) ?? []).join(' ').toUpperCase()

export function VenueHostCard() {
  const { message } = AntApp.useApp()
  const venue = useQuery(() => call('venue.status', {}), [])
  const meetings = useQuery(() => call('meetings.list', {}), [])
  const [meetingId, setMeetingId] = useState<string | undefined>(undefined)
  const [busy, setBusy] = useState(false)
  const v = venue.data
  // While it runs, the count of connected experts follows (as the header does); it said 0 until the page was reopened.
  const running = v?.running === true
  const reloadVenue = venue.reload
  useEffect(() => {
    if (!running) return
    const id = setInterval(() => void reloadVenue(), 3000)
    return () => clearInterval(id)
  }, [running, reloadVenue])
  const choices = (meetings.data ?? []).filter((m) => !m.isDemo)
  const chosen = meetingId ?? choices[0]?.id
  const act = async (what: () => Promise<unknown>, done: string) => {
    setBusy(true)
    try {
      await what()
      await venue.reload()
      announceSyncChange()
      void message.success(done)
    } catch (err) {
      void message.error(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Card title="会场模式（本机作为同步服务器）" data-testid="venue-card">
      {!v?.running ? (
        <Space orientation="vertical">
          <Typography.Paragraph style={{ margin: 0 }}>
            会场没有网络管理员时，由秘书处电脑在会场局域网上提供同步服务：专家电脑连接同一 Wi-Fi 或交换机，输入加入码即可同步。证书在本机生成，其指纹随加入码发给专家。
          </Typography.Paragraph>
          <Space wrap>
            <label htmlFor="venue-meeting">评审会议</label>
            <Select id="venue-meeting" style={{ width: 320 }} value={chosen} onChange={setMeetingId} options={choices.map((m) => ({ value: m.id, label: m.name }))} placeholder="请先建立评审会议" />
            <Button type="primary" loading={busy} disabled={!chosen} onClick={() => void act(() => call('venue.start', { meetingId: chosen! }), '会场模式已开启')}>
              开启会场模式
            </Button>
          </Space>
        </Space>
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Descriptions column={1} size="small">
            <Descriptions.Item label="服务器地址">{v.url}</Descriptions.Item>
            <Descriptions.Item label="本机网络地址">{v.addresses.join('、')}</Descriptions.Item>
            <Descriptions.Item label="证书指纹">
              <Typography.Text code>{grouped(v.certFingerprint ?? '')}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label="已连接的专家">
              <span data-testid="venue-connected">{v.connectedExperts} 位（90 秒内同步过）</span>
            </Descriptions.Item>
          </Descriptions>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            在下方“为专家生成加入码”中为每位专家生成会场加入码（含服务器地址和两个指纹）。会议结束后点“结束会场模式”。
          </Typography.Paragraph>
          <Popconfirm title="结束会场模式？" description="专家电脑将无法再与本机同步；已同步的数据保留在各台电脑上。" okText="结束" cancelText="取消" onConfirm={() => void act(() => call('venue.stop', {}), '会场模式已结束')}>
            <Button danger loading={busy}>
              结束会场模式
            </Button>
          </Popconfirm>
        </Space>
      )}
    </Card>
  )
}

export function JoinVenueCard({ onJoined }: { onJoined: (s: SyncStatus) => void }) {
  const [code, setCode] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [scanning, setScanning] = useState(false)
  const { message } = AntApp.useApp()
  const join = async (text = code) => {
    setBusy(true)
    setError(null)
    try {
      onJoined(await call('sync.joinVenue', { code: text, meetingId: '' }))
      announceSyncChange()
      setCode('')
      void message.success('已加入会场同步')
    } catch (err) {
      // Explained under the field; what was typed stays.
      setError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Card title="加入会场">
      <form
        onSubmit={(e) => {
          e.preventDefault()
          void join()
        }}
      >
        <label htmlFor="venue-code" style={{ display: 'block', marginBottom: 6 }}>
          会场加入码（秘书处提供，以 PDV1/ 开头；可用摄像头扫描二维码、扫码枪扫入或照抄）
        </label>
        <Space.Compact style={{ width: '100%', maxWidth: 720 }}>
          <Input id="venue-code" value={code} status={error ? 'error' : undefined} aria-invalid={!!error} aria-describedby={error ? 'venue-code-error' : undefined} onChange={(e) => setCode(e.target.value)} placeholder="PDV1/192.168.1.20:8620/12345-67890/…/…" />
          <Button autoInsertSpace={false} type="primary" htmlType="submit" loading={busy} disabled={!code.trim()}>
            加入
          </Button>
        </Space.Compact>
        <Button autoInsertSpace={false} style={{ marginLeft: 8 }} disabled={busy} onClick={() => setScanning(true)}>
          扫描二维码
        </Button>
        {error && (
          <div id="venue-code-error" role="alert" style={{ color: 'var(--ant-color-error, #cf1322)', marginTop: 6 }}>
            {error}
          </div>
        )}
      </form>
      {scanning && (
        <QrScanDialog
          onClose={() => setScanning(false)}
          onText={(text) => {
            // What the camera read goes into the field and through the same check as a typed code.
            setScanning(false)
            setCode(text)
            void join(text)
          }}
        />
      )}
    </Card>
  )
}
