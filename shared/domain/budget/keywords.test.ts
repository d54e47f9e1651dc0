import { describe, expect, it } from 'vitest'
import { normaliseForMatch } from './cells'
import { firstKeyword, firstKeywordIndex } from './keywords'

/** What the index replaces: the first keyword of the list that the text includes. */
const naive = (text: string, keywords: readonly string[]) => keywords.find((k) => text.includes(normaliseForMatch(k))) ?? null

describe('firstKeyword', () => {
  it('returns the first keyword of the list the text contains, not the first found in the text', () => {
    const list = ['服务器密码机', '服务器', '密码']
    expect(firstKeyword('采购服务器密码机2台', list)).toBe('服务器密码机')
    expect(firstKeyword('密码服务器', ['服务器', '密码'])).toBe('服务器')
    expect(firstKeyword('网络布线', list)).toBeNull()
  })

  it('normalises the keywords as the texts are (full width, spaces, case)', () => {
    expect(firstKeyword(normaliseForMatch('ＳＭ２ 签名'), ['sm2'])).toBe('sm2')
    expect(firstKeyword('licence', ['License', 'LICENCE'])).toBe('LICENCE')
  })

  it('treats a keyword that normalises to nothing as contained in any text, in its place in the list', () => {
    expect(firstKeyword('abc', ['x', ' ', 'a'])).toBe(' ')
    expect(firstKeyword('abc', ['a', ' '])).toBe('a')
    expect(firstKeywordIndex('', ['a'])).toBe(-1)
  })

  it('agrees with a loop of includes on random texts and lists', () => {
    const alphabet = ['云', '服', '务', '器', '密', '码', 'a', 'b', '一']
    let seed = 7
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n)
    const word = (len: number) => Array.from({ length: len }, () => alphabet[rand(alphabet.length)]).join('')
    for (let round = 0; round < 2000; round++) {
      const list = Array.from({ length: 1 + rand(6) }, () => word(1 + rand(3)))
      const text = word(rand(12))
      expect(firstKeyword(text, list), `${text} / ${list.join(',')}`).toBe(naive(text, list))
    }
  })
})
