import { describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { NAME_LIMITS, documentFileName, nonClobberingName, safeFileName, sanitizeBaseName, writeFileNoClobber } from './fileNames'

const bytes = (s: string): number => new TextEncoder().encode(s).length

describe('file names', () => {
  it('names each kind of document in Chinese, stably', () => {
    expect(documentFileName('panel-opinion', '三明市城市运行“一网统管”平台（一期）项目')).toBe('三明市城市运行“一网统管”平台（一期）项目-专家组评审意见.docx')
    expect(documentFileName('expert-opinion', '某项目', '林志远')).toBe('某项目-专家个人评审意见表-林志远.docx')
    expect(documentFileName('budget-comparison', '某项目')).toBe(documentFileName('budget-comparison', '某项目'))
  })
  it('replaces Windows reserved characters with full-width ones and drops control characters', () => {
    expect(sanitizeBaseName('a<b>c:d"e/f\\g|h?i*j')).toBe('a＜b＞c：d＂e／f＼g｜h？i＊j')
    expect(sanitizeBaseName('项目\u0000\t名称')).toBe('项目名称')
    expect(safeFileName('平台/二期?')).toBe('平台／二期？.docx')
  })
  it('avoids reserved device names, trailing dots and spaces, and empty names', () => {
    expect(safeFileName('CON')).toBe('_CON.docx')
    expect(safeFileName('nul.txt', '.docx')).toBe('_nul.txt.docx')
    expect(safeFileName('com1')).toBe('_com1.docx')
    expect(safeFileName('CONSOLE')).toBe('CONSOLE.docx')
    expect(safeFileName('项目名称. . ')).toBe('项目名称.docx')
    expect(safeFileName('...')).toBe('未命名.docx')
  })
  it('keeps within UTF-16 and byte limits, cutting the project name and never a surrogate pair', () => {
    const long = '政务'.repeat(200)
    const name = documentFileName('expert-opinion', long, '林志远')
    expect(name.endsWith('-专家个人评审意见表-林志远.docx')).toBe(true)
    expect(name.length).toBeLessThanOrEqual(NAME_LIMITS.utf16)
    expect(bytes(name)).toBeLessThanOrEqual(NAME_LIMITS.utf8Bytes)
    const emoji = safeFileName('𠀀'.repeat(300))
    expect(emoji.endsWith('.docx')).toBe(true)
    expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(emoji)).toBe(false)
    expect(bytes(emoji)).toBeLessThanOrEqual(NAME_LIMITS.utf8Bytes)
  })
  it('picks 名称（2）.docx when the name exists', () => {
    const existing = new Set(['a.docx', 'a（2）.docx'])
    expect(nonClobberingName('a.docx', (n) => existing.has(n))).toBe('a（3）.docx')
    expect(nonClobberingName('b.docx', (n) => existing.has(n))).toBe('b.docx')
  })
  it('never overwrites an existing file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pd-names-'))
    const p1 = await writeFileNoClobber(dir, '专家组评审意见.docx', new Uint8Array([1]))
    const p2 = await writeFileNoClobber(dir, '专家组评审意见.docx', new Uint8Array([2]))
    expect(p1.endsWith('专家组评审意见.docx')).toBe(true)
    expect(p2.endsWith('专家组评审意见（2）.docx')).toBe(true)
    expect([...readFileSync(p1)]).toEqual([1])
    expect(readdirSync(dir).sort()).toEqual(['专家组评审意见.docx', '专家组评审意见（2）.docx'])
  })
})
