/**
 * `paneldesk verify FILE.docx [--json] [--fingerprint signerId=FP ...] [--fingerprints registered.json]`:
 * checks a PanelDesk Word document offline and prints 有效 / 已篡改 / 无法验证 with the reason, each signature and
 * each difference. Exit code: 0 有效, 1 已篡改, 2 无法验证, 3 wrong usage or unreadable file.
 */
import fs from 'node:fs'
import { parseArgs } from 'node:util'
import type { VerifyDocxResult } from '../../documents/verify'
import { verifyDocx } from '../../documents/verify'
import { formatFingerprint } from '../../../../shared/signing/sm'
import type { CliCommand } from './types'
import { MAX_DOCX_FILE_BYTES, readInputFile } from '../readInput'

export const VERIFY_EXIT = { valid: 0, tampered: 1, unverifiable: 2, usage: 3 } as const

const USAGE = 'verify 文件.docx [--json] [--fingerprint 签名人ID=指纹 ...] [--fingerprints 登记指纹.json]   验证评审台生成的 Word 文档'

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

export function formatReport(file: string, r: VerifyDocxResult): string {
  const lines = [`文件：${file}`, `结果：${r.status}${r.documentKind ? `（${r.documentKind}）` : ''}`, `说明：${r.reason}`]
  if (r.signatures.length > 0) {
    lines.push('', '签名：')
    for (const s of r.signatures) {
      const what = s.kind === 'panel-opinion' ? '专家组意见' : '评审意见表'
      lines.push(`  ${s.signerName}（${s.signerId}）${what}：${SIG_STATUS[s.status]}${s.reason ? ` — ${s.reason}` : ''}`)
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
    try {
      const { values, positionals } = parseArgs({
        args,
        allowPositionals: true,
        options: {
          json: { type: 'boolean', default: false },
          fingerprint: { type: 'string', multiple: true, default: [] },
          fingerprints: { type: 'string' }
        }
      })
      if (positionals.length !== 1) throw new UsageError('请给出一个要验证的 .docx 文件')
      file = positionals[0]!
      json = values.json === true
      registered = parseFingerprints(values.fingerprint ?? [], values.fingerprints)
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
    const r = verifyDocx(bytes, registered ? { registeredFingerprints: registered } : undefined)
    console.log(json ? JSON.stringify({ file, ...r }, null, 2) : formatReport(file, r))
    return r.status === '有效' ? VERIFY_EXIT.valid : r.status === '已篡改' ? VERIFY_EXIT.tampered : VERIFY_EXIT.unverifiable
  }
}
