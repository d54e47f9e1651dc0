/**
 * Chunked file transfer between the UI and the backend (the browser version has no file paths, and the HTTP
 * adapter caps JSON bodies at 16 MB): files chosen in the UI go up in base64 chunks; files the backend makes
 * (a package built from loose files) come down the same way.
 */
import { z } from 'zod'
import type { FileChunk, UploadTicket } from '../packageTypes'
import { returns } from './returns'

const id = z.string().min(1).max(200)
/** 4 MB of bytes in base64. */
const MAX_CHUNK_BASE64 = Math.ceil((4 * 1024 * 1024) / 3) * 4

export const uploadMethods = {
  'uploads.begin': {
    input: z.object({ fileName: z.string().trim().min(1).max(255), size: z.number().int().min(0) }).strict(),
    output: returns<UploadTicket>()
  },
  'uploads.append': {
    input: z
      .object({
        uploadId: id,
        offset: z.number().int().min(0),
        data: z.string().max(MAX_CHUNK_BASE64).regex(/^[A-Za-z0-9+/]*={0,2}$/, '数据不是有效的 base64')
      })
      .strict(),
    output: returns<{ received: number; complete: boolean }>()
  },
  'uploads.read': {
    input: z.object({ uploadId: id, offset: z.number().int().min(0), length: z.number().int().min(1).max(4 * 1024 * 1024) }).strict(),
    output: returns<FileChunk>()
  },
  'uploads.discard': { input: z.object({ uploadId: id }).strict(), output: returns<{ ok: true }>() }
} as const
