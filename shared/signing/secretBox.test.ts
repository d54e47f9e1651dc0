import { describe, expect, it } from 'vitest'
import { openText, sealText, SecretBoxError } from './secretBox'

const key = new Uint8Array(16).map((_, i) => i + 1)

describe('secret box', () => {
  it('round-trips Chinese text and never repeats a ciphertext', () => {
    const a = sealText(key, '35040219700101123X 张三')
    const b = sealText(key, '35040219700101123X 张三')
    expect(a).not.toBe(b)
    expect(a).not.toContain('1234')
    expect(openText(key, a)).toBe('35040219700101123X 张三')
  })

  it('refuses a wrong key and an altered ciphertext', () => {
    const sealed = sealText(key, '350402197001011234')
    expect(() => openText(new Uint8Array(16), sealed)).toThrow(SecretBoxError)
    const parts = sealed.split(':')
    const ct = parts[3]!
    parts[3] = (ct[0] === '0' ? '1' : '0') + ct.slice(1)
    expect(() => openText(key, parts.join(':'))).toThrow(/无法解密/)
    expect(() => openText(key, 'garbage')).toThrow(/格式无效/)
  })
})
