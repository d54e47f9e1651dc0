/** Test support for the origin attacks (originBinding, derivedOrigin): enrolling as the app does, a squat, a raw hello. */
import type { Change } from '../../shared/sync/change'
import { encodeHlc } from '../../shared/sync/hlc'
import { naturalId } from '../../shared/domain/ids'
import { sheetRowId } from '../../shared/sync/rowIds'
import { PROTOCOL_VERSION } from '../../shared/sync/protocol'
import { loadSigners } from '../../electron/main/sync/signers'
import { originClaims } from '../../electron/main/sync/originClaims'
import { SyncServerClient } from '../../electron/main/sync/serverClient'
import { SEC, sealedBy, type Replica } from '../kits/sync/replica'
import type { World } from './serverKit'

/** Enrols a laptop as the app does: with the certificate of its secretariat key (if any) and its signed origin claims. */
export async function enrolToken(s: World, r: Replica, code: string, name: string): Promise<string> {
  const cert = loadSigners(r.db, r.deviceKey()).get(SEC)?.cert
  return (await new SyncServerClient(s.server.url, '').enrol(code, name, cert, originClaims(r.db, r.deviceKey()))).token
}

export const codeFor = async (sec: SyncServerClient, author: string) => (await sec.createJoinCode(author, 'm1')).code

/** One change of `author` under `origin` at `seq`, sealed by `author`'s own key (a modified client's squat). */
export function squat(origin: string, seq: number, author: string): Change[] {
  return sealedBy(author, [
    { origin, seq, tx: seq, txEnd: seq, hlc: encodeHlc({ ms: Date.now(), counter: seq, origin }), author, tbl: 'opinions', rowId: naturalId(sheetRowId('p1', author, 1), 'd9'), col: 'text', value: JSON.stringify('占用') }
  ])
}

export async function hello(url: string, token: string, body: Record<string, unknown>) {
  const res = await fetch(`${url}/v1/hello`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ protocolVersion: PROTOCOL_VERSION, schemaVersion: 4, vv: {}, ...body }) })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}
