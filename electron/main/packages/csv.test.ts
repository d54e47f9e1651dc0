import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { decodeText, parseCsv } from './csv'

describe('decodeText', () => {
  const text = '序号,名称,金额\n1,服务器,60\n'
  it('reads UTF-8 with and without BOM', () => {
    const bytes = new TextEncoder().encode(text)
    expect(decodeText(bytes, 'a.csv')).toEqual({ text, encoding: 'utf-8' })
    expect(decodeText(Uint8Array.from([0xef, 0xbb, 0xbf, ...bytes]), 'a.csv')).toEqual({ text, encoding: 'utf-8' })
  })
  it('falls back to GBK when the bytes are not UTF-8', () => {
    expect(decodeText(new Uint8Array(iconv.encode(text, 'gbk')), 'a.csv')).toEqual({ text, encoding: 'gb18030' })
  })
  it('reads UTF-16 with a BOM', () => {
    expect(decodeText(new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')])), 'a.csv').text).toBe(text)
  })
})

describe('parseCsv', () => {
  it('handles quotes, doubled quotes, embedded newlines, CRLF and empty cells', () => {
    expect(parseCsv('a,"b,c","say ""hi"""\r\n1,,"line1\nline2"\r\n')).toEqual([
      ['a', 'b,c', 'say "hi"'],
      ['1', null, 'line1\nline2']
    ])
  })
  it('detects tab and semicolon delimiters', () => {
    expect(parseCsv('序号\t名称\n1\t服务器\n')).toEqual([['序号', '名称'], ['1', '服务器']])
    expect(parseCsv('a;b\n1;2')).toEqual([['a', 'b'], ['1', '2']])
  })
})
