import { describe, expect, it } from 'vitest'
import { BodyShapeError, SMALL_BODY, parseArrayBody } from './jsonSlices'

const big = (items: unknown[]) => JSON.stringify({ changes: items })

describe('large push bodies parsed element by element', () => {
  it('gives what JSON.parse gives, strings with brackets, commas, quotes and escapes included', async () => {
    const items = Array.from({ length: 3000 }, (_, i) => ({ origin: 'o', seq: i + 1, value: JSON.stringify({ a: `}],{"x\\${i}` }), seal: i % 7 === 0 ? '{"v":1}' : undefined, n: [i, { k: '中文' }] }))
    const text = big(items)
    expect(text.length).toBeGreaterThan(SMALL_BODY)
    expect(await parseArrayBody(text, 'changes')).toEqual(JSON.parse(text))
    expect(await parseArrayBody(`  {\n "changes" :\n [ ${text.slice(12, -2)} ]\n }\n`, 'changes')).toEqual(JSON.parse(text))
  })

  it('refuses a large body of another shape or broken JSON without parsing it whole', async () => {
    const items = Array.from({ length: 3000 }, (_, i) => ({ seq: i, value: 'x'.repeat(40) }))
    const text = big(items)
    await expect(parseArrayBody(text.replace('"changes"', '"other"'), 'changes')).rejects.toBeInstanceOf(BodyShapeError)
    await expect(parseArrayBody(`${text.slice(0, -2)}, "x": 1}`, 'changes')).rejects.toBeInstanceOf(BodyShapeError)
    await expect(parseArrayBody(text.replace('{"seq":5,', '{"seq":5,,'), 'changes')).rejects.toThrow()
    await expect(parseArrayBody(text.replace('},{"seq":9,', '},,{"seq":9,'), 'changes')).rejects.toBeInstanceOf(BodyShapeError)
    await expect(parseArrayBody(`${text.slice(0, -2)},]}`, 'changes')).rejects.toBeInstanceOf(BodyShapeError)
    await expect(parseArrayBody(text.replace('"value":"x', '"value":"\\"x'), 'changes')).resolves.toBeDefined()
    await expect(parseArrayBody(text.replace('{"seq":7,', '{"seq":7,"o":{'), 'changes')).rejects.toBeInstanceOf(BodyShapeError)
  })
})
