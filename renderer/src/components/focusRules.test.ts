import { describe, expect, it } from 'vitest'
import { shouldTakeFocus } from './focusRules'

const body = {}
const el = (inside: string | null, connected = true) => ({ isConnected: connected, closest: (s: string) => (inside && s.includes(inside) ? {} : null) })

describe('shouldTakeFocus', () => {
  it('takes the focus from nothing, from a removed control and from the navigation', () => {
    expect(shouldTakeFocus(null, body)).toBe(true)
    expect(shouldTakeFocus(body, body)).toBe(true)
    expect(shouldTakeFocus(el(null, false), body)).toBe(true)
    expect(shouldTakeFocus(el('nav'), body)).toBe(true)
    expect(shouldTakeFocus(el('.ant-breadcrumb'), body)).toBe(true)
  })
  it('never takes it from a field the user is working in', () => {
    expect(shouldTakeFocus(el(null), body)).toBe(false)
  })
})
