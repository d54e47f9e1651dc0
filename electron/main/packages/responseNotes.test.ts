/** Where a 修改稿 carries its 修改说明 (issue 12): a table file, a document so named, or a section under its heading. */
import { describe, expect, it } from 'vitest'
import type { ParsedPackage } from './readPackage'
import { readResponseNotes } from './responseNotes'

type Doc = { path: string; title: string; role: 'main' | 'attachment'; pages: string[] }
const pkg = (files: { path: string; text: string }[], docs: Doc[]) =>
  ({
    files: files.map((f) => ({ path: f.path, bytes: new TextEncoder().encode(f.text), size: f.text.length, sha256: '' })),
    documents: docs.map((d) => ({ ...d, format: 'pdf', pageCount: d.pages.length }))
  }) as unknown as ParsedPackage

const main: Doc = { path: 'docs/方案.pdf', title: '可研暨初设方案', role: 'main', pages: ['第一章 概述\n1、目标：略。', '修改说明\n一、主要问题\n1、办公电脑。修改情况：已删除。'] }
const attachment: Doc = { path: 'docs/附件2.pdf', title: '关于专家意见的修改说明', role: 'attachment', pages: ['二、修改建议\n（1）密评。答复：已补充。'] }

describe('readResponseNotes', () => {
  it('prefers a table file, then a document so named, then a section of the main document', async () => {
    const table = await readResponseNotes(pkg([{ path: 'attachments/整改说明.csv', text: '序号,类别,专家意见,落实情况\n1,主要问题,办公电脑,已删除。\n' }], [main, attachment]))
    expect(table).toEqual({ source: { kind: 'table', path: 'attachments/整改说明.csv', note: '' }, items: [{ kind: 'problem', number: 1, quote: '办公电脑', answer: '已删除。' }] })
    const named = await readResponseNotes(pkg([], [main, attachment]))
    expect(named).toEqual({ source: { kind: 'document', path: 'docs/附件2.pdf', note: '' }, items: [{ kind: 'suggestion', number: 1, quote: '密评。', answer: '已补充。' }] })
    const section = await readResponseNotes(pkg([], [main]))
    expect(section).toEqual({ source: { kind: 'section', path: 'docs/方案.pdf', note: '' }, items: [{ kind: 'problem', number: 1, quote: '办公电脑。', answer: '已删除。' }] })
  })

  it('a table without an answer column says so', async () => {
    const notes = await readResponseNotes(pkg([{ path: '修改说明.csv', text: '序号,专家意见,备注\n1,办公电脑,无\n' }], []))
    expect(notes.items).toEqual([])
    expect(notes.source.note).toMatch(/没有读到带“修改情况”/)
  })
})
