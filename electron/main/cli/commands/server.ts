/**
 * `paneldesk server --data DIR [--port N] [--host H] [--postgres URL] [--cert F --key F] [--allow-insecure]
 *  [--trust-proxy ADDR,CIDR] [--max-push-changes N] [--max-device-mb N] [--max-rejected N]`
 */
import { startServer } from '../../../../server/main'
import { jsonLogger } from '../../../../server/log'
import { runUntilStopped } from '../../../../server/lifecycle'
import { DEFAULT_QUOTAS } from '../../../../server/push'
import type { CliCommand } from './types'

function parse(args: string[]): Record<string, string | true> {
  const out: Record<string, string | true> = {}
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string
    if (!a.startsWith('--')) throw new Error(`无法识别的参数：${a}`)
    const next = args[i + 1]
    if (next === undefined || next.startsWith('--')) out[a.slice(2)] = true
    else {
      out[a.slice(2)] = next
      i++
    }
  }
  return out
}

export const serverCommand: CliCommand = {
  name: 'server',
  usage: 'server --data 目录 [--port 8620] [--host 127.0.0.1] [--postgres URL] [--cert 证书 --key 私钥] [--allow-insecure] [--trust-proxy 反向代理地址或网段,…] [--max-push-changes 50000] [--max-device-mb 256] [--max-rejected 5000]   启动同步服务器',
  async run(args) {
    const launchedBy = process.ppid // before anything slow: see StopOptions.launchedBy
    const o = parse(args)
    const str = (k: string): string | undefined => (typeof o[k] === 'string' ? (o[k] as string) : undefined)
    const dataDir = str('data')
    if (!dataDir) {
      console.error('请用 --data 指定同步服务器的数据目录')
      return 2
    }
    if (o['trust-proxy'] === true) {
      console.error('请在 --trust-proxy 后写出反向代理的地址或网段，如 --trust-proxy 127.0.0.1,10.0.0.0/8')
      return 2
    }
    if (!!str('cert') !== !!str('key')) {
      console.error('--cert 与 --key 需要同时提供')
      return 2
    }
    const num = (k: string, fallback: number): number | null => {
      const v = str(k)
      if (v === undefined) return fallback
      return /^[1-9]\d{0,9}$/.test(v) ? Number(v) : null
    }
    const quotas = {
      changesPerPush: num('max-push-changes', DEFAULT_QUOTAS.changesPerPush),
      bytesPerDevice: num('max-device-mb', DEFAULT_QUOTAS.bytesPerDevice / 1024 / 1024),
      rejectedPerDevice: num('max-rejected', DEFAULT_QUOTAS.rejectedPerDevice)
    }
    if (quotas.changesPerPush === null || quotas.bytesPerDevice === null || quotas.rejectedPerDevice === null) {
      console.error('--max-push-changes、--max-device-mb、--max-rejected 需要正整数')
      return 2
    }
    const log = jsonLogger()
    const server = await startServer({
      log,
      quotas: { changesPerPush: quotas.changesPerPush, bytesPerDevice: quotas.bytesPerDevice * 1024 * 1024, rejectedPerDevice: quotas.rejectedPerDevice },
      dataDir,
      port: Number(str('port') ?? 8620),
      host: str('host') ?? '127.0.0.1',
      ...(str('postgres') ? { postgres: str('postgres') as string } : {}),
      ...(str('cert') ? { cert: str('cert') as string, key: str('key') as string } : {}),
      allowInsecure: o['allow-insecure'] === true,
      ...(str('trust-proxy') ? { trustProxy: [str('trust-proxy') as string] } : {})
    })
    // Runs in this process (bin/paneldesk.mjs imports the command line, it does not spawn it): a signal to this
    // process stops the server gracefully, and so does the end of a wrapper that launched it (server/lifecycle.ts).
    return runUntilStopped(server, { log, launchedBy })
  }
}
