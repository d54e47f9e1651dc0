/**
 * Device secrets (the sync server token) sealed with the OS keychain through Electron's safeStorage (DPAPI on
 * Windows, Keychain on macOS, libsecret/kwallet on Linux) in the data folder. Where the OS offers no keychain (a
 * bare Linux session), the owner-only plain file store is used.
 */
import { safeStorage } from 'electron'
import { FileSecretStore, type SecretStore } from '../sync/secrets'

export function secretStoreFor(dataDir: string): SecretStore {
  // 'basic_text' on Linux means no keychain: the encryption would be a fixed key, no better than the file store.
  const usable = safeStorage.isEncryptionAvailable() && (process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text')
  if (!usable) return new FileSecretStore(dataDir)
  return new FileSecretStore(
    dataDir,
    {
      seal: (value) => safeStorage.encryptString(value).toString('base64'),
      open: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64'))
    },
    'secrets.safe.json'
  )
}
