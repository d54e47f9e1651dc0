/**
 * 扫描二维码 (issue 11 item 10): the laptop's camera reads the venue QR code from the secretariat's screen or the
 * printed handout. Frames are decoded with the browser's BarcodeDetector where it exists (macOS), otherwise with the
 * app's own decoder (./qr). The camera is released (every track stopped) when the dialog closes, when a code is
 * read, and when the page goes away. No camera or a refused permission is said in Chinese; the caller's field is
 * not touched then.
 */
import { Alert, Button, Modal, Typography } from 'antd'
import { useEffect, useRef, useState } from 'react'
import { decodeQr, greyFromRgba } from '../../../../shared/qr/decodeQr'

/** Frames are scaled to at most this width before decoding. */
const FRAME_WIDTH = 640
const FRAME_INTERVAL_MS = 150

export function cameraErrorMessage(err: unknown): string {
  const name = err instanceof Error || err instanceof DOMException ? err.name : ''
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') return '摄像头权限被拒绝，请改为输入加入码'
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError' || name === 'NoCamera') return '未检测到摄像头，请改为输入加入码'
  if (name === 'NotReadableError' || name === 'TrackStartError' || name === 'AbortError') return '摄像头正被其他程序占用或无法打开，请关闭其他程序后重试，或改为输入加入码'
  return '无法打开摄像头，请改为输入加入码'
}

interface Detector {
  detect(source: HTMLCanvasElement): Promise<{ rawValue: string }[]>
}
type DetectorClass = { new (o: { formats: string[] }): Detector; getSupportedFormats?: () => Promise<string[]> }

/** The browser's QR detector when it has one, else the app's decoder. */
async function makeReader(): Promise<(canvas: HTMLCanvasElement) => Promise<string | null>> {
  const Native = (globalThis as { BarcodeDetector?: DetectorClass }).BarcodeDetector
  try {
    if (Native && (await Native.getSupportedFormats?.())?.includes('qr_code')) {
      const d = new Native({ formats: ['qr_code'] })
      return async (canvas) => (await d.detect(canvas))[0]?.rawValue ?? null
    }
  } catch {
    // fall through to the app's decoder
  }
  return async (canvas) => {
    const ctx = canvas.getContext('2d', { willReadFrequently: true })
    if (!ctx) return null
    const img = ctx.getImageData(0, 0, canvas.width, canvas.height)
    return decodeQr(greyFromRgba(img.data, img.width, img.height))
  }
}

/** Opens the camera once the video element is there, reads frames until a code is read; releases it on unmount. */
function useCameraScan(v: HTMLVideoElement | null, onText: (text: string) => void) {
  const [state, setState] = useState<{ phase: 'opening' | 'scanning' | 'error'; error?: string }>({ phase: 'opening' })
  const onTextRef = useRef(onText)
  useEffect(() => {
    onTextRef.current = onText
  })
  useEffect(() => {
    if (!v) return
    let live = true
    let stream: MediaStream | null = null
    let timer: ReturnType<typeof setTimeout> | undefined
    const release = () => {
      live = false
      if (timer) clearTimeout(timer)
      stream?.getTracks().forEach((t) => t.stop())
      stream = null
      v.srcObject = null
    }
    const canvas = document.createElement('canvas')
    const start = async () => {
      if (!navigator.mediaDevices?.getUserMedia) throw Object.assign(new Error('no camera'), { name: 'NoCamera' })
      const s = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment', width: { ideal: 1280 } }, audio: false })
      if (!live) {
        s.getTracks().forEach((t) => t.stop())
        return
      }
      stream = s
      v.srcObject = s
      await v.play().catch(() => undefined)
      const read = await makeReader()
      setState({ phase: 'scanning' })
      const tick = async () => {
        if (!live) return
        if (v.videoWidth > 0) {
          const scale = Math.min(1, FRAME_WIDTH / v.videoWidth)
          canvas.width = Math.round(v.videoWidth * scale)
          canvas.height = Math.round(v.videoHeight * scale)
          canvas.getContext('2d', { willReadFrequently: true })?.drawImage(v, 0, 0, canvas.width, canvas.height)
          const text = await read(canvas).catch(() => null)
          if (text !== null && live) {
            release()
            onTextRef.current(text)
            return
          }
        }
        if (live) timer = setTimeout(() => void tick(), FRAME_INTERVAL_MS)
      }
      void tick()
    }
    start().catch((err: unknown) => {
      if (live) setState({ phase: 'error', error: cameraErrorMessage(err) })
      release()
    })
    return release
  }, [v])
  return state
}

/** Mounted while scanning (the camera is on exactly as long as this is mounted). */
export function QrScanDialog({ onClose, onText }: { onClose: () => void; onText: (text: string) => void }) {
  const [video, setVideo] = useState<HTMLVideoElement | null>(null)
  const state = useCameraScan(video, onText)
  return (
    <Modal
      open
      title="扫描会场加入码"
      onCancel={onClose}
      footer={
        <Button autoInsertSpace={false} onClick={onClose}>
          取消
        </Button>
      }
    >
      {state.phase === 'error' ? (
        <Alert type="error" showIcon role="alert" data-testid="camera-error" title={state.error} />
      ) : (
        <Typography.Paragraph style={{ marginTop: 0 }} aria-live="polite">
          {state.phase === 'opening' ? '正在打开摄像头…' : '请将秘书处屏幕或打印件上的二维码对准摄像头，识别后自动填入加入码。按 Esc 取消。'}
        </Typography.Paragraph>
      )}
      <video ref={setVideo} hidden={state.phase === 'error'} muted playsInline aria-label="摄像头画面" data-testid="camera-view" style={{ width: '100%', maxHeight: 360, background: '#000', borderRadius: 6 }} />
    </Modal>
  )
}
