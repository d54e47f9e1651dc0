/**
 * Where the device token lives: a small JSON file of the data folder, readable only by its owner, whose values
 * may be sealed by a codec. The Electron app seals them with the OS keychain (app/safeSecretStore.ts); the
 * browser version keeps them as they are.
 */
import fs from 'node:fs'
import path from 'node:path'

export interface SecretStore {
  get(key: string): string | null
  set(key: string, value: string | null): void
}

export interface SecretCodec {
  seal(value: string): string
  /** Throws when the sealed value cannot be opened (then the secret counts as absent). */
  open(sealed: string): string
}

const PLAIN: SecretCodec = { seal: (v) => v, open: (s) => s }

export class FileSecretStore implements SecretStore {
  private readonly file: string
  constructor(
    dataDir: string,
    private readonly codec: SecretCodec = PLAIN,
    fileName = 'secrets.json'
  ) {
    this.file = path.join(dataDir, fileName)
  }
  private read(): Record<string, string> {
    try {
      return JSON.parse(fs.readFileSync(this.file, 'utf8')) as Record<string, string>
    } catch {
      return {}
    }
  }
  get(key: string): string | null {
    const stored = this.read()[key]
    if (stored === undefined) return null
    try {
      return this.codec.open(stored)
    } catch {
      return null
    }
  }
  set(key: string, value: string | null): void {
    const all = this.read()
    if (value === null) delete all[key]
    else all[key] = this.codec.seal(value)
    const tmp = `${this.file}.tmp`
    fs.writeFileSync(tmp, JSON.stringify(all), { mode: 0o600 })
    fs.renameSync(tmp, this.file)
  }
}
