/** The fingerprint as a QR code ("paneldesk:fp:<hex>", what the check-in dialog accepts), to scan instead of typing. */
import QRCode from 'qrcode'
import { useEffect, useState } from 'react'

export function FingerprintQr({ fingerprint, size = 160 }: { fingerprint: string; size?: number }) {
  const [src, setSrc] = useState<string | null>(null)
  useEffect(() => {
    let live = true
    QRCode.toDataURL(`paneldesk:fp:${fingerprint}`, { margin: 1, width: size, errorCorrectionLevel: 'M' }).then(
      (url) => live && setSrc(url),
      () => live && setSrc(null)
    )
    return () => {
      live = false
    }
  }, [fingerprint, size])
  if (!src) return null
  return <img src={src} width={size} height={size} alt="公钥指纹二维码（报到时供秘书处扫描）" data-testid="fingerprint-qr" />
}
