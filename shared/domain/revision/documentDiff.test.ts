import { describe, expect, it } from 'vitest'
import { diffDocument, diffDocuments } from './documentDiff'
import { diffLines } from './textDiff'

const doc = (pages: string[][], role: 'main' | 'attachment' = 'main', path = 'docs/方案.pdf') => ({ path, title: '可研暨初设方案', role, pages: pages.map((p) => p.join('\n')), paged: true })

describe('line diff', () => {
  it('finds the shortest edit script and falls back to a rewrite past the bound', () => {
    const r = diffLines(['a', 'b', 'c', 'd'], ['a', 'x', 'c', 'd', 'e'])
    expect(r.rewritten).toBe(false)
    expect(r.ops.filter((o) => o.op !== 'same')).toEqual([
      { op: 'remove', oldIndex: 1, newIndex: null },
      { op: 'add', oldIndex: null, newIndex: 1 },
      { op: 'add', oldIndex: null, newIndex: 4 }
    ])
    const a = Array.from({ length: 300 }, (_, i) => `old ${i}`)
    const b = Array.from({ length: 300 }, (_, i) => `new ${i}`)
    const bounded = diffLines(a, b, 50)
    expect(bounded.rewritten).toBe(true)
    expect(bounded.ops.filter((o) => o.op === 'remove')).toHaveLength(300)
    expect(diffLines([], []).ops).toEqual([])
  })
})

describe('document diff by chapter', () => {
  it('compares chapters matched by title, with the pages of every changed line', () => {
    const a = doc([['第一章 项目概述', '建设目标不变。'], ['第二章 建设内容', '采购办公电脑10台。', '统一受理门户。'], ['第三章 安全方案', '等保三级。']])
    const b = doc([['第一章 项目概述', '建设目标不变。'], ['第二章 建设内容', '统一受理门户。'], ['第三章 安全与密码方案', '等保三级。', '编制密码应用方案。'], ['第四章 运维', '运维一年。']])
    const d = diffDocument(a, b)
    expect(d.status).toBe('changed')
    expect(d.chapters.map((c) => [c.title, c.status])).toEqual([
      ['第一章 项目概述', 'same'],
      ['第二章 建设内容', 'changed'],
      ['第三章 安全与密码方案', 'changed'],
      ['第四章 运维', 'added']
    ])
    expect(d.chapters[1]).toMatchObject({ added: 0, removed: 1, lines: [{ op: 'remove', text: '采购办公电脑10台。', page: 2 }], oldPages: [2, 2], newPages: [2, 2] })
    expect(d.chapters[2]?.lines).toEqual([
      { op: 'remove', text: '第三章 安全方案', page: 3 },
      { op: 'add', text: '第三章 安全与密码方案', page: 3 },
      { op: 'add', text: '编制密码应用方案。', page: 3 }
    ])
  })

  it('handles documents without chapters, removed chapters and missing documents', () => {
    const d = diffDocument(doc([['甲', '乙']]), doc([['甲', '丙']]))
    expect(d.chapters).toHaveLength(1)
    expect(d.chapters[0]).toMatchObject({ title: '全文', added: 1, removed: 1 })
    const removed = diffDocument(doc([['第一章 概述', 'x'], ['第二章 删除的章', 'y']]), doc([['第一章 概述', 'x']]))
    expect(removed.chapters.map((c) => c.status)).toEqual(['same', 'removed'])
    const all = diffDocuments([doc([['x']]), doc([['附件']], 'attachment', 'a.pdf')], [doc([['x']])])
    expect(all.map((x) => x.status)).toEqual(['same', 'removed'])
  })
})
