import { zipSync, type Zippable } from 'fflate'
import { PackageError } from './errors'
import { resolveLimits, type PackageLimits } from './limits'
import { MANIFEST_FILE, parseManifest } from './manifest'
import { readFolder } from './source'
import path from 'node:path'

/** Fixed timestamp so that the same folder always gives the same bytes. */
const FIXED_MTIME = new Date('2020-01-01T00:00:00Z')

/** Zips files (path → bytes) deterministically: sorted paths, fixed timestamps, UTF-8 names. */
export function zipFiles(files: ReadonlyMap<string, Uint8Array>): Buffer {
  const zippable: Zippable = {}
  for (const name of [...files.keys()].sort()) {
    const bytes = files.get(name)
    if (bytes) zippable[name] = [bytes, { level: 6, mtime: FIXED_MTIME }]
  }
  return Buffer.from(zipSync(zippable))
}

/**
 * Makes a .pdpkg from a folder holding manifest.json and the files it names. Checks the manifest and that
 * every named file exists; refuses symlinks. Hidden files (".…") are left out. Nothing is written.
 */
export async function buildPackage(dir: string, limits?: Partial<PackageLimits>): Promise<Buffer> {
  const files = await readFolder(dir, resolveLimits(limits))
  const where = `文件夹“${path.basename(dir)}”`
  const manifestBytes = files.get(MANIFEST_FILE)
  if (!manifestBytes) throw new PackageError('manifest-missing', `${where} 中没有 manifest.json。`, MANIFEST_FILE)
  const manifest = parseManifest(manifestBytes, where)
  const named = [manifest.budget, manifest.dataCatalog, manifest.dataNeeds, ...manifest.documents.map((d) => d.path)]
  for (const file of named) {
    if (file !== undefined && !files.has(file)) {
      throw new PackageError('file-missing', `${where} 的 manifest.json 列出了“${file}”，但文件夹中没有这个文件。`, file)
    }
  }
  return zipFiles(files)
}
