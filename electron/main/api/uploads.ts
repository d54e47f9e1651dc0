/** Chunked file transfer (shared/api/methods/uploads.ts) over the backend's upload area. */
import { createHash } from 'node:crypto'
import type { HandlersFor } from '../../../shared/api/contract'
import type { uploadMethods } from '../../../shared/api/methods/uploads'
import type { BackendState } from '../backend'
import { packageRuntimeFor } from '../services/packageRuntime'

export function buildUploadsHandlers(state: BackendState): HandlersFor<keyof typeof uploadMethods> {
  const uploads = () => packageRuntimeFor(state, state.paths.dataDir, state.db).uploads
  return {
    'uploads.begin': ({ fileName, size }) => uploads().begin(fileName, size),
    'uploads.append': ({ uploadId, offset, data }) => uploads().append(uploadId, offset, new Uint8Array(Buffer.from(data, 'base64'))),
    'uploads.read': ({ uploadId, offset, length }) => {
      const store = uploads()
      const { size } = store.complete(uploadId)
      const bytes = store.read(uploadId, offset, length)
      return { data: bytes.toString('base64'), offset, size, sha256: offset === 0 && bytes.byteLength === size ? createHash('sha256').update(bytes).digest('hex') : '' }
    },
    'uploads.discard': ({ uploadId }) => {
      uploads().remove(uploadId)
      return { ok: true as const }
    }
  }
}
