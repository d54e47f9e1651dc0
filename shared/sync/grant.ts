/**
 * Release grants (issue 15, item 6): once an expert's own submission for a project is accepted, the secretariat's
 * laptop gives that expert each other expert's content key of that project (unitEnvelope.ts). The content key is
 * encrypted (SM4, one block) under a *release key* of that recipient — 16 random bytes the secretariat's laptop makes
 * per recipient sync key and session, SM2-wrapped to that sync key (`rk`) and repeated in each of its grants — so a
 * grant costs one SM4 block, not one SM2 encryption, and the recipient unwraps `rk` once per session. A grant is
 * signed by the secretariat's sync key, whose certificate travels along, over
 * `paneldesk.grant/2\n{kid}\n{fp}\n{rk}\n{wrapped}\n{cert.sig}`; every laptop checks it against the secretariat key it
 * pinned before keeping it, so a forger with write access to the folder can neither store a grant of its own nor,
 * by storing one first, keep the real one out. Grants of version 1 (unsigned, from builds before 2026-12-07) are
 * refused. Version 3 (a *bundle*) carries several content keys for one recipient under one signature, over
 * `paneldesk.grant/3\n{fp}\n{rk}\n{kid:wrapped,…}\n{cert.sig}`: the secretariat's laptop signs one per recipient
 * and project instead of one per content key; version 2 grants (one key each) are still read and verified.
 * docs/sync.md, "Sealed envelopes".
 */
import { z } from 'zod'
import { sm4 } from 'sm-crypto-v2'
import { randomBytes } from '@noble/hashes/utils.js'
import { SECRETARIAT_AUTHOR } from './ownership'
import { certValid, syncKeyCertSchema, type SyncKeyCert } from './seal'
import { trustsSecretariat } from './trust'
import { bytesToHex, formatFingerprint, hexToBytes, publicKeyFingerprint, sm2Encrypt, sm2Sign, sm2Verify } from '../signing/sm'

/** Content keys in one bundle (version 3); more are split over several bundles. */
export const GRANT_MAX_KEYS = 64
/** A grant is small: its text is refused unread beyond this (a full bundle is about 7,000 characters). */
export const GRANT_MAX_CHARS = 12_000

export const grantSchema = z
  .object({
    v: z.literal(2),
    kid: z.string().regex(/^[0-9a-f]{32}$/),
    fp: z.string().regex(/^[0-9a-f]{64}$/),
    rk: z.string().regex(/^[0-9a-f]{194,400}$/),
    wrapped: z.string().regex(/^[0-9a-f]{32}$/),
    cert: syncKeyCertSchema,
    sig: z.string().regex(/^30[0-9a-f]{12,300}$/)
  })
  .strict()
export type Grant = z.infer<typeof grantSchema>

const bundleKey = z.object({ kid: grantSchema.shape.kid, wrapped: grantSchema.shape.wrapped }).strict()
export const grantBundleSchema = z
  .object({
    v: z.literal(3),
    fp: grantSchema.shape.fp,
    rk: grantSchema.shape.rk,
    keys: z
      .array(bundleKey)
      .min(1)
      .max(GRANT_MAX_KEYS)
      .refine((keys) => new Set(keys.map((k) => k.kid)).size === keys.length, '密钥编号重复'),
    cert: syncKeyCertSchema,
    sig: grantSchema.shape.sig
  })
  .strict()
export type GrantBundle = z.infer<typeof grantBundleSchema>
/** A grant of either version this build reads. */
export type AnyGrant = Grant | GrantBundle

export function grantMessage(g: Pick<Grant, 'kid' | 'fp' | 'rk' | 'wrapped'>, certSig: string): string {
  return `paneldesk.grant/2\n${g.kid}\n${g.fp}\n${g.rk}\n${g.wrapped}\n${certSig}`
}

export function bundleMessage(g: Pick<GrantBundle, 'fp' | 'rk' | 'keys'>, certSig: string): string {
  return `paneldesk.grant/3\n${g.fp}\n${g.rk}\n${g.keys.map((k) => `${k.kid}:${k.wrapped}`).join(',')}\n${certSig}`
}

/** The content key ids a grant carries. */
export function grantKids(g: AnyGrant): string[] {
  return g.v === 2 ? [g.kid] : g.keys.map((k) => k.kid)
}

/** A recipient's release key: the key itself, and it SM2-wrapped to the recipient's sync key (`rk`). */
export interface ReleaseKey {
  fp: string
  key: Uint8Array
  rk: string
}

/** A 16-byte key encrypted under another (SM4, one block), as hex: a content key under a release or transport key. */
export function sm4WrapKey(key: Uint8Array, under: Uint8Array): string {
  return bytesToHex(sm4.encrypt(key, under, { mode: 'ecb', padding: 'none', output: 'array' }))
}

