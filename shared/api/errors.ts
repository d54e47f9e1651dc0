/** Typed errors that cross the API boundary. Messages are Chinese and meant for the user. */
export const API_ERROR_CODES = [
  'invalid_input',
  'not_found',
  'forbidden',
  'conflict',
  'unauthorized',
  'unknown_method',
  'internal'
] as const
export type ApiErrorCode = (typeof API_ERROR_CODES)[number]

export interface ApiErrorShape {
  code: ApiErrorCode
  message: string
  /** Field paths and problems, for invalid input. */
  issues?: { path: string; message: string }[]
}

export class ApiError extends Error implements ApiErrorShape {
  readonly code: ApiErrorCode
  readonly issues?: { path: string; message: string }[]
  constructor(code: ApiErrorCode, message: string, issues?: { path: string; message: string }[]) {
    super(message)
    this.name = 'ApiError'
    this.code = code
    if (issues) this.issues = issues
  }
  toJSON(): ApiErrorShape {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message }
  }
}

export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiErrorShape }

export function isApiErrorShape(x: unknown): x is ApiErrorShape {
  return typeof x === 'object' && x !== null && typeof (x as ApiErrorShape).code === 'string' && typeof (x as ApiErrorShape).message === 'string'
}
