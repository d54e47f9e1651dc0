/** The fingerprint as a QR code ("paneldesk:fp:<hex>", what the check-in dialog accepts), to scan instead of typing. */
import { QrImage } from './QrImage'

export function FingerprintQr({ fingerprint, size = 160 }: { fingerprint: string; size?: number }) {
  return <QrImage text={`paneldesk:fp:${fingerprint}`} size={size} alt="公钥指纹二维码（报到时供秘书处扫描）" testId="fingerprint-qr" />
}
