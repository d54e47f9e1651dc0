/** A handwritten signature drawn with mouse, pen or finger (pointer events), exported as a PNG data URL. */
import { Button, Space } from 'antd'
import { useEffect, useRef, useState } from 'react'

export interface SignaturePadProps {
  width?: number
  height?: number
  onSave: (pngDataUrl: string) => void
  saving?: boolean
}

export function SignaturePad({ width = 480, height = 180, onSave, saving }: SignaturePadProps) {
  const canvas = useRef<HTMLCanvasElement>(null)
  const drawing = useRef(false)
  const [empty, setEmpty] = useState(true)

  useEffect(() => {
    const c = canvas.current
    const ctx = c?.getContext('2d')
    if (!c || !ctx) return
    ctx.lineWidth = 3
    ctx.lineCap = 'round'
    ctx.lineJoin = 'round'
    ctx.strokeStyle = '#111'
  }, [])

  const point = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect()
    return { x: ((e.clientX - r.left) * e.currentTarget.width) / r.width, y: ((e.clientY - r.top) * e.currentTarget.height) / r.height }
  }
  const down = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const ctx = e.currentTarget.getContext('2d')
    if (!ctx) return
    e.currentTarget.setPointerCapture(e.pointerId)
    drawing.current = true
    const p = point(e)
    ctx.beginPath()
    ctx.moveTo(p.x, p.y)
    ctx.lineTo(p.x + 0.1, p.y + 0.1)
    ctx.stroke()
    setEmpty(false)
  }
  const move = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (!drawing.current) return
    const ctx = e.currentTarget.getContext('2d')
    if (!ctx) return
    const p = point(e)
    ctx.lineWidth = e.pointerType === 'pen' ? 1.5 + 3 * (e.pressure || 0.5) : 3
    ctx.lineTo(p.x, p.y)
    ctx.stroke()
  }
  const up = () => {
    drawing.current = false
  }
  const clear = () => {
    const c = canvas.current
    c?.getContext('2d')?.clearRect(0, 0, c.width, c.height)
    setEmpty(true)
  }
  return (
    <Space orientation="vertical">
      <canvas
        ref={canvas}
        width={width}
        height={height}
        role="img"
        aria-label="手写签名区：按住鼠标、触控笔或手指书写"
        data-testid="signature-pad"
        style={{ border: '1px dashed #8c8c8c', borderRadius: 4, background: '#fff', touchAction: 'none', maxWidth: '100%' }}
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerCancel={up}
      />
      <Space>
        <Button onClick={clear}>清除</Button>
        <Button type="primary" disabled={empty} loading={saving} onClick={() => canvas.current && onSave(canvas.current.toDataURL('image/png'))}>
          保存签名
        </Button>
      </Space>
    </Space>
  )
}
