import { describe, expect, it } from 'vitest'
import { writeDocx } from '../../../scripts/fixtures/docxWriter'
import { writePdf } from '../../../scripts/fixtures/pdfWriter'
import { extractDocxText } from './docxText'
import { assertFileType, detectFileType } from './fileType'
import { extractPdfText } from './pdfText'

describe('extractPdfText', () => {
  it('extracts Chinese text per page through the CMaps', async () => {
    const pages = await extractPdfText(writePdf({ pages: [['第一章 建设依据', '总投资 286 万元'], ['第二页 数据目录']] }), 'a.pdf')
    expect(pages).toHaveLength(2)
    expect(pages[0]?.replace(/\s/g, '')).toBe('第一章建设依据总投资286万元')
    expect(pages[1]).toContain('数据目录')
  })

  it('reports password-protected and corrupt PDFs', async () => {
    await expect(extractPdfText(writePdf({ pages: [['x']], passwordProtected: true }), 'p.pdf')).rejects.toMatchObject({ code: 'pdf-password', file: 'p.pdf' })
    await expect(extractPdfText(new TextEncoder().encode('%PDF-1.4 nonsense'), 'c.pdf')).rejects.toMatchObject({ code: 'pdf-corrupt' })
  })
})

describe('extractDocxText', () => {
  it('extracts paragraphs', async () => {
    const text = await extractDocxText(writeDocx([{ text: '建设依据', heading: true }, { text: '业务流程：受理、办结。' }]), 'a.docx')
    expect(text).toBe('建设依据\n\n业务流程：受理、办结。')
  })
  it('reports a corrupt docx', async () => {
    const { zipFiles } = await import('./buildPackage')
    await expect(extractDocxText(new Uint8Array(zipFiles(new Map([['x', new Uint8Array(1)]]))), 'b.docx')).rejects.toMatchObject({ code: 'docx-corrupt' })
  })
})

describe('file type sniffing', () => {
  it('tells the real type from the first bytes', () => {
    expect(detectFileType(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0]))).toBe('png')
    expect(detectFileType(new TextEncoder().encode('%PDF-1.7'))).toBe('pdf')
    expect(detectFileType(new TextEncoder().encode('a,b\n1,2'))).toBe('text')
    expect(() => assertFileType('a.pdf', new TextEncoder().encode('a,b'))).toThrow(expect.objectContaining({ code: 'file-type-mismatch' }))
    expect(() => assertFileType('a.csv', Uint8Array.from([0x50, 0x4b, 3, 4, 0]))).toThrow(expect.objectContaining({ code: 'file-type-mismatch' }))
  })
})
