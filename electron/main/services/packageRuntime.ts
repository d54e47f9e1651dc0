/**
 * The per-backend pieces proposal packages need besides the database: the blob store (package files) and the
 * upload area (files sent by the UI in chunks). Created on first use, keyed by the backend's state object.
 */
import path from 'node:path'
import { BlobStore } from '../blobs/store'
import type { Db } from '../db/connection'
import { UploadStore } from '../uploads/store'
import { PackageDeriver } from './packageDerive'
import { recoverPackageBlobs } from './packageImport'

export interface PackageRuntime {
  blobs: BlobStore
  uploads: UploadStore
}

const runtimes = new WeakMap<object, PackageRuntime>()

export function packageRuntimeFor(owner: object, dataDir: string, db: Db): PackageRuntime {
  let r = runtimes.get(owner)
  if (!r) {
    const blobs = new BlobStore(dataDir)
    // An import that committed but crashed before moving its files into place is finished here.
    recoverPackageBlobs(db, blobs)
    r = { blobs, uploads: new UploadStore(path.join(dataDir, 'uploads')) }
    runtimes.set(owner, r)
  }
  return r
}

const derivers = new WeakMap<object, PackageDeriver>()

/**
 * The backend's one PackageDeriver (one derivation at a time, in the background): asked after every sync run and
 * at start to derive the documents, budget lines, data lists and findings of packages received through sync.
 */
export function packageDeriverFor(owner: { readonly db: Db }, dataDir: string, log?: (message: string, err?: unknown) => void): PackageDeriver {
  let d = derivers.get(owner)
  if (!d) {
    const blobs = new BlobStore(dataDir)
    d = new PackageDeriver(() => owner.db, () => blobs, log)
    derivers.set(owner, d)
  }
  return d
}
