/**
 * `npm run web`'s backend and HTTP adapter on a fresh data folder, with the hanging file-system probe: prints
 * `READY <port> <token>` and stops on SIGTERM like web/index.ts. For the SIGTERM test in tests/security/fsHang.test.ts.
 */
import { openBackend } from '../../../electron/main/backend'
import { FsProbe, childLauncher, useFsProbe } from '../../../electron/main/paths/fsProbe'
import { createHttpAdapter, newToken } from '../../../electron/main/web/httpAdapter'

const dataDir = process.argv[2]!
const probe = new FsProbe(childLauncher({ file: new URL('./hangingProbe.ts', import.meta.url).pathname, source: true }))
useFsProbe(probe)
await probe.ready()
const backend = await openBackend({ dataDir, seedDemo: false })
const token = newToken()
const server = createHttpAdapter({ handlers: backend.handlers, token, logError: () => {} })
server.listen(0, '127.0.0.1', () => {
  const addr = server.address()
  console.log(`READY ${typeof addr === 'object' && addr ? addr.port : 0} ${token}`)
})
const stop = (): void => {
  server.close()
  backend.close()
  process.exit(0)
}
process.on('SIGTERM', stop)
