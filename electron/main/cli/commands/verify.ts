/**
 * `paneldesk verify FILE.docx [--json] [--secretariat-fingerprint HEX ...] [--fingerprint signerId=FP ...]
 * [--fingerprints registered.json] [--restore OUT.docx]`: checks a PanelDesk Word document offline and prints
 * 有效 / 已篡改 / 无法验证 / 身份未确认 with the reason, each signature and each difference. Exit code: 0 有效,
 * 1 已篡改, 2 无法验证 or 身份未确认 (签名完整，但无法确认签名人身份), 3 wrong usage or unreadable file.
 */
import fs from 'node:fs'
import { parseArgs } from 'node:util'
import type { VerifyDocxResult } from '../../documents/verify'
import { restoreDocx, verifyDocx } from '../../documents/verify'
import { formatFingerprint, normalizeFingerprint } from '../../../../shared/signing/sm'
import type { CliCommand } from './types'
import { SIGNED_KIND_SHORT } from '../../../../shared/signing/kindLabels'
import { MAX_DOCX_FILE_BYTES, readInputFile } from '../readInput'

export const VERIFY_EXIT = { valid: 0, tampered: 1, unverifiable: 2, usage: 3 } as const

const USAGE =
  'verify 文件.docx [--json] [--secretariat-fingerprint 秘书处指纹 ...] [--fingerprint 签名人ID=指纹 ...] [--fingerprints 登记指纹.json] [--restore 签名原文.docx]   验证评审台生成的 Word 文档（--restore：由签名数据恢复原文）'

class UsageError extends Error {}

function parseFingerprints(pairs: string[], file: string | undefined): Record<string, string> | undefined {
  if (pairs.length === 0 && !file) return undefined
  const out: Record<string, string> = {}
  if (file) {
    let parsed: unknown
    try {
      parsed = JSON.parse(fs.readFileSync(file, 'utf8'))
    } catch {
      throw new UsageError(`无法读取登记指纹文件“${file}”（应为 JSON：{"签名人ID": "指纹", …}）`)
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new UsageError('登记指纹文件应为 JSON 对象：{"签名人ID": "指纹", …}')
    for (const [k, v] of Object.entries(parsed)) {
      if (typeof v !== 'string') throw new UsageError(`登记指纹文件中“${k}”的指纹不是文字`)
      out[k] = v
    }
  }
  for (const p of pairs) {
    const i = p.indexOf('=')
    if (i <= 0 || i === p.length - 1) throw new UsageError(`--fingerprint 的格式应为 签名人ID=指纹，收到“${p}”`)
    out[p.slice(0, i)] = p.slice(i + 1)
  }
  return out
}

const SIG_STATUS = { valid: '有效', tampered: '已篡改', unverifiable: '无法验证' } as const
const IDENTITY = { charter: '身份由秘书处名单确认', registered: '身份由登记指纹确认', unconfirmed: '身份未确认' } as const

function parseSecretariats(values: string[]): string[] {
  return values.map((v) => {
    const fp = normalizeFingerprint(v)
    if (!/^[0-9a-f]{32}$|^[0-9a-f]{64}$/.test(fp)) throw new UsageError(`--secretariat-fingerprint 应为 32 或 64 位十六进制（可分组），收到“${v}”`)
    return fp
  })
}

export function formatReport(file: string, r: VerifyDocxResult): string {
  const lines = [`文件：${file}`, `结果：${r.status}${r.documentKind ? `（${r.documentKind}）` : ''}`, `说明：${r.reason}`]
  if (r.charter) {
    const c = r.charter
    lines.push('', c.status === 'valid' ? `秘书处名单：${c.meetingName}（${c.organiser}），秘书处公钥指纹 ${formatFingerprint(c.secretariatFingerprint)}，${c.trusted ? '已信任' : '未信任'}` : `秘书处名单：未通过验证 — ${c.reason}`)
  }
  if (r.signatures.length > 0) {
    lines.push('', '签名：')
    for (const s of r.signatures) {
      const what = SIGNED_KIND_SHORT[s.kind]
      lines.push(`  ${s.signerName}（${s.signerId}）${what}：${SIG_STATUS[s.status]}，${IDENTITY[s.identity]}${s.reason ? ` — ${s.reason}` : ''}`)
      lines.push(`    摘要 ${s.digest}`)
      lines.push(`    指纹 ${formatFingerprint(s.fingerprint)}`)
    }
  }
  if (r.mismatches.length > 0) {
    lines.push('', `改动之处（${r.mismatches.length}）：`)
    for (const m of r.mismatches) lines.push(`  ${m.what}：应为“${m.expected}”，文档中为“${m.found}”`)
  }
  if (r.notes.length > 0) lines.push('', ...r.notes.map((n) => `注：${n}`))
  return lines.join('\n')
}

export const verifyCommand: CliCommand = {
  name: 'verify',
  usage: USAGE,
  async run(args: string[]): Promise<number> {
    let file: string
    let json: boolean
    let registered: Record<string, string> | undefined
    let restoreTo: string | undefined
    let secretariats: string[]
    try {
      const { values, positionals } = parseArgs({
        args,
        allowPositionals: true,
        options: {
          json: { type: 'boolean', default: false },
          fingerprint: { type: 'string', multiple: true, default: [] },
          fingerprints: { type: 'string' },
          'secretariat-fingerprint': { type: 'string', multiple: true, default: [] },
          restore: { type: 'string' }
        }
      })
      if (positionals.length !== 1) throw new UsageError('请给出一个要验证的 .docx 文件')
      file = positionals[0]!
      json = values.json === true
      registered = parseFingerprints(values.fingerprint ?? [], values.fingerprints)
      restoreTo = values.restore
      secretariats = parseSecretariats(values['secretariat-fingerprint'] ?? [])
    } catch (e) {
      console.error(`${e instanceof Error ? e.message : String(e)}\n用法：paneldesk ${USAGE}`)
      return VERIFY_EXIT.usage
    }
    let bytes: Uint8Array
    try {
      bytes = readInputFile(file, MAX_DOCX_FILE_BYTES, ' Word 文档')
    } catch (e) {
      console.error((e as Error).message)
      return VERIFY_EXIT.usage
    }
    const r = await verifyDocx(bytes, { ...(registered ? { registeredFingerprints: registered } : {}), trustedSecretariats: secretariats })
    console.log(json ? JSON.stringify({ file, ...r }, null, 2) : formatReport(file, r))
    if (restoreTo) {
      try {
        const restored = await restoreDocx(bytes)
        // Never overwrite: the restored document goes beside the original under the name given.
        fs.writeFileSync(restoreTo, restored, { flag: 'wx' })
        console.error(`已由签名数据恢复签名原文：${restoreTo}`)
      } catch (e) {
        console.error((e as NodeJS.ErrnoException).code === 'EEXIST' ? `文件“${restoreTo}”已存在，未覆盖` : (e as Error).message)
        return VERIFY_EXIT.usage
      }
    }
    return r.status === '有效' ? VERIFY_EXIT.valid : r.status === '已篡改' ? VERIFY_EXIT.tampered : VERIFY_EXIT.unverifiable
  }
}
