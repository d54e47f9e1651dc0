import { describe, expect, it } from 'vitest'
import { contract, METHOD_NAMES, type ApiHandlers } from './contract'
import { dispatch } from './dispatch'
import { ApiError } from './errors'

function handlers(overrides: Partial<ApiHandlers> = {}): ApiHandlers {
  const fail = () => {
    throw new Error('not in this test')
  }
  const base = Object.fromEntries(METHOD_NAMES.map((m) => [m, fail])) as unknown as ApiHandlers
  return { ...base, ...overrides }
}

const noLog = () => {}

describe('the API contract', () => {
  it('rejects malformed input with a typed, Chinese error naming the field', async () => {
    const r = await dispatch(handlers(), 'sheets.setScore', { sheetId: 's', itemId: 'i', value: 'seven' }, noLog)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.code).toBe('invalid_input')
    expect(r.error.issues?.[0]?.path).toBe('value')
    expect(r.error.message).toMatch(/^输入无效：value/)
  })

  it('rejects unknown fields, unknown methods and non-objects', async () => {
    const extra = await dispatch(handlers(), 'meetings.get', { meetingId: 'm', sql: 'drop table' }, noLog)
    expect(extra.ok || extra.error.code).toBe('invalid_input')
    const unknown = await dispatch(handlers(), 'meetings.drop', {}, noLog)
    expect(unknown.ok || unknown.error.code).toBe('unknown_method')
    const notObject = await dispatch(handlers(), 'meetings.get', 'm', noLog)
    expect(notObject.ok || notObject.error.code).toBe('invalid_input')
    const proto = await dispatch(handlers(), '__proto__', {}, noLog)
    expect(proto.ok || proto.error.code).toBe('unknown_method')
  })

  it('passes parsed input (with defaults) to the handler and returns its output', async () => {
    let seen: unknown
    const r = await dispatch(
      handlers({
        'sheets.setScore': (input) => {
          seen = input
          return {} as never
        }
      }),
      'sheets.setScore',
      { sheetId: 's', itemId: 'i', value: 7 },
      noLog
    )
    expect(r.ok).toBe(true)
    expect(seen).toEqual({ sheetId: 's', itemId: 'i', value: 7, na: false })
  })

  it('returns ApiErrors as they are and hides internal errors behind a Chinese message', async () => {
    const logged: unknown[] = []
    const h = handlers({
      'meetings.get': () => {
        throw new ApiError('not_found', '找不到该会议')
      },
      'meetings.list': () => {
        throw new TypeError('secret stack detail')
      }
    })
    const a = await dispatch(h, 'meetings.get', { meetingId: 'x' }, noLog)
    expect(a).toEqual({ ok: false, error: { code: 'not_found', message: '找不到该会议' } })
    const b = await dispatch(h, 'meetings.list', {}, (_m, e) => logged.push(e))
    expect(b.ok).toBe(false)
    if (!b.ok) {
      expect(b.error.code).toBe('internal')
      expect(b.error.message).not.toMatch(/secret|TypeError/)
    }
    expect(logged).toHaveLength(1)
  })

  it('has an input schema for every method', () => {
    for (const m of METHOD_NAMES) expect(typeof contract[m].input.safeParse).toBe('function')
  })
})
