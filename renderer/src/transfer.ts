/**
 * Moving files between the UI and the backend through the API (works over IPC and HTTP alike): uploads in base64
 * chunks, downloads of files the backend made, document bytes for the viewer, and polling long jobs.
 */
import type { JobView } from '../../shared/api/jobTypes'
import { call } from './api'

function blobToBase64(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => {
      const url = String(reader.result)
      resolve(url.slice(url.indexOf(',') + 1))
    }
    reader.onerror = () => reject(new Error('无法读取所选文件，请确认文件仍在原位置'))
    reader.readAsDataURL(blob)
  })
}

function base64ToBytes(data: string): Uint8Array {
  const bin = atob(data)
  const out = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
  return out
}

export class TransferCancelled extends Error {
  constructor() {
    super('已取消')
  }
}

/** Sends a file to the backend; returns its upload id. `onProgress` gets 0..1. */
export async function uploadFile(file: Blob & { name: string }, onProgress?: (fraction: number) => void, signal?: AbortSignal): Promise<string> {
  const { uploadId, chunkBytes } = await call('uploads.begin', { fileName: file.name, size: file.size })
  try {
    let offset = 0
    onProgress?.(0)
    while (offset < file.size) {
      if (signal?.aborted) throw new TransferCancelled()
      const end = Math.min(file.size, offset + chunkBytes)
      const data = await blobToBase64(file.slice(offset, end))
      await call('uploads.append', { uploadId, offset, data })
      offset = end
      onProgress?.(file.size ? offset / file.size : 1)
    }
    return uploadId
  } catch (err) {
    void call('uploads.discard', { uploadId }).catch(() => undefined)
    throw err
  }
}

/** Reads a whole file from the backend in chunks. */
async function readChunks(read: (offset: number, length: number) => Promise<{ data: string; size: number }>): Promise<Uint8Array> {
  const CHUNK = 4 * 1024 * 1024
  const firstChunk = await read(0, CHUNK)
  const out = new Uint8Array(firstChunk.size)
  out.set(base64ToBytes(firstChunk.data), 0)
  for (let offset = CHUNK; offset < firstChunk.size; offset += CHUNK) {
    const c = await read(offset, CHUNK)
    out.set(base64ToBytes(c.data), offset)
  }
  return out
}

export function readDocumentBytes(documentId: string): Promise<Uint8Array> {
  return readChunks((offset, length) => call('packages.readDocument', { documentId, offset, length }))
}

/** Saves a file the backend made (by upload id) through the browser's download. */
export async function downloadUpload(uploadId: string, fileName: string, type = 'application/zip'): Promise<void> {
  const bytes = await readChunks((offset, length) => call('uploads.read', { uploadId, offset, length }))
  saveBlob(new Blob([bytes as BlobPart], { type }), fileName)
}

/** Offers bytes for saving through the browser's download (the desktop app shows the OS save dialog). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** Polls a job until it ends; `onUpdate` sees each state. Cancelling the signal asks the backend to stop. */
export async function pollJob<R>(jobId: string, onUpdate: (job: JobView<R>) => void, signal?: AbortSignal, intervalMs = 200): Promise<JobView<R>> {
  let cancelSent = false
  for (;;) {
    if (signal?.aborted && !cancelSent) {
      cancelSent = true
      await call('jobs.cancel', { jobId })
    }
    const job = (await call('jobs.get', { jobId })) as JobView<R>
    onUpdate(job)
    if (job.status !== 'running') return job
    await new Promise((r) => setTimeout(r, intervalMs))
  }
}
