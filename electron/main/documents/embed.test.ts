import { describe, expect, it } from 'vitest'
import { makeFixture } from '../../../tests/kits/documents/testData'
import { embeddedBytes, embeddedXml, type EmbeddedData } from './embed'

describe('the embedded part as bytes (issue 10, speed)', () => {
  const f = makeFixture({ experts: 2, budgetLines: 20 })
  const data = (): Omit<EmbeddedData, 'figures'> => ({
    kind: 'panel-opinion',
    payloads: f.sources.map((payload) => ({ role: 'source' as const, payload })),
    rubric: f.rubric,
    images: [],
    generator: 'test'
  })

  it('is exactly the XML text encoded, also when a payload element is reused', () => {
    const d = data()
    const text = new TextEncoder().encode(embeddedXml(d))
    expect(embeddedBytes(d)).toEqual(text)
    expect(embeddedBytes(d)).toEqual(text)
  })

  it('never reuses a payload element after the payload object changed', () => {
    const d = data()
    embeddedBytes(d)
    const p = d.payloads[0]!.payload
    const saved = { canonical: p.canonical, signature: p.signature }
    try {
      Object.assign(p, { canonical: p.canonical.replace('{', '{"x":1,'), signature: `${p.signature}00` })
      const out = new TextDecoder().decode(embeddedBytes(d))
      expect(out).toContain('{"x":1,')
      expect(out).toContain(`${saved.signature}00`)
      expect(out).toBe(embeddedXml(d))
    } finally {
      Object.assign(p, saved)
    }
  })
})
