/** The sync methods' implementation: one SyncService per backend (one run at a time, in the background). */
import path from 'node:path'
import type { HandlersFor } from '../../../shared/api/contract'
import type { syncMethods } from '../../../shared/api/methods/sync'
import { ApiError } from '../../../shared/api/errors'
import type { BackendState } from '../backend'
import { FileSecretStore } from '../sync/secrets'
import { SyncServerError } from '../sync/serverClient'
import { SyncService } from '../sync/service'
import { packageDeriverFor } from '../services/packageRuntime'
import { checkFolderPath } from '../paths/userPath'
import { pathAccessOf } from './files'
import { VenueHost } from '../venue/venueHost'
import { fetchPinnedCert } from '../sync/pinnedTls'
import { parseVenueCode } from '../../../shared/sync/venueCode'
import { pinSecretariatKey, trustStatus } from '../services/secretariatKey'
import { deviceKey } from '../services/deviceSecret'
import { markStartedMeetings } from '../services/ruleSets'

const services = new WeakMap<BackendState, SyncService>()

export function syncServiceOf(state: BackendState): SyncService {
  let s = services.get(state)
  if (!s) {
    const dataDir = state.paths.dataDir
    // After each run: on the secretariat's laptop, the scoring-started marker of a meeting whose first sheet came in
    // before the meeting was opened (it goes out at the next run); then derive the materials of packages that came
    // in (their files arrive as blobs in the same run).
    const deriver = packageDeriverFor(state, dataDir, state.options.log)
    const afterRun = () => {
      markStartedMeetings(state.db)
      return deriver.request()
    }
    s = new SyncService(() => state.db, dataDir, state.options.secretStore?.(dataDir) ?? new FileSecretStore(dataDir), undefined, afterRun)
    s.startAuto()
    services.set(state, s)
  }
  return s
}

/** Stops the automatic runs of a backend being closed (a timer must not reach a closed database). */
export function stopSyncOf(state: BackendState): void {
  services.get(state)?.stop()
}

const venues = new WeakMap<BackendState, VenueHost>()

export function venueOf(state: BackendState): VenueHost {
  let v = venues.get(state)
  if (!v) {
    v = new VenueHost(state.paths.dataDir, () => syncServiceOf(state))
    venues.set(state, v)
  }
  return v
}

/** The secretariat key made on this laptop, when it can sign (会场模式 and venue codes need it). */
function ownSecretariatFingerprint(state: BackendState): string | null {
  const t = trustStatus(state.db, deviceKey(state.paths.dataDir), null)
  return t.secretariatKey && t.secretariatSigner ? t.secretariatKey.fingerprint : null
}

/** An expert's laptop joins 会场模式: pins the secretariat key and the server's certificate, then enrols. */
async function joinVenue(state: BackendState, text: string, meetingId: string) {
  const refuse = (message: string): never => {
    throw new ApiError('invalid_input', message, [{ path: 'code', message }])
  }
  let code: ReturnType<typeof parseVenueCode>
  try {
    code = parseVenueCode(text)
  } catch (e) {
    return refuse(e instanceof Error ? e.message : String(e))
  }
  let pin: Awaited<ReturnType<typeof fetchPinnedCert>>
  try {
    pin = await fetchPinnedCert(code.url, code.certFingerprint)
  } catch (e) {
    return refuse(e instanceof Error ? e.message : String(e))
  }
  pinSecretariatKey(state.db, code.secretariatFingerprint)
  return syncServiceOf(state).configure({ kind: 'server', url: code.url, joinCode: code.joinCode, meetingId, pin })
}

export function buildSyncHandlers(state: BackendState): HandlersFor<keyof typeof syncMethods> {
  const service = () => syncServiceOf(state)
  return {
    'sync.status': () => service().status(),
    'sync.configure': async (input) => {
      try {
        if (input.kind === 'folder') {
          // Re-saving the folder configured before needs no new pick; any other folder must be granted (desktop).
          const current = service().target()
          const trusted = (p: string) => current?.kind === 'folder' && path.resolve(current.folder) === p
          const chosen = pathAccessOf(state).authorize({ path: input.folder, grant: input.grant }, 'sync-folder', trusted)
          const folder = await checkFolderPath(chosen, { label: '同步文件夹' })
          return await service().configure({ kind: 'folder', folder, meetingId: input.meetingId })
        }
        return await service().configure(input)
      } catch (err) {
        if (err instanceof SyncServerError) throw new ApiError('conflict', err.message)
        throw err
      }
    },
    'sync.now': () => service().start(),
    'sync.createJoinCode': async ({ author }) => {
      const t = service().target()
      const client = service().client()
      if (t?.kind !== 'server' || !client) throw new ApiError('conflict', '请先连接同步服务器')
      if (t.author !== 'secretariat') throw new ApiError('forbidden', '只有秘书处的设备可以生成加入码')
      const venue = venueOf(state)
      const own = ownSecretariatFingerprint(state)
      try {
        if (venue.status().running && own) {
          const v = await venue.expertCode(author, t.meetingId, own)
          return { code: v.joinCode, author, expiresAt: v.expiresAt, venueCode: v.venueCode }
        }
        return await client.createJoinCode(author, t.meetingId)
      } catch (err) {
        throw new ApiError('conflict', err instanceof Error ? err.message : String(err))
      }
    },
    'sync.joinVenue': async ({ code, meetingId }) => {
      try {
        return await joinVenue(state, code, meetingId)
      } catch (err) {
        if (err instanceof SyncServerError) throw new ApiError('conflict', err.message)
        throw err
      }
    },
    'venue.status': () => venueOf(state).status(),
    'venue.start': ({ meetingId }) => venueOf(state).start(meetingId, ownSecretariatFingerprint(state)),
    'venue.stop': () => venueOf(state).stop()
  }
}
