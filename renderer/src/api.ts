/**
 * The only file that talks to the backend: through the Electron preload bridge when present, otherwise over
 * HTTP to the local backend with the per-run token (the browser version and the end-to-end tests).
 */
import type { ApiCaller, MethodInput, MethodName, MethodOutput } from '../../shared/api/contract'
import { isApiErrorShape, type ApiErrorShape, type ApiResult } from '../../shared/api/errors'
import { EarlyAnswers } from './earlyAnswers'

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

/** The first screen's reads, sent by boot.ts before React is evaluated (earlyAnswers.ts has the rules). */
const early = new EarlyAnswers<MethodName>(send)

export function prefetch(methods: readonly MethodName[]): void {
  early.start(methods)
}

/** Resolves when the prefetched answers are in, or after `maxMs` (main.tsx renders then). */
export function prefetchArrived(maxMs: number): Promise<void> {
  return early.whenArrived(maxMs)
}

/** A prefetched answer's data for a component's initial state, if it has arrived and succeeded. */
export function earlyData<M extends MethodName>(method: M): MethodOutput<M> | undefined {
  return early.peek(method) as MethodOutput<M> | undefined
}

/** After the first render's effects (App's): what no component took is not kept to be served stale later. */
export function dropEarly(): void {
  early.drop()
}

export const call: ApiCaller = async <M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> => {
  const result = await (early.take(method, input) ?? send(method, input))
  if (result.ok) return result.data as MethodOutput<M>
  throw new ClientError(isApiErrorShape(result.error) ? result.error : { code: 'internal', message: '未知错误' })
}

export function errorMessage(err: unknown): string {
  if (err instanceof ClientError) return err.message
  return '操作未能完成，请重试'
}
