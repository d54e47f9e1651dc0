/** A text as a QR code image (made in the page by the qrcode package), or nothing while it is being drawn. */
import QRCode from 'qrcode'
import { useEffect, useState } from 'react'

export function QrImage({ text, size, alt, testId }: { text: string; size: number; alt: string; testId: string }) {
  const [src, setSrc] = useState<string | null>(null)
  useEffect(() => {
    let live = true
    QRCode.toDataURL(text, { margin: 1, width: size, errorCorrectionLevel: 'M' }).then(
      (url) => live && setSrc(url),
      () => live && setSrc(null)
    )
    return () => {
      live = false
    }
  }, [text, size])
  if (!src) return null
  return <img src={src} width={size} height={size} alt={alt} data-testid={testId} />
}
