/**
 * The backend of one device: its storage and the implementation of the API contract. Both adapters (Electron
 * IPC in app/, HTTP in web/) serve the same Backend. Nothing here imports 'electron'.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { OpenOptions } from './db/connection'
import { closeDb, type Db } from './db/connection'
import { checkBackupFile, createBackup, listBackups } from './db/backup'
import { renewOrigin } from './db/device'
import { installBackupFile, openStorage, type DataPaths } from './db/storage'
import { migrate } from './db/migrator'
import { ensureDevice } from './db/device'
import { openDb } from './db/connection'
import { buildHandlers } from './api/index'
import type { ApiHandlers } from '../../shared/api/contract'
import { seedDemoOnFirstRun } from './services/demo'
import type { SecretStore } from './sync/secrets'
import type { PathAccess } from './paths/grants'
import { packageDeriverFor, packageRuntimeFor } from './services/packageRuntime'
import { stopSyncOf } from './api/sync'
import { stopWarmPdfWorker } from './packages/pdfThread'

export interface BackendOptions extends OpenOptions {
  dataDir: string
  /** Seed the demo meeting on a fresh database (default true). */
  seedDemo?: boolean
  version?: string
  log?: (message: string, err?: unknown) => void
  /** Where device secrets (the sync token) are kept; the Electron app passes one backed by safeStorage. */
  secretStore?: (dataDir: string) => SecretStore
  /**
   * Which raw paths the page may hand over (paths/grants.ts). The desktop app passes its GrantList (only paths
   * picked in the OS dialog); left out, typed paths are accepted (browser version on loopback, tests, CLI).
   */
  pathAccess?: PathAccess
}

export interface Backend {
  readonly handlers: ApiHandlers
  readonly paths: DataPaths
  db(): Db
  close(): void
}

/** Holds the open database; restoring a backup swaps it without restarting the process. */
export class BackendState {
  private current: Db
  notice: string | null
  constructor(
    db: Db,
    readonly paths: DataPaths,
    notice: string | null,
    readonly options: BackendOptions
  ) {
    this.current = db
    this.notice = notice
  }
  get db(): Db {
    return this.current
  }

  async restore(backupName: string): Promise<void> {
    const file = path.join(this.paths.backupDir, backupName)
    if (!listBackups(this.paths.backupDir).some((b) => b.name === backupName) || !fs.existsSync(file)) {
      throw new Error(`backup not found: ${backupName}`)
    }
    const problem = checkBackupFile(file)
    if (problem) throw new Error(`backup damaged: ${problem}`)
    // Keep what we have now before replacing it.
    await createBackup(this.current, this.paths.backupDir, 'before-restore')
    closeDb(this.current)
    try {
      installBackupFile(this.paths, file)
    } finally {
      this.current = openDb(this.paths.dbFile, this.options)
    }
    await migrate(this.current, { backupDir: this.paths.backupDir })
    ensureDevice(this.current)
    renewOrigin(this.current)
  }
}

export async function openBackend(options: BackendOptions): Promise<Backend> {
  const { db, paths, notice } = await openStorage(options.dataDir, options)
  const state = new BackendState(db, paths, notice, options)
  if (options.seedDemo !== false) {
    // The demo is a convenience: whatever goes wrong with it, the app still starts.
    try {
      await seedDemoOnFirstRun(db, { blobs: () => packageRuntimeFor(state, paths.dataDir, db).blobs, log: options.log })
    } catch (err) {
      const log = options.log ?? ((m: string, e?: unknown) => console.error(m, e))
      log('示例会议未能载入', err)
    }
  }
  // Packages received through sync whose materials were not derived yet (files that had not arrived, a restart
  // mid-derivation): derived in the background, one at a time.
  void packageDeriverFor(state, paths.dataDir, options.log).request()
  const handlers = buildHandlers(state, { version: options.version ?? '0.0.0' })
  return {
    handlers,
    paths,
    db: () => state.db,
    close: () => {
      stopWarmPdfWorker()
      stopSyncOf(state)
      closeDb(state.db)
    }
  }
}
