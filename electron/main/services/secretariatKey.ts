/**
 * The secretariat's root of trust (issue 15): an SM2 key made on the secretariat's laptop, its private key sealed
 * under the secretariat's PIN. Everything the secretariat writes — the meeting, roster with each expert's
 * registered fingerprint, assignments and recusals, rubric and merge settings: the meeting's charter — goes out in
 * units sealed by a sync key this key certified, so every replica can prove it. Experts' laptops pin this key's
 * fingerprint when they join (read aloud at check-in, printed on the handout, carried by the join code).
 */
import { ApiError } from '../../../shared/api/errors'
import type { TrustStatus } from '../../../shared/api/methods/trust'
import { SECRETARIAT_AUTHOR } from '../../../shared/sync/ownership'
import { decryptPrivateKeyAsync, encryptPrivateKeyAsync, parseKeyBlob, PinWaitError, unlockWithPin, validatePin, WrongPinError } from '../../../shared/signing/keystore'
import { nodeScrypt } from './nodeScrypt'
import { rowAttemptStore } from './pinAttempts'
import { formatFingerprint, formatFingerprintDigits, generateKeyPair, normalizeFingerprint, publicKeyFingerprint } from '../../../shared/signing/sm'
import type { Db } from '../db/connection'
import { prepare } from '../db/query'
import { reconsiderPending } from '../sync/apply'
import { installSigner, loadSigners, pinnedSecretariat, pinSecretariat } from '../sync/signers'
import { rememberKey } from '../sync/keyring'
import { openStoredEnvelopes } from '../sync/folderSealed'

interface KeyRow {
  key_blob: string
  public_key: string
  fingerprint: string
}

function keyRow(db: Db): KeyRow | undefined {
  return prepare(db, 'SELECT key_blob, public_key, fingerprint FROM secretariat_key WHERE id = 1').get() as KeyRow | undefined
}

export function trustStatus(db: Db, deviceKey: Uint8Array, actingExpert: string | null): TrustStatus {
  const row = keyRow(db)
  const signers = loadSigners(db, deviceKey)
  return {
    secretariatKey: row ? { fingerprint: row.fingerprint, grouped: formatFingerprint(row.fingerprint), digits: formatFingerprintDigits(row.fingerprint) } : null,
    secretariatSigner: signers.has(SECRETARIAT_AUTHOR),
    pinned: pinnedSecretariat(db).map((fp) => ({ fingerprint: fp, grouped: formatFingerprint(fp.padEnd(64, '0')) })),
    expertSigner: actingExpert ? signers.has(actingExpert) : false,
    expertHasKey: actingExpert ? prepare(db, 'SELECT 1 FROM local_identity WHERE id = ? AND key_blob IS NOT NULL').get(actingExpert) !== undefined : false
  }
}

/** Makes the secretariat's key on this laptop (once), pins it here and equips this laptop to seal as the secretariat. */
export async function createSecretariatKey(db: Db, deviceKey: Uint8Array, pin: string, pinConfirm: string, now = new Date()): Promise<void> {
  if (keyRow(db)) throw new ApiError('conflict', '本机已经有秘书处密钥。为防止误操作，不能覆盖现有密钥。')
  if (pin !== pinConfirm) throw new ApiError('invalid_input', '两次输入的 PIN 码不一致')
  const rule = validatePin(pin)
  if (!rule.ok) throw new ApiError('invalid_input', rule.message)
  const pair = generateKeyPair()
  const blob = await encryptPrivateKeyAsync(pin, pair.privateKey, { kdf: nodeScrypt })
  const fingerprint = publicKeyFingerprint(pair.publicKey)
  db.sqlite
    .transaction(() => {
      prepare(db, 'INSERT INTO secretariat_key (id, key_blob, public_key, fingerprint, created_at) VALUES (1, ?, ?, ?, ?)').run(JSON.stringify(blob), pair.publicKey, fingerprint, now.toISOString())
      pinSecretariat(db, fingerprint, '本机秘书处密钥', now)
      installSigner(db, deviceKey, SECRETARIAT_AUTHOR, pair, now)
    })
    .immediate()
  rememberKey(db, pair)
  reconsiderPending(db)
}

/**
 * Unlocks the secretariat key with its PIN, one attempt at a time, the failure counted before the KDF runs and a
 * wait imposed after a few wrong PINs (the same rules as an expert's key: pinAttempts.ts). On success the laptop's
 * secretariat sync key is renewed when it cannot be used (a restored database), and the key stays unlocked for this
 * session (sync/keyring.ts): the secretariat's view opens and experts' sealed envelopes are opened.
 */
export async function unlockSecretariat(db: Db, deviceKey: Uint8Array, pin: string, now = new Date()): Promise<{ privateKey: string; publicKey: string }> {
  const row = keyRow(db)
  if (!row) throw new ApiError('conflict', '本机还没有秘书处密钥，请先在“同步”页面生成')
  const blob = parseKeyBlob(JSON.parse(row.key_blob))
  let privateKey: string
  try {
    privateKey = await unlockWithPin(`secretariat:${db.file}`, rowAttemptStore(db, 'secretariat_key', 1), now, () => decryptPrivateKeyAsync(pin, blob, nodeScrypt))
  } catch (err) {
    if (err instanceof WrongPinError || err instanceof PinWaitError) throw new ApiError('forbidden', err.message)
    throw err
  }
  const pair = { privateKey, publicKey: row.public_key }
  installSigner(db, deviceKey, SECRETARIAT_AUTHOR, pair, now)
  // Unlocked for this session: the secretariat's view opens, and the experts' envelopes kept here are opened.
  rememberKey(db, pair)
  openStoredEnvelopes(db, deviceKey)
  return pair
}

/** Pins a secretariat key on this laptop by the fingerprint read aloud at check-in (or printed on the handout). */
export function pinSecretariatKey(db: Db, text: string): void {
  const fp = normalizeFingerprint(text.replace(/^paneldesk:(sec|fp):/i, ''))
  if (!/^[0-9a-f]{32}$|^[0-9a-f]{64}$/.test(fp)) {
    throw new ApiError('invalid_input', '秘书处公钥指纹格式不正确：应为秘书处屏幕或分发单上的 32 位或 64 位十六进制字符')
  }
  pinSecretariat(db, fp, '报到时确认')
  reconsiderPending(db)
}
