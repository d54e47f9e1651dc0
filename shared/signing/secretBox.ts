/**
 * Small secrets (an ID number) sealed with SM4-GCM under a 16-byte device key. Text form:
 * `sm4gcm1:<iv hex>:<tag hex>:<ciphertext hex>`.
 */
import { randomBytes } from '@noble/hashes/utils.js'
import { sm4 } from 'sm-crypto-v2'
import { bytesToHex, hexToBytes, utf8Bytes } from './sm'

const PREFIX = 'sm4gcm1'

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SecretBoxError'
  }
}

export function sealText(key: Uint8Array, text: string): string {
  if (key.length !== 16) throw new SecretBoxError('密钥长度必须为 16 字节')
  const iv = bytesToHex(randomBytes(12))
  const res = sm4.encrypt(utf8Bytes(text), key, { mode: 'gcm', iv, output: 'array', outputTag: true })
  if (!res.tag) throw new SecretBoxError('SM4-GCM 未返回认证标签')
  return `${PREFIX}:${iv}:${bytesToHex(res.tag)}:${bytesToHex(res.output)}`
}

export function openText(key: Uint8Array, sealed: string): string {
  const parts = sealed.split(':')
  if (parts.length !== 4 || parts[0] !== PREFIX) throw new SecretBoxError('加密数据格式无效')
  const [, iv, tag, ct] = parts as [string, string, string, string]
  try {
    const plain = sm4.decrypt(hexToBytes(ct), key, { mode: 'gcm', iv, tag, output: 'array' })
    return utf8Decode(plain)
  } catch {
    throw new SecretBoxError('加密数据无法解密（设备密钥不符或数据被改动）')
  }
}

/** UTF-8 decoding without TextDecoder (shared/ is compiled with neither DOM nor Node types). */
function utf8Decode(bytes: Uint8Array): string {
  return decodeURIComponent(Array.from(bytes, (b) => '%' + b.toString(16).padStart(2, '0')).join(''))
}
