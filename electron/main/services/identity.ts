/**
 * The expert's identity on this laptop: profile, an SM2 key pair made here (private key sealed under the PIN,
 * never leaving the device), the fingerprint to read aloud at check-in, and the handwritten signature image.
 * One identity per meeting expert this laptop acts as (normally exactly one).
 */
import { ApiError } from '../../../shared/api/errors'
import type { IdentityView } from '../../../shared/api/reviewTypes'
import { naturalId } from '../../../shared/domain/ids'
import { completePinPolicy, decryptPrivateKeyAsync, describePinPolicy, encryptPrivateKeyAsync, parseKeyBlob, PinWaitError, pinWaitRemaining, unlockWithPin, validatePin, WrongPinError, type PinPolicy } from '../../../shared/signing/keystore'
import { nodeScrypt } from './nodeScrypt'
import { openText, sealText } from '../../../shared/signing/secretBox'
import { fingerprintMatches, formatFingerprint, formatFingerprintDigits, generateKeyPair, publicKeyFingerprint } from '../../../shared/signing/sm'
import type { Db } from '../db/connection'
import { rowAttemptStore } from './pinAttempts'
import { installSigner } from '../sync/signers'
import { writeChanges } from '../db/changeWriter'
import { first, run } from '../db/query'
import type { ExpertsTable, LocalIdentityTable } from '../db/schema'
import { idNumberProblem, phoneProblem } from '../../../shared/domain/fieldRules'

export const MAX_SIGNATURE_IMAGE_CHARS = 700_000

function expertRow(db: Db, expertId: string): ExpertsTable {
  const e = first(db, db.kysely.selectFrom('experts').selectAll().where('id', '=', expertId).where('deleted', '=', 0))
  if (!e) throw new ApiError('not_found', '找不到该专家')
  return e
}

function identityRow(db: Db, expertId: string): LocalIdentityTable | undefined {
  return first(db, db.kysely.selectFrom('local_identity').selectAll().where('id', '=', expertId))
}

function parseUnits(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json)
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []
  } catch {
    return []
  }
}

/** Makes the local identity row from the meeting's expert data the first time it is needed. */
function ensureIdentity(db: Db, expertId: string): LocalIdentityTable {
  const existing = identityRow(db, expertId)
  if (existing) return existing
  const e = expertRow(db, expertId)
  run(
    db,
    db.kysely.insertInto('local_identity').values({
      id: expertId,
      name: e.name,
      unit: e.unit,
      past_units: e.past_units,
      title: e.title,
      specialty: e.specialty,
      phone: e.phone,
      id_number_enc: '',
      key_blob: null,
      public_key: '',
      fingerprint: '',
      failed_pin_attempts: 0,
      last_failed_at: null,
      created_at: new Date().toISOString()
    })
  )
  return identityRow(db, expertId) as LocalIdentityTable
}

export function maskIdNumber(id: string): string {
  if (id.length <= 8) return '*'.repeat(id.length)
  return id.slice(0, 4) + '*'.repeat(id.length - 8) + id.slice(-4)
}

export function getIdentity(db: Db, expertId: string, key: Uint8Array, now = new Date()): IdentityView {
  const e = expertRow(db, expertId)
  const row = ensureIdentity(db, expertId)
  const sig = first(db, db.kysely.selectFrom('expert_signatures').select('image').where('expert_id', '=', expertId).where('deleted', '=', 0))
  let idNumber = ''
  if (row.id_number_enc) {
    try {
      idNumber = openText(key, row.id_number_enc)
    } catch {
      idNumber = '（无法解密）'
    }
  }
  const registered = e.key_fingerprint
  const pinPolicy = pinPolicyOf(db, e.meeting_id)
  const registration = !registered ? 'none' : row.fingerprint && fingerprintMatches(registered, row.fingerprint) ? 'match' : 'mismatch'
  return {
    expertId,
    name: row.name,
    unit: row.unit,
    title: row.title,
    specialty: row.specialty,
    phone: row.phone,
    pastUnits: parseUnits(row.past_units),
    idNumberMasked: idNumber ? maskIdNumber(idNumber) : '',
    hasKey: !!row.key_blob,
    publicKey: row.public_key,
    fingerprint: row.fingerprint,
    fingerprintGrouped: row.fingerprint ? formatFingerprint(row.fingerprint) : '',
    fingerprintDigits: row.fingerprint ? formatFingerprintDigits(row.fingerprint) : '',
    registeredFingerprint: registered,
    registration,
    signatureImage: sig?.image ?? null,
    pinWaitMs: pinWaitRemaining(row.failed_pin_attempts, row.last_failed_at ? new Date(row.last_failed_at) : null, now),
    pinPolicy,
    pinRule: describePinPolicy(pinPolicy)
  }
}

export interface ProfileInput {
  title: string
  specialty: string
  phone: string
  pastUnits: string[]
  /** undefined: keep; '': remove; otherwise a new ID number */
  idNumber?: string
}


