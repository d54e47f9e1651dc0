/**
 * Files sent by the UI in chunks (the browser version has no file paths; the HTTP adapter caps JSON bodies at
 * 16 MB): `begin` announces a file and its size, `append` writes chunks in order, `file` gives the complete
 * file's path. Uploads live in dataDir/uploads and are removed after use or when stale. Also holds files the
 * backend makes for the UI to download (a package built from loose files).
 */
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { ApiError } from '../../../shared/api/errors'

export const UPLOAD_CHUNK_BYTES = 4 * 1024 * 1024
export const MAX_UPLOAD_BYTES = 512 * 1024 * 1024

interface Upload {
  id: string
  fileName: string
  size: number
  received: number
  file: string
  touchedAt: number
}

export class UploadStore {
  private readonly uploads = new Map<string, Upload>()

  constructor(
    readonly dir: string,
    private readonly maxBytes = MAX_UPLOAD_BYTES,
    private readonly now: () => number = Date.now
  ) {
    // Uploads do not survive a restart: whatever is left is from an earlier run.
    fs.rmSync(dir, { recursive: true, force: true })
  }

  begin(fileName: string, size: number): { uploadId: string; chunkBytes: number } {
    this.sweep()
    if (!Number.isInteger(size) || size < 0) throw new ApiError('invalid_input', '文件大小无效')
    if (size > this.maxBytes) {
      throw new ApiError('invalid_input', `“${fileName}”太大（${(size / 1024 / 1024).toFixed(1)} MB），上限为 ${this.maxBytes / 1024 / 1024} MB。`)
    }
    fs.mkdirSync(this.dir, { recursive: true })
    const id = randomBytes(16).toString('hex')
    const file = path.join(this.dir, `${id}.part`)
    fs.writeFileSync(file, new Uint8Array(0))
    this.uploads.set(id, { id, fileName, size, received: 0, file, touchedAt: this.now() })
    return { uploadId: id, chunkBytes: UPLOAD_CHUNK_BYTES }
  }

  append(uploadId: string, offset: number, bytes: Uint8Array): { received: number; complete: boolean } {
    const u = this.get(uploadId)
    if (offset !== u.received) throw new ApiError('conflict', `上传“${u.fileName}”的数据顺序不正确（期望第 ${u.received} 字节起）。`)
    if (bytes.byteLength > UPLOAD_CHUNK_BYTES) throw new ApiError('invalid_input', '上传的数据块过大')
    if (u.received + bytes.byteLength > u.size) throw new ApiError('invalid_input', `上传“${u.fileName}”的数据超过了声明的大小。`)
    fs.appendFileSync(u.file, bytes)
    u.received += bytes.byteLength
    u.touchedAt = this.now()
    return { received: u.received, complete: u.received === u.size }
  }

  /** Adds a complete file made by the backend (for the UI to download or import). */
  add(fileName: string, bytes: Uint8Array): string {
    const { uploadId } = this.begin(fileName, bytes.byteLength)
    const u = this.get(uploadId)
    fs.writeFileSync(u.file, bytes)
    u.received = bytes.byteLength
    return uploadId
  }

  /** The complete file of an upload. */
  complete(uploadId: string): { file: string; fileName: string; size: number } {
    const u = this.get(uploadId)
    if (u.received !== u.size) throw new ApiError('conflict', `“${u.fileName}”尚未上传完整（${u.received}/${u.size} 字节）。`)
    u.touchedAt = this.now()
    return { file: u.file, fileName: u.fileName, size: u.size }
  }

  read(uploadId: string, offset: number, length: number): Buffer {
    const { file, size } = this.complete(uploadId)
    const n = Math.max(0, Math.min(length, size - offset))
    const buf = Buffer.alloc(n)
    const fd = fs.openSync(file, 'r')
    try {
      if (n > 0) fs.readSync(fd, buf, 0, n, offset)
    } finally {
      fs.closeSync(fd)
    }
    return buf
  }

  remove(uploadId: string): void {
    const u = this.uploads.get(uploadId)
    if (!u) return
    this.uploads.delete(uploadId)
    fs.rmSync(u.file, { force: true })
  }

  /** Forgets uploads untouched for an hour. */
  sweep(maxAgeMs = 60 * 60_000): void {
    const limit = this.now() - maxAgeMs
    for (const u of [...this.uploads.values()]) if (u.touchedAt < limit) this.remove(u.id)
  }

  private get(uploadId: string): Upload {
    const u = this.uploads.get(uploadId)
    if (!u) throw new ApiError('not_found', '找不到上传的文件，可能已过期，请重新选择文件。')
    return u
  }
}
