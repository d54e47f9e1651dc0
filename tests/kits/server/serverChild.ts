/** A sync server in its own process (tests: several processes sharing one PostgreSQL). Prints one JSON line per log entry. */
import { startServer } from '../../../server/main'
import { jsonLogger } from '../../../server/log'
import { runUntilStopped } from '../../../server/lifecycle'

const args = process.argv.slice(2)
const arg = (name: string): string | undefined => {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : undefined
}
const server = await startServer({
  dataDir: arg('--data') as string,
  port: Number(arg('--port') ?? 0),
  ...(arg('--postgres') ? { postgres: arg('--postgres') as string } : {}),
  log: jsonLogger(),
  ...(arg('--enrol-per-minute') ? { enrolPerMinute: Number(arg('--enrol-per-minute')) } : {}),
  ...(arg('--trust-proxy') ? { trustProxy: [arg('--trust-proxy') as string] } : {})
})
process.stdout.write(JSON.stringify({ msg: 'ready', url: server.url }) + '\n')
process.exit(await runUntilStopped(server, { log: jsonLogger() }))