/** The 16-byte key `wrapped` (sm4WrapKey) holds under `under`; null when it is not one block. */
export function sm4UnwrapKey(wrapped: string, under: Uint8Array): Uint8Array | null {
  try {
    const k = sm4.decrypt(hexToBytes(wrapped), under, { mode: 'ecb', padding: 'none', output: 'array' })
    return k.length === 16 ? k : null
  } catch {
    return null
  }
}

/** A new release key for a recipient sync key (one SM2 encryption). */
export function makeReleaseKey(recipientPublicKey: string): ReleaseKey {
  const key = randomBytes(16)
  return { fp: publicKeyFingerprint(recipientPublicKey), key, rk: sm2Encrypt(key, recipientPublicKey) }
}

/**
 * The content key `kid` for one expert sync key, under that recipient's release key, signed by the secretariat's
 * sync key `signer`.
 */
export function makeGrant(kid: string, key: Uint8Array, release: ReleaseKey, signer: { cert: SyncKeyCert; privateKey: string }): Grant {
  const body = { kid, fp: release.fp, rk: release.rk, wrapped: sm4WrapKey(key, release.key) }
  return { v: 2, ...body, cert: signer.cert, sig: sm2Sign(grantMessage(body, signer.cert.sig), signer.privateKey, signer.cert.key) }
}

/**
 * One bundle (version 3) of content keys for one recipient, under that recipient's release key, signed once by the
 * secretariat's sync key `signer`: one SM2 signature for up to GRANT_MAX_KEYS keys.
 */
export function makeGrantBundle(keys: readonly { kid: string; key: Uint8Array }[], release: ReleaseKey, signer: { cert: SyncKeyCert; privateKey: string }): GrantBundle {
  if (keys.length === 0 || keys.length > GRANT_MAX_KEYS) throw new Error('发放授权的密钥数目无效')
  const body = { fp: release.fp, rk: release.rk, keys: keys.map((k) => ({ kid: k.kid, wrapped: sm4WrapKey(k.key, release.key) })) }
  return { v: 3, ...body, cert: signer.cert, sig: sm2Sign(bundleMessage(body, signer.cert.sig), signer.privateKey, signer.cert.key) }
}

/**
 * The content key `kid` of a grant (by default the only one of a version 2 grant), given its release key (unwrapped
 * from `rk` by the recipient); null when the grant does not carry `kid` or does not unwrap.
 */
export function grantKey(grant: AnyGrant, releaseKey: Uint8Array, kid?: string): Uint8Array | null {
  const wrapped = grant.v === 2 ? (kid === undefined || kid === grant.kid ? grant.wrapped : undefined) : grant.keys.find((k) => k.kid === kid)?.wrapped
  return wrapped ? sm4UnwrapKey(wrapped, releaseKey) : null
}

function parseAny(raw: unknown): AnyGrant | null {
  const v = raw && typeof raw === 'object' ? (raw as { v?: unknown }).v : undefined
  const r = v === 3 ? grantBundleSchema.safeParse(raw) : grantSchema.safeParse(raw)
  return r.success ? r.data : null
}

/** A grant's text parsed (no signature check: for grants this laptop already checked and kept). */
export function parseGrant(text: string): AnyGrant | null {
  if (text.length > GRANT_MAX_CHARS) return null
  try {
    return parseAny(JSON.parse(text))
  } catch {
    return null
  }
}

export type GrantCheck = { ok: true; grant: AnyGrant } | { ok: false; reason: string }

/**
 * Checks a grant received from elsewhere against the secretariat keys pinned here (`pins`): well formed, certified
 * by the secretariat's master key pinned here (checked before any signature, so a foreign key costs nothing), the
 * certificate and the grant's signature valid.
 */
export function checkGrant(text: string, pins: readonly string[]): GrantCheck {
  let raw: unknown
  try {
    raw = text.length > GRANT_MAX_CHARS ? null : JSON.parse(text)
  } catch {
    raw = null
  }
  if (raw && typeof raw === 'object' && (raw as { v?: unknown }).v === 1) return { ok: false, reason: '发放授权没有秘书处签名（旧版本写出或伪造），请各电脑升级后由秘书处再同步一次' }
  const g = parseAny(raw)
  if (!g) return { ok: false, reason: '发放授权格式无效' }
  if (g.cert.author !== SECRETARIAT_AUTHOR) return { ok: false, reason: `发放授权不是秘书处签发的（签发者为「${g.cert.author.slice(0, 40)}」）` }
  const master = publicKeyFingerprint(g.cert.master)
  if (!trustsSecretariat(pins, master)) return { ok: false, reason: `签发发放授权的公钥（指纹 ${formatFingerprint(master)}）不是本机确认的秘书处公钥` }
  if (!certValid(g.cert)) return { ok: false, reason: '发放授权所附的同步密钥证书签名无效' }
  if (!sm2Verify(g.v === 2 ? grantMessage(g, g.cert.sig) : bundleMessage(g, g.cert.sig), g.sig, g.cert.key)) return { ok: false, reason: '发放授权的签名无效（内容被改动或伪造）' }
  return { ok: true, grant: g }
}
