import { describe, expect, it } from 'vitest'
import { searchPages } from './search'

describe('searchPages', () => {
  it('finds words broken across lines, ignores case, and gives page numbers and context', () => {
    const hits = searchPages(['第一章 建设依据', '本项目依托市政\n务云部署，\n采用 SM2 算法', '政务云资源'], '政务 云')
    expect(hits.map((h) => h.page)).toEqual([2, 3])
    expect(hits[0]).toMatchObject({ before: '本项目依托市', match: '政务云', after: '部署，采用SM2算法' })
    expect(searchPages(['sm2'], 'SM2')).toHaveLength(1)
  })

  it('returns nothing for an empty query and caps the number of hits', () => {
    expect(searchPages(['abc'], '  ')).toEqual([])
    expect(searchPages(['aaaa'], 'a', 3)).toHaveLength(3)
  })
})
