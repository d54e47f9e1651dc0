/**
 * The only file that talks to the backend: through the Electron preload bridge when present, otherwise over
 * HTTP to the local backend with the per-run token (the browser version and the end-to-end tests).
 */
import type { ApiCaller, MethodInput, MethodName, MethodOutput } from '../../shared/api/contract'
import { isApiErrorShape, type ApiErrorShape, type ApiResult } from '../../shared/api/errors'

export class ClientError extends Error implements ApiErrorShape {
  readonly code: ApiErrorShape['code']
  readonly issues?: ApiErrorShape['issues']
  constructor(shape: ApiErrorShape) {
    super(shape.message)
    this.code = shape.code
    if (shape.issues) this.issues = shape.issues
  }
}

const TOKEN_KEY = 'paneldesk.token'

/** Takes the token from the address (#token=…) once, keeps it for this tab, and removes it from the address. */
function readToken(): string {
  const m = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(window.location.hash)
  if (m) {
    sessionStorage.setItem(TOKEN_KEY, m[1] as string)
    history.replaceState(null, '', window.location.pathname + '#/')
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? ''
}

const token = window.paneldesk ? '' : readToken()

/** The desktop app picks paths through the OS dialog (files.pick); the browser version takes typed paths. */
export const hasOsDialogs = Boolean(window.paneldesk)

async function overHttp(method: string, input: unknown): Promise<ApiResult<unknown>> {
  let res: Response
  try {
    res = await fetch(`/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(input ?? {})
    })
  } catch {
    return { ok: false, error: { code: 'internal', message: '无法连接评审台后台服务，请确认程序仍在运行' } }
  }
  try {
    const body: unknown = await res.json()
    if (typeof body === 'object' && body !== null && 'ok' in body) return body as ApiResult<unknown>
  } catch {
    /* fall through */
  }
  return { ok: false, error: { code: 'internal', message: `后台服务返回了无法识别的响应（HTTP ${res.status}）` } }
}

const send = (method: MethodName, input: unknown): Promise<ApiResult<unknown>> => (window.paneldesk ? window.paneldesk.call(method, input) : overHttp(method, input))

/**
 * Reads the first screen needs, sent before React renders (start-up, issue 11 item 11): main.tsx starts them while
 * the page's first render runs, so their answers are there when the components ask. Each is used once, by the first
 * call of that method with no input; a call that may write (not a .list/.get/.status/.info read) first drops what
 * is left, as it may change what they read.
 */
const READ = /\.(list|get|status|info)$/
const early = new Map<MethodName, Promise<ApiResult<unknown>>>()

export function prefetch(methods: readonly MethodName[]): void {
  for (const m of methods) if (!early.has(m)) early.set(m, send(m, {}))
}

/** After the first render's effects (App's): what no component took is not kept to be served stale later. */
export function dropEarly(): void {
  early.clear()
}

function takeEarly(method: MethodName, input: unknown): Promise<ApiResult<unknown>> | undefined {
  const pre = early.get(method)
  const noInput = typeof input === 'object' && input !== null && Object.keys(input).length === 0
  if (!pre || !noInput) {
    if (!READ.test(method)) early.clear()
    return undefined
  }
  early.delete(method)
  return pre
}

export const call: ApiCaller = async <M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> => {
  const result = await (takeEarly(method, input) ?? send(method, input))
  if (result.ok) return result.data as MethodOutput<M>
  throw new ClientError(isApiErrorShape(result.error) ? result.error : { code: 'internal', message: '未知错误' })
}

export function errorMessage(err: unknown): string {
  if (err instanceof ClientError) return err.message
  return '操作未能完成，请重试'
}
