/**
 * Device secrets (the sync server token) encrypted with the OS keychain through Electron's safeStorage
 * (DPAPI on Windows, Keychain on macOS, libsecret/kwallet on Linux), kept in the data folder. Where the OS offers
 * no keychain (a bare Linux session), falls back to the owner-only file store.
 */
import { safeStorage } from 'electron'
import fs from 'node:fs'
import path from 'node:path'
import { FileSecretStore, type SecretStore } from '../sync/secrets'

export class SafeStorageSecretStore implements SecretStore {
  private readonly file: string
  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'secrets.safe.json')
  }
  private read(): Record<string, string> {
    try {
      return JSON.parse(fs.readFileSync(this.file, 'utf8')) as Record<string, string>
    } catch {
      return {}
    }
  }
  get(key: string): string | null {
    const sealed = this.read()[key]
    if (!sealed) return null
    try {
      return safeStorage.decryptString(Buffer.from(sealed, 'base64'))
    } catch {
      return null
    }
  }
  set(key: string, value: string | null): void {
    const all = this.read()
    if (value === null) delete all[key]
    else all[key] = safeStorage.encryptString(value).toString('base64')
    const tmp = `${this.file}.tmp`
    fs.writeFileSync(tmp, JSON.stringify(all), { mode: 0o600 })
    fs.renameSync(tmp, this.file)
  }
}

export function secretStoreFor(dataDir: string): SecretStore {
  // 'basic_text' on Linux means no keychain: the encryption would be a fixed key, no better than the file store.
  const usable = safeStorage.isEncryptionAvailable() && (process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text')
  return usable ? new SafeStorageSecretStore(dataDir) : new FileSecretStore(dataDir)
}
