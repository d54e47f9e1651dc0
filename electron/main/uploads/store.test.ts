import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ApiError } from '../../../shared/api/errors'
import { tempDir } from '../../../tests/helpers/tmp'
import { UploadStore } from './store'

describe('UploadStore', () => {
  it('assembles chunks in order and refuses gaps, overflow and incomplete reads', () => {
    const store = new UploadStore(path.join(tempDir('up'), 'uploads'), 100)
    const { uploadId } = store.begin('申报包.pdpkg', 6)
    expect(() => store.complete(uploadId)).toThrow(/尚未上传完整/)
    expect(store.append(uploadId, 0, new Uint8Array([1, 2, 3]))).toEqual({ received: 3, complete: false })
    expect(() => store.append(uploadId, 0, new Uint8Array([9]))).toThrow(/顺序不正确/)
    expect(() => store.append(uploadId, 3, new Uint8Array([4, 5, 6, 7]))).toThrow(/超过了声明的大小/)
    expect(store.append(uploadId, 3, new Uint8Array([4, 5, 6]))).toEqual({ received: 6, complete: true })
    const done = store.complete(uploadId)
    expect([...fs.readFileSync(done.file)]).toEqual([1, 2, 3, 4, 5, 6])
    expect([...store.read(uploadId, 4, 10)]).toEqual([5, 6])
    store.remove(uploadId)
    expect(fs.existsSync(done.file)).toBe(false)
    expect(() => store.complete(uploadId)).toThrow(ApiError)
    expect(() => store.begin('big.pdpkg', 101)).toThrow(/太大/)
  })

  it('drops stale uploads, and what an earlier run left behind', () => {
    let now = 0
    const dir = path.join(tempDir('up'), 'uploads')
    const store = new UploadStore(dir, 100, () => now)
    const { uploadId } = store.begin('a', 1)
    now += 2 * 60 * 60_000
    store.sweep()
    expect(() => store.complete(uploadId)).toThrow(/找不到/)
    store.begin('b', 1)
    expect(fs.readdirSync(dir)).toHaveLength(1)
    new UploadStore(dir)
    expect(fs.existsSync(dir)).toBe(false)
  })
})
