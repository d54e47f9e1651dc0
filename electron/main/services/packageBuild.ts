/**
 * Making a .pdpkg from loose files (the secretariat's short form): a main document (PDF or DOCX), a budget sheet,
 * the two data lists and attachments, plus the project's facts. The package is checked by reading it back the way
 * an import would, so that a bad budget sheet is reported now rather than at import.
 */
import fs from 'node:fs'
import { ApiError } from '../../../shared/api/errors'
import type { BuiltPackage } from '../../../shared/api/packageTypes'
import { MANIFEST_FORMAT, readPackage, zipFiles, type ReadProgress } from '../packages'
import type { UploadStore } from '../uploads/store'

export interface BuildInput {
  project: {
    name: string
    code?: string | undefined
    ownerUnit: string
    authorUnit?: string | undefined
    declaredInvestment: number
    approvedEstimate?: number | null | undefined
    summary?: string | undefined
  }
  mainDocument: string
  budget: string
  dataCatalog?: string | undefined
  dataNeeds?: string | undefined
  attachments: string[]
}

/** A file name safe inside the archive: no folders, no control characters. */
export function safeEntryName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? ''
  const cleaned = [...base]
    .map((ch) => ((ch.codePointAt(0) ?? 0) < 0x20 || '<>:"|?*'.includes(ch) ? '_' : ch))
    .join('')
    .replace(/^\.+/, '')
    .trim()
  return cleaned || 'file'
}

function extensionOf(name: string): string {
  const m = /\.([^.]+)$/.exec(name)
  return m ? (m[1] as string).toLowerCase() : ''
}

export async function buildPackageFromUploads(
  uploads: UploadStore,
  input: BuildInput,
  onProgress?: (p: ReadProgress) => void
): Promise<{ bytes: Buffer; built: BuiltPackage }> {
  const files = new Map<string, Uint8Array>()
  const used = new Set<string>()
  const place = (uploadId: string, folder: string, allowed: readonly string[], what: string): string => {
    const u = uploads.complete(uploadId)
    const name = safeEntryName(u.fileName)
    if (!allowed.includes(extensionOf(name))) {
      throw new ApiError('invalid_input', `${what}“${u.fileName}”的格式不受支持，请选择 ${allowed.map((e) => '.' + e).join(' / ')} 文件。`)
    }
    let entry = `${folder}/${name}`
    for (let n = 2; used.has(entry); n++) entry = `${folder}/${n}-${name}`
    used.add(entry)
    files.set(entry, new Uint8Array(fs.readFileSync(u.file)))
    return entry
  }
  const main = place(input.mainDocument, 'docs', ['pdf', 'docx', 'doc'], '主文档')
  const budget = place(input.budget, 'budget', ['xlsx', 'xls', 'csv'], '概算表')
  const dataCatalog = input.dataCatalog ? place(input.dataCatalog, 'data', ['xlsx', 'xls', 'csv'], '数据目录') : undefined
  const dataNeeds = input.dataNeeds ? place(input.dataNeeds, 'data', ['xlsx', 'xls', 'csv'], '数据需求清单') : undefined
  const attachments = input.attachments.map((id) => place(id, 'attachments', ['pdf', 'docx', 'doc', 'xlsx', 'xls', 'csv', 'txt', 'png', 'jpg', 'jpeg'], '附件'))
  const title = (entry: string) => (entry.split('/').pop() ?? entry).replace(/\.[^.]+$/, '')
  const p = input.project
  const manifest = {
    format: MANIFEST_FORMAT,
    project: {
      name: p.name,
      ...(p.code ? { code: p.code } : {}),
      ownerUnit: p.ownerUnit,
      ...(p.authorUnit ? { authorUnit: p.authorUnit } : {}),
      declaredInvestment: p.declaredInvestment,
      ...(p.approvedEstimate !== null && p.approvedEstimate !== undefined ? { approvedEstimate: p.approvedEstimate } : {}),
      ...(p.summary ? { summary: p.summary } : {})
    },
    documents: [
      { path: main, title: title(main), role: 'main' },
      ...attachments.map((a) => ({ path: a, title: title(a), role: 'attachment' }))
    ],
    budget,
    ...(dataCatalog ? { dataCatalog } : {}),
    ...(dataNeeds ? { dataNeeds } : {})
  }
  files.set('manifest.json', new TextEncoder().encode(JSON.stringify(manifest, null, 2)))
  const bytes = zipFiles(files)
  // Read it back as an import would: any problem is reported now, naming the file.
  const parsed = await readPackage(new Uint8Array(bytes), onProgress ? { onProgress } : {})
  const fileName = `${safeEntryName(p.name)}.pdpkg`
  return { bytes, built: { uploadId: '', fileName, size: bytes.byteLength, findingCount: parsed.findings.length } }
}
