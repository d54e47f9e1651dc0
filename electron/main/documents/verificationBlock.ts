/**
 * The visible 验证信息 block: who signed, the short SM3 digest, the key fingerprint and signature id, a QR
 * code carrying the full digest, and the plain statement of what the signature is checked against.
 */
import type { Paragraph, Table } from 'docx'
import { ImageRun } from 'docx'
import type { SignedPayload } from '../../../shared/signing/types'
import type { FigureBook } from './blocks'
import { body, mmToPx, run } from './blocks'
import { table } from './tables'
import { QR_IMAGE, TEXT, formatDateTime } from './style'
import { signedTimeOf } from './derive'
import { qrPng } from './qrPng'

export const VERIFICATION_STATEMENT =
  '本文件内嵌签名数据。签名采用国密SM2/SM3算法，以评审会报到时登记的专家公钥指纹核验，不依赖CA数字证书。' +
  '可在“评审台”的“验证文档”功能中或用命令 npx paneldesk verify 文件名.docx 离线核验；文中任何分数、金额或意见被修改，核验都将不通过。'

/** The block: a heading line, one table row per signed payload, a QR code of `qrDigest` and the statement. */
export async function verificationBlock(
  book: FigureBook,
  payloads: readonly SignedPayload[],
  qrDigest: string,
  qrLabel: string,
  landscape = false
): Promise<(Paragraph | Table)[]> {
  const st = TEXT.verification
  const rows = payloads.map((p) => {
    const k = `sig.${p.kind}.${p.signer.id}`
    return [
      { children: [book.run(`${k}.signer`, st)], align: 'center' as const },
      p.kind === 'panel-opinion' ? '专家组评审意见' : p.kind === 'followup-opinion' ? '专家组复核意见' : '个人评审意见表',
      { children: [book.run(`${k}.digest`, st)] },
      { children: [book.run(`${k}.fingerprint`, st)] },
      { children: [book.run(`${k}.id`, st)] },
      // The time inside the signed content; the envelope's signedAt is only a label outside the signature.
      formatDateTime(signedTimeOf(p) ?? p.signedAt)
    ]
  })
  const qr = qrPng(qrDigest)
  const px = mmToPx(QR_IMAGE.sizeMm)
  const qrRun = new ImageRun({ type: 'png', data: qr, transformation: { width: px, height: px }, altText: { name: 'PD-QR', description: `二维码：${qrLabel}`, title: '验证二维码' } })
  return [
    body([run('验证信息', TEXT.heading1)], { indent: false, keepNext: true }),
    table({
      widths: [8, 10, 26, 26, 14, 16],
      tiny: true,
      landscape,
      keepTogether: true,
      aligns: ['center', 'center', 'left', 'left', 'left', 'center'],
      header: [['签名人', '签名内容', '内容摘要（SM3，前128位）', '签名公钥指纹', '签名编号', '签名时间']],
      rows: [
        ...rows,
        [
          { children: [qrRun], align: 'center', span: 2 },
          { children: [run(`二维码为${qrLabel}（SM3，完整）：`, st), run(qrDigest, TEXT.mono), run('。', st), run(VERIFICATION_STATEMENT, st)], span: 4 }
        ]
      ]
    })
  ]
}
