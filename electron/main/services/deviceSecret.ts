/**
 * A random 16-byte key kept beside the database (never in it, never synced), used to seal small local secrets
 * such as an expert's ID number. The Electron layer may wrap it with the OS keychain later.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

export const DEVICE_SECRET_FILE = 'device-secret.key'

export function deviceKey(dataDir: string): Uint8Array {
  const file = path.join(dataDir, DEVICE_SECRET_FILE)
  if (fs.existsSync(file)) {
    const hex = fs.readFileSync(file, 'utf8').trim()
    if (/^[0-9a-f]{32}$/.test(hex)) return Uint8Array.from(Buffer.from(hex, 'hex'))
  }
  const key = crypto.randomBytes(16)
  fs.mkdirSync(dataDir, { recursive: true })
  const tmp = `${file}.tmp`
  fs.writeFileSync(tmp, key.toString('hex'), { mode: 0o600 })
  fs.renameSync(tmp, file)
  return Uint8Array.from(key)
}
