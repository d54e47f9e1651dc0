/** The meeting's root of trust on this laptop (issue 15): the secretariat's key, the pinned secretariat key, sync keys. */
import { z } from 'zod'
import { returns } from './returns'

export interface TrustStatus {
  /** The secretariat's key made on this laptop (only on the secretariat's laptop). */
  secretariatKey: { fingerprint: string; grouped: string; digits: string } | null
  /** Whether this laptop can sign what it writes as the secretariat. */
  secretariatSigner: boolean
  /** Secretariat keys this laptop trusts. */
  pinned: { fingerprint: string; grouped: string }[]
  /** Whether this laptop can sign what it writes as the acting expert. */
  expertSigner: boolean
  /** Whether the acting expert has made a key on this laptop (else there is nothing to enable yet). */
  expertHasKey: boolean
}

const pin = z.string().min(1, '请输入 PIN 码').max(200)

export const trustMethods = {
  'trust.status': { input: z.object({}).strict(), output: returns<TrustStatus>() },
  'trust.createSecretariatKey': { input: z.object({ pin, pinConfirm: z.string().max(200) }).strict(), output: returns<TrustStatus>() },
  'trust.unlockSecretariat': { input: z.object({ pin }).strict(), output: returns<TrustStatus>() },
  'trust.pinSecretariat': { input: z.object({ fingerprint: z.string().trim().min(1, '请填写秘书处公钥指纹').max(300) }).strict(), output: returns<TrustStatus>() },
  'identity.enableSync': { input: z.object({ pin }).strict(), output: returns<TrustStatus>() }
} as const
