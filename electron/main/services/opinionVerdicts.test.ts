import { describe, expect, it } from 'vitest'
import { opinionKey, type OpinionInputs } from './opinionVerdicts'

const base: OpinionInputs = { projectId: 'p1', leader: { id: 'e1', name: '林海峰', fingerprint: 'ab' }, signedText: '通过', draft: null, overrides: null, sources: [], rubric: {}, settings: {}, organiser: '三明市数据管理局', blocked: '' }

describe('the key of a remembered 组长 verdict', () => {
  it('differs whenever one input differs, also where UTF-8 would not tell two texts apart or two inputs could run together', () => {
    const keys = [
      base,
      { ...base, signedText: '通过\uD800' },
      { ...base, signedText: '通过\uFFFD' },
      { ...base, draft: '' },
      { ...base, projectId: 'p1通', signedText: '过' },
      { ...base, leader: null },
      { ...base, leader: { id: 'e1', name: '林海峰', fingerprint: 'ac' } },
      { ...base, sources: [{ digest: 'd', signature: 's' } as never] },
      { ...base, blocked: '未签名' }
    ].map(opinionKey)
    expect(new Set(keys).size).toBe(keys.length)
    expect(opinionKey({ ...base })).toBe(keys[0])
  })
})
