/**
 * `paneldesk archive verify FILE.pdarchive [--json]`: checks a meeting archive offline (checksums, completeness,
 * every signature against the fingerprints registered in it). Exit code: 0 有效, 1 已篡改, 2 无法验证, 3 usage.
 */
import { verifyArchive } from '../../services/archive'
import { MAX_ARCHIVE_FILE_BYTES, readInputFile } from '../readInput'
import type { CliCommand } from './types'

const USAGE = 'archive verify 文件.pdarchive [--json]   验证会议归档文件'

export const archiveCommand: CliCommand = {
  name: 'archive',
  usage: USAGE,
  async run(args) {
    const json = args.includes('--json')
    const rest = args.filter((a) => a !== '--json')
    if (rest[0] !== 'verify' || rest.length !== 2) {
      console.error(`用法：paneldesk ${USAGE}`)
      return 3
    }
    let bytes: Uint8Array
    try {
      bytes = readInputFile(rest[1]!, MAX_ARCHIVE_FILE_BYTES, '归档文件')
    } catch (e) {
      console.error((e as Error).message)
      return 3
    }
    const r = verifyArchive(bytes)
    if (json) console.log(JSON.stringify(r, null, 2))
    else {
      const lines = [`文件：${rest[1]}`, `结果：${r.status}`, `说明：${r.reason}`, `会议：${r.meetingName}`, `生成时间：${r.createdAt}`, `文件数：${r.files}`]
      if (r.signatures.length) lines.push('', '签名：', ...r.signatures.map((s) => `  ${s.signer}的${s.kind}：${s.status}${s.reason ? ` — ${s.reason}` : ''}`))
      if (r.problems.length) lines.push('', '问题：', ...r.problems.map((p) => `  ${p}`))
      console.log(lines.join('\n'))
    }
    return r.status === '有效' ? 0 : r.status === '已篡改' ? 1 : 2
  }
}
