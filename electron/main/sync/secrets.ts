/**
 * Where the device token lives. The Electron layer can plug in a store backed by safeStorage; the default keeps
 * it in a file of the data folder readable only by its owner.
 */
import fs from 'node:fs'
import path from 'node:path'

export interface SecretStore {
  get(key: string): string | null
  set(key: string, value: string | null): void
}

export class FileSecretStore implements SecretStore {
  private readonly file: string
  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'secrets.json')
  }
  private read(): Record<string, string> {
    try {
      return JSON.parse(fs.readFileSync(this.file, 'utf8')) as Record<string, string>
    } catch {
      return {}
    }
  }
  get(key: string): string | null {
    return this.read()[key] ?? null
  }
  set(key: string, value: string | null): void {
    const all = this.read()
    if (value === null) delete all[key]
    else all[key] = value
    const tmp = `${this.file}.tmp`
    fs.writeFileSync(tmp, JSON.stringify(all), { mode: 0o600 })
    fs.renameSync(tmp, this.file)
  }
}
