import { describe, expect, it } from 'vitest'
import { matchResponses, opinionPoints, parseResponseRows, parseResponseText, MAX_RESPONSE_ITEMS } from './checklist'

const points = opinionPoints(['办公电脑不属于申报范畴。', '知识库系统工作量偏高。'], ['补充密码应用方案及密评费用。'], (t) => (t.startsWith('办公') ? ['林志远', '陈雅琴'] : ['林志远']))

describe('整改落实: matching the 修改说明 to the opinion', () => {
  it('reads a 修改说明 section by kind and number, quote and answer, and matches each point', () => {
    const text = [
      '第五章 其他',
      '无关的编号行：',
      '1. 这一行在修改说明之前，不算。',
      '修改说明',
      '一、主要问题',
      '1、专家意见：办公电脑不属于申报范畴。',
      '修改情况：已删除办公电脑10台，核减6万元。',
      '2、知识库系统工作量偏高。',
      '答复：经复核工作量合理，维持原方案。',
      '二、修改建议',
      '（1）补充密码应用方案。修改情况：已在第三章补充，并列入密评费6万元。'
    ].join('\n')
    const items = parseResponseText(text)
    expect(items).toEqual([
      { kind: 'problem', number: 1, quote: '办公电脑不属于申报范畴。', answer: '已删除办公电脑10台，核减6万元。' },
      { kind: 'problem', number: 2, quote: '知识库系统工作量偏高。', answer: '经复核工作量合理，维持原方案。' },
      { kind: 'suggestion', number: 1, quote: '补充密码应用方案。', answer: '已在第三章补充，并列入密评费6万元。' }
    ])
    const { rows, unmatched } = matchResponses(points, items)
    expect(rows.map((r) => [r.point.kind, r.point.number, r.matchedBy, r.answer])).toEqual([
      ['problem', 1, 'number', '已删除办公电脑10台，核减6万元。'],
      ['problem', 2, 'number', '经复核工作量合理，维持原方案。'],
      ['suggestion', 1, 'number', '已在第三章补充，并列入密评费6万元。']
    ])
    expect(rows[0]?.point.authors).toEqual(['林志远', '陈雅琴'])
    expect(unmatched).toEqual([])
  })

  it('reads a table; numbers running through both lists; falls back to the quoted text; leaves the rest to fill in', () => {
    const items = parseResponseRows([
      { 序号: '1', 专家意见: '办公电脑不属于申报范畴', 修改情况: '已删除。' },
      { 序号: '3', 专家意见: '补充密码应用方案', 修改情况: '已补充。' },
      { 序号: '', 专家意见: '', 修改情况: '' }
    ])
    expect(items).toHaveLength(2)
    const { rows } = matchResponses(points, items)
    expect(rows.map((r) => [r.matchedBy, r.answer])).toEqual([
      ['number', '已删除。'],
      [null, null],
      ['number', '已补充。']
    ])
    // Numbers that do not fit: matched by what they quote.
    const byText = matchResponses(points, [{ kind: 'problem', number: 9, quote: '知识库系统的工作量偏高', answer: '已核减。' }])
    expect(byText.rows[1]).toMatchObject({ matchedBy: 'text', answer: '已核减。' })
    expect(byText.unmatched).toEqual([])
  })

  it('stays bounded on long or hostile text', () => {
    const long = `修改说明\n${Array.from({ length: 20_000 }, (_, i) => `${(i % 999) + 1}、答复：第${i}条`).join('\n')}`
    const started = Date.now()
    const items = parseResponseText(long)
    expect(items.length).toBeLessThanOrEqual(MAX_RESPONSE_ITEMS)
    expect(matchResponses(points, items).rows).toHaveLength(3)
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(parseResponseText('')).toEqual([])
  })
})