export function saveProfile(db: Db, expertId: string, key: Uint8Array, input: ProfileInput): void {
  ensureIdentity(db, expertId)
  const phone = phoneProblem(input.phone)
  if (phone) throw new ApiError('invalid_input', phone, [{ path: 'phone', message: phone }])
  let idNumberEnc: string | undefined
  if (input.idNumber !== undefined) {
    const id = input.idNumber.normalize('NFKC').trim().toUpperCase()
    const problem = idNumberProblem(id)
    if (problem) throw new ApiError('invalid_input', problem, [{ path: 'idNumber', message: problem }])
    idNumberEnc = id ? sealText(key, id) : ''
  }
  run(
    db,
    db.kysely
      .updateTable('local_identity')
      .set({
        title: input.title,
        specialty: input.specialty,
        phone: input.phone,
        past_units: JSON.stringify(input.pastUnits.map((u) => u.trim()).filter(Boolean)),
        ...(idNumberEnc !== undefined ? { id_number_enc: idNumberEnc } : {})
      })
      .where('id', '=', expertId)
  )
}

/** The secretariat's rules for a new PIN in this meeting (meeting settings `pin`; the plain 6-digit PIN when unset). */
export function pinPolicyOf(db: Db, meetingId: string): PinPolicy {
  const m = first(db, db.kysely.selectFrom('meetings').select('settings').where('id', '=', meetingId))
  try {
    return completePinPolicy((JSON.parse(m?.settings || '{}') as { pin?: unknown }).pin)
  } catch {
    return completePinPolicy(undefined)
  }
}

/**
 * Makes the SM2 key pair on this laptop and seals the private key under the PIN. With the device key, the laptop
 * is also equipped to sign what it syncs as this expert (a sync key certified by the new key).
 */
export async function createKey(db: Db, expertId: string, pin: string, pinConfirm: string, deviceKey?: Uint8Array): Promise<void> {
  const row = ensureIdentity(db, expertId)
  if (row.key_blob) throw new ApiError('conflict', '已经生成过签名密钥。为防止误操作，不能覆盖现有密钥。')
  if (pin !== pinConfirm) throw new ApiError('invalid_input', '两次输入的 PIN 码不一致')
  const policy = pinPolicyOf(db, expertRow(db, expertId).meeting_id)
  const rule = validatePin(pin, policy)
  if (!rule.ok) throw new ApiError('invalid_input', rule.message)
  const pair = generateKeyPair()
  const blob = await encryptPrivateKeyAsync(pin, pair.privateKey, { policy, kdf: nodeScrypt })
  const fingerprint = publicKeyFingerprint(pair.publicKey)
  run(
    db,
    db.kysely
      .updateTable('local_identity')
      .set({ key_blob: JSON.stringify(blob), public_key: pair.publicKey, fingerprint, failed_pin_attempts: 0, last_failed_at: null })
      .where('id', '=', expertId)
      .where('key_blob', 'is', null)
  )
  if (deviceKey) installSigner(db, deviceKey, expertId, pair)
}

/** Equips this laptop to sign what it syncs as the expert (a key made before sync keys existed, or a restore). */
export async function enableExpertSync(db: Db, deviceKey: Uint8Array, expertId: string, pin: string): Promise<void> {
  const pair = await unlockPrivateKey(db, expertId, pin)
  installSigner(db, deviceKey, expertId, pair)
}

/**
 * Unlocks the private key with the PIN, one attempt at a time per key: the attempt is counted as a failure before
 * the KDF runs and the count is reset when the PIN is right. After a few wrong PINs each further attempt must wait
 * (pinAttemptDelay), which survives restarts because the count is stored.
 */
export async function unlockPrivateKey(db: Db, expertId: string, pin: string, now = new Date()): Promise<{ privateKey: string; publicKey: string }> {
  const row = ensureIdentity(db, expertId)
  if (!row.key_blob) throw new ApiError('conflict', '尚未生成签名密钥，请先在“我的身份”中设置 PIN 并生成密钥')
  const blob = parseKeyBlob(JSON.parse(row.key_blob))
  try {
    const privateKey = await unlockWithPin(`identity:${db.file}:${expertId}`, rowAttemptStore(db, 'local_identity', expertId), now, () => decryptPrivateKeyAsync(pin, blob, nodeScrypt))
    return { privateKey, publicKey: row.public_key }
  } catch (err) {
    if (err instanceof WrongPinError || err instanceof PinWaitError) throw new ApiError('forbidden', err.message)
    throw err
  }
}

const PNG_DATA_URL = /^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/

/** Stores the handwritten signature (for the eye only; the SM2 signature is what counts). Replicated. */
export function setSignatureImage(db: Db, expertId: string, image: string): void {
  expertRow(db, expertId)
  if (image.length > MAX_SIGNATURE_IMAGE_CHARS) throw new ApiError('invalid_input', '签名图片过大（应小于 500 KB）')
  if (!PNG_DATA_URL.test(image)) throw new ApiError('invalid_input', '签名图片应为 PNG 格式')
  writeChanges(db, expertId, (w) =>
    w.write('expert_signatures', naturalId('signature', expertId), {
      expert_id: expertId,
      image,
      updated_at: new Date().toISOString(),
      deleted: false
    })
  )
}
