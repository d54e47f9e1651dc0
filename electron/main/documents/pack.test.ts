/** packDocx takes docx's parts from its compiler: the very parts (names, order, bytes) Packer.toBuffer would zip. */
import { Packer } from 'docx'
import { unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { body, makeDocument, title } from './blocks'

describe('docx parts without docx zipping them', () => {
  it("docx's compiler gives exactly what Packer.toBuffer zips", async () => {
    const doc = () => makeDocument({ title: '测试', subject: '测试' }, [title('专家组评审意见'), body(['送审投资 1,191.80 万元。'])])
    const compiler = (Packer as unknown as { compiler: { compile(d: unknown, p?: undefined, o?: unknown[]): Map<string, string | Uint8Array> } }).compiler
    const parts = [...compiler.compile(doc(), undefined, [])].map(([p, d]) => [p, typeof d === 'string' ? new TextEncoder().encode(d) : new Uint8Array(d)] as const)
    const zipped = Object.entries(unzipSync(new Uint8Array(await Packer.toBuffer(doc()))))
    expect(parts.map(([p]) => p)).toEqual(zipped.map(([p]) => p))
    // docProps/core.xml carries the time of compiling (dcterms:created/modified): equal once those are set aside.
    const timeless = (b: Uint8Array) => new TextDecoder().decode(b).replace(/<dcterms:(created|modified)\b[^>]*>[^<]*</g, '<dcterms:$1><')
    for (const [i, [p, bytes]] of parts.entries()) expect(timeless(bytes), p).toBe(timeless(zipped[i]![1]))
  })
})
