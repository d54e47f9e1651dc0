/**
 * Test support: envelopes and folder files as the builds before 2026-12-07 wrote them — envelope version 1 (one JSON
 * text, the ciphertext in hex inside it, the content key SM2-wrapped to each recipient directly) in a folder file of
 * format 5 (no `ct` column) — to show that they are still read.
 */
import BetterSqlite3 from 'better-sqlite3'
import { randomBytes } from '@noble/hashes/utils.js'
import type { Change } from '../../../shared/sync/change'
import type { SyncKeyCert } from '../../../shared/sync/seal'
import { envelopeMessage, type ContentKey, type EnvelopeV1 } from '../../../shared/sync/unitEnvelope'
import { sm4GcmEncrypt } from '../../../shared/signing/sm4gcm'
import { bytesToHex, sm2Sign, utf8Bytes } from '../../../shared/signing/sm'

/** An envelope of version 1, as the builds before 2026-12-07 made them: one JSON text, the ciphertext in hex. */
export function makeEnvelopeV1(changes: readonly Change[], signer: { cert: SyncKeyCert; privateKey: string }, ck: ContentKey): EnvelopeV1 {
  const first = changes[0] as Change
  const last = changes[changes.length - 1] as Change
  const keys = ck.keys.map((k) => {
    if ('tk' in k) throw new Error('version 1 wraps each content key by SM2 directly (makeContentKey without transport)')
    return k
  })
  const iv = randomBytes(12)
  const plain = changes.map(({ origin, seq, tx, txEnd, hlc, author, tbl, rowId, col, value, seal }) => ({ origin, seq, tx, txEnd, hlc, author, tbl, rowId, col, value, ...(seal ? { seal } : {}) }))
  const res = sm4GcmEncrypt(utf8Bytes(JSON.stringify(plain)), ck.key, iv)
  const txs = [...new Set(changes.map((c) => c.tx))]
  const body = { v: 1 as const, origin: first.origin, author: signer.cert.author, from: first.seq, to: last.seq, count: changes.length, txs, kid: ck.kid, keys, iv: bytesToHex(iv), tag: bytesToHex(res.tag), ct: bytesToHex(res.ct) }
  return { ...body, cert: signer.cert, sig: sm2Sign(envelopeMessage(body, signer.cert.sig), signer.privateKey, signer.cert.key) }
}

/** Turns a folder file written by this build into format 5 (drops `ct`; every envelope in it must be version 1). */
export function asFormat5(file: string): void {
  const db = new BetterSqlite3(file)
  try {
    if ((db.prepare('SELECT COUNT(*) AS n FROM envelopes WHERE ct IS NOT NULL').get() as { n: number }).n > 0) throw new Error('format 5 holds version 1 envelopes only')
    db.exec('ALTER TABLE envelopes DROP COLUMN ct')
    db.prepare("UPDATE header SET value = ? WHERE key = 'format'").run(JSON.stringify('paneldesk.sync/5'))
  } finally {
    db.close()
  }
}
