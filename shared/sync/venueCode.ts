/**
 * 会场模式's join code (issue 11 item 10): everything an expert's laptop needs to join the secretariat's sync server
 * on the meeting's network, in one line that a QR code carries or a person types:
 *   PDV1/<LAN address>:<port>/<one-time join code>/<server certificate fingerprint>/<secretariat key fingerprint>
 * Fingerprints in their 32-hex-digit (128-bit) read-aloud form, in any grouping. The laptop pins both: it talks
 * only to a server whose certificate has that fingerprint, and trusts only that secretariat key.
 */
import { normalizeFingerprint } from '../signing/sm'

export interface VenueCode {
  /** https://<address>:<port> */
  url: string
  joinCode: string
  /** 32 hex digits: the first 128 bits of the SHA-256 of the server's certificate. */
  certFingerprint: string
  /** 32 hex digits of the secretariat's master key fingerprint. */
  secretariatFingerprint: string
}

const MAX_CODE_CHARS = 400
const HOST_PORT = /^(\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:]{2,39}\]|[a-z0-9.-]{1,253}):(\d{1,5})$/i
const JOIN = /^\d{5}-\d{5}$/
const HEX32 = /^[0-9a-f]{32}$/

const short = (fp: string): string => normalizeFingerprint(fp).slice(0, 32)

export function formatVenueCode(c: { host: string; port: number; joinCode: string; certFingerprint: string; secretariatFingerprint: string }): string {
  const host = c.host.includes(':') ? `[${c.host}]` : c.host
  return `PDV1/${host}:${c.port}/${c.joinCode}/${short(c.certFingerprint)}/${short(c.secretariatFingerprint)}`
}

/** Parses a scanned or typed code; throws an Error with the Chinese reason. */
export function parseVenueCode(text: string): VenueCode {
  if (text.length > MAX_CODE_CHARS) throw new Error('会场加入码过长，请核对后重新输入')
  const parts = text.normalize('NFKC').replace(/\s+/g, '').split('/')
  if (parts.length !== 5 || parts[0]!.toUpperCase() !== 'PDV1') throw new Error('这不是会场加入码（应以 PDV1/ 开头，共 5 段，用 / 分隔）')
  const [, hostPort, joinCode, cert, sec] = parts as [string, string, string, string, string]
  const hp = HOST_PORT.exec(hostPort)
  const port = hp ? Number(hp[2]) : 0
  if (!hp || port < 1 || port > 65535) throw new Error(`会场加入码中的服务器地址“${hostPort}”无效`)
  if (!JOIN.test(joinCode)) throw new Error('会场加入码中的一次性加入码应为“5 位数字-5 位数字”')
  const certFingerprint = normalizeFingerprint(cert)
  const secretariatFingerprint = normalizeFingerprint(sec)
  if (!HEX32.test(certFingerprint)) throw new Error('会场加入码中的服务器证书指纹应为 32 位十六进制数字')
  if (!HEX32.test(secretariatFingerprint)) throw new Error('会场加入码中的秘书处密钥指纹应为 32 位十六进制数字')
  return { url: `https://${hp[1]}:${port}`, joinCode, certFingerprint, secretariatFingerprint }
}
