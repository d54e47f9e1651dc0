import { deflateSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { writeRawZip } from '../../../scripts/fixtures/rawZip'
import { zipFiles } from './buildPackage'
import { crc32 } from '../binary/crc32'
import { DEFAULT_PACKAGE_LIMITS } from './limits'
import { inflateEntry, readZipEntries, unzipSafely, type ZipEntry } from './zip'

const text = (s: string) => new TextEncoder().encode(s)
const limits = DEFAULT_PACKAGE_LIMITS

describe('unzipSafely', () => {
  it('reads deflated and stored entries with Chinese names and checks their CRC', () => {
    const bytes = writeRawZip([
      { name: 'docs/可研暨初设方案.txt', data: text('建设依据'.repeat(100)) },
      { name: 'a.txt', data: text('stored'), method: 0 }
    ])
    const files = unzipSafely(bytes, 'x.pdpkg', limits)
    expect(new TextDecoder().decode(files.get('docs/可研暨初设方案.txt'))).toBe('建设依据'.repeat(100))
    expect(new TextDecoder().decode(files.get('a.txt'))).toBe('stored')
  })

  it('round-trips archives made by zipFiles, leaving out folders and archiver junk', () => {
    const source = new Map([
      ['manifest.json', text('{}')],
      ['__MACOSX/._manifest.json', text('junk')],
      ['docs/.DS_Store', text('junk')]
    ])
    const files = unzipSafely(new Uint8Array(zipFiles(source)), 'x', limits)
    expect([...files.keys()]).toEqual(['manifest.json'])
  })

  it('decodes GBK names written without the UTF-8 flag (Windows zip)', () => {
    const archive = writeRawZip([{ name: 'abcd', data: text('x') }])
    const gbkName = Uint8Array.from([0xd4, 0xa4, 0xcb, 0xe3]) // 预算 in GBK, same length as "abcd"
    for (let i = 0; i + 4 <= archive.length; i++) {
      if (archive[i] === 0x61 && archive[i + 1] === 0x62 && archive[i + 2] === 0x63 && archive[i + 3] === 0x64) archive.set(gbkName, i)
    }
    expect([...unzipSafely(archive, 'x', limits).keys()]).toEqual(['预算'])
  })

  it('rejects duplicate names, unsupported methods and entries whose CRC does not match', () => {
    expect(() => unzipSafely(writeRawZip([{ name: 'a', data: text('1') }, { name: './a', data: text('2') }]), 'x', limits)).toThrow(
      expect.objectContaining({ code: 'archive-duplicate-entry' })
    )
    const corrupt = writeRawZip([{ name: 'a.txt', data: text('hello hello hello'), method: 0 }])
    const at = corrupt.indexOf(0x68) // first "h" of the stored data
    corrupt[at] = 0x48
    expect(() => unzipSafely(corrupt, 'x', limits)).toThrow(expect.objectContaining({ code: 'archive-entry-corrupt' }))
  })

  it('rejects backslash traversal and drive-letter paths written by Windows tools', () => {
    expect(() => unzipSafely(writeRawZip([{ name: '..\\evil', data: text('x') }]), 'x', limits)).toThrow(
      expect.objectContaining({ code: 'path-traversal' })
    )
    expect(() => unzipSafely(writeRawZip([{ name: 'C:/evil', data: text('x') }]), 'x', limits)).toThrow(
      expect.objectContaining({ code: 'path-absolute' })
    )
  })

  it('accepts a Unix regular file (mode 0644) but not a symlink', () => {
    const regular = writeRawZip([{ name: 'a', data: text('x'), host: 3, externalAttributes: (0o100644 << 16) >>> 0 }])
    expect(unzipSafely(regular, 'x', limits).size).toBe(1)
    const link = writeRawZip([{ name: 'a', data: text('/etc'), host: 3, externalAttributes: (0o120777 << 16) >>> 0 }])
    expect(() => unzipSafely(link, 'x', limits)).toThrow(expect.objectContaining({ code: 'symlink' }))
  })
})

describe('inflateEntry', () => {
  const zeros = new Uint8Array(4 * 1024 * 1024)
  const compressed = deflateSync(zeros, { level: 9 })

  function archiveWith(declaredSize: number) {
    const bytes = new Uint8Array(30 + 1 + compressed.length)
    const view = new DataView(bytes.buffer)
    view.setUint32(0, 0x04034b50, true)
    view.setUint16(26, 1, true)
    bytes[30] = 0x7a
    bytes.set(compressed, 31)
    const entry: ZipEntry = {
      path: 'z', rawName: 'z', method: 8, flags: 0, crc32: crc32(zeros), compressedSize: compressed.length,
      uncompressedSize: declaredSize, localHeaderOffset: 0, isDirectory: false
    }
    return { bytes, entry }
  }

  it('counts the archive budget while inflating and stops before inflating everything', () => {
    const { bytes, entry } = archiveWith(zeros.length)
    const budget = { used: 0, limit: 1024 * 1024 }
    expect(() => inflateEntry(bytes, entry, 'x', budget)).toThrow(expect.objectContaining({ code: 'archive-too-large' }))
    expect(budget.used).toBe(0)
  })

  it('stops an entry that inflates beyond its declared size', () => {
    const { bytes, entry } = archiveWith(1000)
    expect(() => inflateEntry(bytes, entry, 'x', { used: 0, limit: 1e12 })).toThrow(expect.objectContaining({ code: 'archive-entry-corrupt' }))
  })

  it('inflates an honest entry and adds it to the budget', () => {
    const { bytes, entry } = archiveWith(zeros.length)
    const budget = { used: 0, limit: 1e12 }
    expect(inflateEntry(bytes, entry, 'x', budget).length).toBe(zeros.length)
    expect(budget.used).toBe(zeros.length)
  })
})

describe('readZipEntries', () => {
  it('counts entries before reading them', () => {
    const bytes = writeRawZip(Array.from({ length: 6 }, (_, i) => ({ name: `f${i}`, data: new Uint8Array(0), method: 0 as const })))
    expect(() => readZipEntries(bytes, 'x', { ...limits, maxEntries: 5 })).toThrow(expect.objectContaining({ code: 'archive-too-many-entries' }))
    expect(readZipEntries(bytes, 'x', { ...limits, maxEntries: 6 })).toHaveLength(6)
  })
})
