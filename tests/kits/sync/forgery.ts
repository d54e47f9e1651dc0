/**
 * What a forger with write access to the shared folder writes as a device file of its own (issue 15): as the
 * secretariat, its own key registered for e1; as e1, a submitted sheet signed with that key.
 */
import { naturalId } from '../../../shared/domain/ids'
import type { Change } from '../../../shared/sync/change'
import { encodeHlc } from '../../../shared/sync/hlc'
import { sheetRowId } from '../../../shared/sync/rowIds'
import { signPayload } from '../../../shared/signing/envelope'
import { publicKeyFingerprint } from '../../../shared/signing/sm'
import { SEC, sheetContent } from './replica'

/** The forger's changes under `origin`: `register` (as secretariat) and `submit` (as e1, project p1 of meeting m1). */
export function forgedChanges(origin: string, attackerKey: { privateKey: string; publicKey: string }): { register: Change[]; submit: Change[] } {
  const ms = Date.now()
  const hlc = (n: number) => encodeHlc({ ms, counter: n, origin })
  const register: Change[] = [{ origin, seq: 1, tx: 1, txEnd: 1, hlc: hlc(1), author: SEC, tbl: 'experts', rowId: 'e1', col: 'key_fingerprint', value: JSON.stringify(publicKeyFingerprint(attackerKey.publicKey)) }]
  const sheet = sheetRowId('p1', 'e1', 1)
  const signed = signPayload('expert-sheet', sheetContent(sheet, 1, 'p1', { id: 'e1', name: '专家1' }, { i1: 10 }), attackerKey.privateKey, attackerKey.publicKey, { id: 'e1', name: '专家1' }, new Date(ms))
  const cells: [string, unknown][] = [
    ['meeting_id', 'm1'], ['project_id', 'p1'], ['expert_id', 'e1'], ['revision', 1], ['status', 'submitted'], ['conclusion', null], ['main_problems', []],
    ['suggestions', []], ['updated_at', new Date(ms).toISOString()], ['deleted', false], ['signed_payload', signed], ['submitted_at', new Date(ms).toISOString()],
    ['reopen_reason', ''], ['reopened_at', null]
  ]
  const submit: Change[] = cells.map(([col, v], i) => ({ origin, seq: 2 + i, tx: 2, txEnd: 1 + cells.length, hlc: hlc(2 + i), author: 'e1', tbl: 'score_sheets', rowId: sheet, col, value: JSON.stringify(v) }))
  submit.push({ origin, seq: 2 + cells.length, tx: 2 + cells.length, txEnd: 2 + cells.length, hlc: hlc(40), author: 'e1', tbl: 'scores', rowId: naturalId(sheet, 'i1'), col: 'value', value: '10' })
  return { register, submit }
}
