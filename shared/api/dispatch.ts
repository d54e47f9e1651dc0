/**
 * The generic adapter core shared by IPC and HTTP: validates the method name and input against the contract,
 * calls the handler, and turns every outcome into an ApiResult with a Chinese message (never a stack trace).
 */
import { z } from 'zod'
import { contract, isMethodName, type ApiHandlers, type MethodName } from './contract'
import { ApiError, type ApiResult } from './errors'

z.config(z.locales.zhCN())

export function zodIssues(err: z.ZodError): { path: string; message: string }[] {
  return err.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }))
}

export type ErrorLogger = (method: string, err: unknown) => void

export async function dispatch(
  handlers: ApiHandlers,
  method: string,
  rawInput: unknown,
  logError: ErrorLogger
): Promise<ApiResult<unknown>> {
  if (!isMethodName(method)) {
    return { ok: false, error: { code: 'unknown_method', message: `未知的操作：${method.slice(0, 80)}` } }
  }
  const parsed = contract[method].input.safeParse(rawInput ?? {})
  if (!parsed.success) {
    const issues = zodIssues(parsed.error)
    const first = issues[0]
    return {
      ok: false,
      error: { code: 'invalid_input', message: `输入无效：${first ? `${first.path || '参数'} ${first.message}` : '格式不正确'}`, issues }
    }
  }
  try {
    const handler = handlers[method] as (input: unknown) => unknown
    const data = await handler(parsed.data)
    return { ok: true, data }
  } catch (err) {
    if (err instanceof ApiError) return { ok: false, error: err.toJSON() }
    logError(method as MethodName, err)
    return { ok: false, error: { code: 'internal', message: '操作未能完成：程序内部错误，已记录日志。数据未被修改。' } }
  }
}
