/**
 * The per-backend pieces proposal packages need besides the database: the blob store (package files) and the
 * upload area (files sent by the UI in chunks). Created on first use, keyed by the backend's state object.
 */
import path from 'node:path'
import { BlobStore } from '../blobs/store'
import type { Db } from '../db/connection'
import { UploadStore } from '../uploads/store'
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
