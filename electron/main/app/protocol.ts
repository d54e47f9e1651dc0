/** Registers `app://paneldesk`, the origin of the app's own pages (the logic is in ../appProtocol.ts). */
import { protocol } from 'electron'
import { answerAppRequest, APP_SCHEME } from '../appProtocol'

/** Must run before the app is ready: a standard, secure origin with fetch (pdf.js) and no service workers. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true, allowServiceWorkers: false, corsEnabled: false } }
  ])
}

/** Serves only the files inside `rendererDir`; everything else is 404. */
export function serveAppScheme(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const r = await answerAppRequest(rendererDir, request.url, request.method)
    return new Response(r.body ? Buffer.from(r.body) : null, { status: r.status, headers: r.headers })
  })
}
