/** Test support: a sync server on loopback, enrolled device replicas, and one-call syncs. */
import { emptyReport, type SyncReport } from '../../../shared/sync/report'
import { syncServer } from '../../../electron/main/sync/serverSync'
import { SyncServerClient } from '../../../electron/main/sync/serverClient'
import { SEC, type Replica } from '../sync/replica'
import { loadSigners } from '../../../electron/main/sync/signers'
import type { SyncKeyCert } from '../../../shared/sync/seal'

function secretariatCert(r: Replica): SyncKeyCert {
  r.ensureSigner(SEC)
  const s = loadSigners(r.db, r.deviceKey()).get(SEC)
  if (!s) throw new Error('no secretariat signer')
  return s.cert
}
import type { Logger } from '../../../server/log'

export interface LogLine {
  level: string
  msg: string
  fields: Record<string, unknown>
}

export function memoryLogger(): { log: Logger; lines: LogLine[]; joinCode(): string } {
  const lines: LogLine[] = []
  return {
    log: (level, msg, fields = {}) => void lines.push({ level, msg, fields }),
    lines,
    joinCode: () => String(lines.find((l) => l.msg === 'secretariat join code')?.fields.joinCode ?? '')
  }
}

/** Enrols a device; a secretariat device proves the test secretariat's key (the server pins it). */
export async function enrolled(url: string, joinCode: string, name = 'device', asSecretariat?: Replica): Promise<SyncServerClient> {
  const cert = asSecretariat ? secretariatCert(asSecretariat) : undefined
  const r = await new SyncServerClient(url, '').enrol(joinCode, name, cert)
  return new SyncServerClient(url, r.token)
}

export async function syncWith(r: Replica, client: SyncServerClient, pageBytes?: number): Promise<SyncReport> {
  const report = emptyReport('server', client.baseUrl, new Date().toISOString())
  await syncServer(r.db, { client, dataDir: r.dataDir, schemaVersion: 4, now: r.now, ...(pageBytes ? { pageBytes } : {}) }, report)
  return report
}
