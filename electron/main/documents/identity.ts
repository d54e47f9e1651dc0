/**
 * Who signed (issue 10): a document is 有效 only when every signer's key is anchored — by the charter statement
 * signed by a secretariat key the verifier trusts (charter.ts), or by a fingerprint the verifier was given for that
 * signer id. Otherwise the verdict is 身份未确认: 签名完整，但无法确认签名人身份.
 */
import type { CharterView } from '../../../shared/api/documentTypes'
import { formatFingerprint } from '../../../shared/signing/sm'
import { trustsSecretariat } from '../../../shared/sync/trust'
import type { CharterDifference } from './charter'
import { charterDifferences, checkCharter } from './charter'
import type { EmbeddedData } from './embed'

export type { CharterView }

export interface CharterJudgement {
  view: CharterView | null
  differences: CharterDifference[]
  /** Every signer's key is the one the trusted secretariat registered for that signer id. */
  anchors: boolean
}

/** Checks the document's charter statement against its signatures and the verifier's trusted secretariat keys. */
export function judgeCharter(data: EmbeddedData, trusted: readonly string[]): CharterJudgement {
  if (!data.charter) return { view: null, differences: [], anchors: false }
  const check = checkCharter(data.charter)
  if (!check.ok) {
    const view = { status: 'tampered' as const, reason: check.reason, secretariatFingerprint: '', trusted: false, meetingName: '', organiser: '', issuedAt: '' }
    return { view, differences: [], anchors: false }
  }
  const c = check.content
  const isTrusted = trustsSecretariat(trusted, check.masterFingerprint)
  const differences = charterDifferences(c, data.kind, data.payloads)
  const view: CharterView = {
    status: 'valid',
    reason: '',
    secretariatFingerprint: check.masterFingerprint,
    trusted: isTrusted,
    meetingName: String(c.meeting.name),
    organiser: String(c.meeting.organiser),
    issuedAt: String(c.issuedAt)
  }
  return { view, differences, anchors: isTrusted && differences.length === 0 }
}

export const UNCONFIRMED_HEAD = '签名完整，但无法确认签名人身份'

/** Why the signers are not anchored, in Chinese (for 身份未确认). */
export function unconfirmedReason(view: CharterView | null, names: readonly string[]): string {
  if (view && view.status === 'valid' && !view.trusted) {
    return `${UNCONFIRMED_HEAD}：文档附有秘书处签署的评审会名单，但签署它的秘书处公钥（指纹 ${formatFingerprint(view.secretariatFingerprint)}）不是本机信任的秘书处公钥。请与评审会秘书处公布的指纹核对后，在命令行用 --secretariat-fingerprint 指定，或在“验证文档”页面保存`
  }
  return `${UNCONFIRMED_HEAD}：文档未附秘书处签署的评审会名单（旧版文档，或不是由持有秘书处密钥的电脑导出），${names.join('、')}的签名公钥未与评审会登记的指纹核对。请用 --fingerprints 提供登记指纹`
}
