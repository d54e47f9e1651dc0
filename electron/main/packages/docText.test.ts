import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { DOC_FIXTURE } from '../../../tests/kits/packages/office'
import { PACKAGES_DIR } from '../../../tests/kits/packages/paths'
import { extractDocText } from './docText'
import { extractDocxText } from './docxText'
import { readPackage } from './readPackage'

const DOCX = path.join(PACKAGES_DIR, 'messy-mingxi-emergency-yuan-gbk', '可研暨初设方案.docx')
const squash = (text: string) => text.replace(/\s+/g, '')

describe('.doc main documents (Word 97-2003)', () => {
  it('extracts the same text as the .docx it was saved from', async () => {
    const fromDoc = await extractDocText(new Uint8Array(await readFile(DOC_FIXTURE)), '可研.doc')
    const fromDocx = await extractDocxText(new Uint8Array(await readFile(DOCX)), '可研.docx')
    expect(fromDoc.length).toBeGreaterThan(100)
    expect(squash(fromDoc)).toBe(squash(fromDocx))
  })

  it('feeds the same text pipeline and rules as the .docx', async () => {
    const folder = path.join(PACKAGES_DIR, 'messy-mingxi-emergency-yuan-gbk')
    const manifest = JSON.parse(await readFile(path.join(folder, 'manifest.json'), 'utf8')) as { documents: { path: string }[] }
    const files = new Map<string, Uint8Array>()
    for (const f of ['概算表.csv', '数据目录.csv']) files.set(f, new Uint8Array(await readFile(path.join(folder, f))))
    const withDocx = new Map(files).set('manifest.json', new TextEncoder().encode(JSON.stringify(manifest)))
    withDocx.set('可研暨初设方案.docx', new Uint8Array(await readFile(DOCX)))
    const docManifest = { ...manifest, documents: manifest.documents.map((d) => ({ ...d, path: d.path.replace(/\.docx$/, '.doc') })) }
    const withDoc = new Map(files).set('manifest.json', new TextEncoder().encode(JSON.stringify(docManifest)))
    withDoc.set('可研暨初设方案.doc', new Uint8Array(await readFile(DOC_FIXTURE)))
    const a = await readPackage({ kind: 'files', label: 'docx', files: withDocx })
    const b = await readPackage({ kind: 'files', label: 'doc', files: withDoc })
    expect(b.documents[0]).toMatchObject({ format: 'doc', role: 'main', pageCount: null })
    expect(b.content.documents).toHaveLength(1)
    expect(b.findings.map((f) => [f.code, f.severity])).toEqual(a.findings.map((f) => [f.code, f.severity]))
  })
})
