import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { manifestJsonSchema, parseManifest } from './manifest'
import { REPO_ROOT } from '../../../tests/kits/packages/paths'

const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value))
const valid = {
  format: 'paneldesk.package/1',
  project: { name: '项目', ownerUnit: '建设单位', declaredInvestment: 1286.5, futureField: 1 },
  documents: [{ path: './docs\\main.pdf', title: '方案', role: 'main', pages: 3 }],
  budget: 'budget.xlsx',
  signatures: ['kept']
}

describe('parseManifest', () => {
  it('keeps unknown fields and normalises paths', () => {
    const manifest = parseManifest(bytes(valid), 'x') as Record<string, unknown> & ReturnType<typeof parseManifest>
    expect(manifest.signatures).toEqual(['kept'])
    expect((manifest.project as Record<string, unknown>).futureField).toBe(1)
    expect(manifest.documents[0]?.path).toBe('docs/main.pdf')
    expect(manifest.dataCatalog).toBeUndefined()
  })

  it('accepts a UTF-8 BOM', () => {
    expect(parseManifest(Uint8Array.from([0xef, 0xbb, 0xbf, ...bytes(valid)]), 'x').budget).toBe('budget.xlsx')
  })

  it('names the invalid fields in Chinese', () => {
    const bad = { ...valid, project: { name: '', declaredInvestment: -1 }, documents: [{ path: 'a.pdf', title: 't', role: 'other' }] }
    let error: unknown
    try {
      parseManifest(bytes(bad), '“x.pdpkg”')
    } catch (e) {
      error = e
    }
    expect(error).toMatchObject({ code: 'manifest-invalid', file: 'manifest.json' })
    const message = (error as Error).message
    expect(message).toContain('project.ownerUnit')
    expect(message).toContain('project.declaredInvestment')
    expect(message).toContain('documents[0].role')
  })

  it('reads `revises` (the digest of the package a 修改稿 revises), lower-cased; a package without it still reads', () => {
    const digest = 'AB'.repeat(32)
    expect(parseManifest(bytes({ ...valid, revises: digest }), 'x').revises).toBe('ab'.repeat(32))
    expect(parseManifest(bytes(valid), 'x').revises).toBeUndefined()
    expect(() => parseManifest(bytes({ ...valid, revises: 'abc' }), 'x')).toThrow(expect.objectContaining({ code: 'manifest-invalid', message: expect.stringContaining('revises') }))
  })

  it('rejects an unknown format and absolute paths', () => {
    expect(() => parseManifest(bytes({ ...valid, format: 'other/1' }), 'x')).toThrow(expect.objectContaining({ code: 'manifest-invalid' }))
    expect(() => parseManifest(bytes({ ...valid, budget: '/etc/passwd' }), 'x')).toThrow(expect.objectContaining({ code: 'path-absolute' }))
  })
})

describe('docs/package-format.schema.json', () => {
  it('is the JSON Schema generated from the zod schema', async () => {
    const committed = JSON.parse(await readFile(path.join(REPO_ROOT, 'docs', 'package-format.schema.json'), 'utf8'))
    expect(committed).toEqual(manifestJsonSchema())
  })
})
