/**
 * A minimal content-addressed blob store (package files): dataDir/blobs/ab/abcdef…, named by the SHA-256 of the
 * bytes. Writes go to a temp file, are fsynced and renamed into place; reads verify the digest.
 *
 * Imports stage their blobs first (`stage`), commit their database transaction, then `promote` the staged files,
 * so that a file reaches its final place only once the rows that name it exist. A crash between the commit and
 * the promotion leaves staged files, which `recoverStaging` promotes when the database names them.
 *
 * NOTE: interim implementation for issue 3; to be merged with the sync helper's blob store (issue 5).
 */
import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

const DIGEST_RE = /^[0-9a-f]{64}$/

export class BlobIntegrityError extends Error {
  constructor(readonly sha256: string) {
    super(`文件内容已损坏（校验值不符：${sha256.slice(0, 12)}…）`)
    this.name = 'BlobIntegrityError'
  }
}

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

function assertDigest(sha256: string): void {
  if (!DIGEST_RE.test(sha256)) throw new TypeError(`not a sha256 digest: ${sha256.slice(0, 80)}`)
}

function fsyncDir(dir: string): void {
  // Directories cannot be opened for fsync on Windows; elsewhere this makes the rename durable.
  if (process.platform === 'win32') return
  const fd = fs.openSync(dir, 'r')
  try {
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
}

function writeDurably(file: string, bytes: Uint8Array): void {
  const fd = fs.openSync(file, 'wx')
  try {
    fs.writeSync(fd, bytes)
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
}

/** A set of staged blobs of one operation, promoted or discarded together. */
export interface BlobStaging {
  readonly dir: string
  /** Digests staged so far. */
  readonly digests: ReadonlySet<string>
  /** Writes bytes to the staging area (skipped when the store already has them); returns the digest. */
  stage(bytes: Uint8Array): string
  /** Moves every staged blob into its final place. Call after the database transaction committed. */
  promote(): void
  /** Removes the staging area and what it holds. */
  discard(): void
}

export class BlobStore {
  readonly root: string
  private readonly stagingRoot: string
  private readonly tmpRoot: string

  constructor(dataDir: string) {
    this.root = path.join(dataDir, 'blobs')
    this.stagingRoot = path.join(this.root, 'staging')
    this.tmpRoot = path.join(this.root, 'tmp')
  }

  path(sha256: string): string {
    assertDigest(sha256)
    return path.join(this.root, sha256.slice(0, 2), sha256)
  }

  has(sha256: string): boolean {
    return fs.existsSync(this.path(sha256))
  }

  /** Stores bytes (temp file, fsync, rename); returns their digest. Idempotent. */
  put(bytes: Uint8Array): string {
    const sha256 = sha256Of(bytes)
    const target = this.path(sha256)
    if (fs.existsSync(target)) return sha256
    fs.mkdirSync(this.tmpRoot, { recursive: true })
    const tmp = path.join(this.tmpRoot, `${sha256}.${randomBytes(6).toString('hex')}`)
    writeDurably(tmp, bytes)
    this.install(tmp, target)
    return sha256
  }

  /** Reads and verifies a blob; throws BlobIntegrityError when the bytes do not match their name. */
  get(sha256: string): Buffer {
    const bytes = fs.readFileSync(this.path(sha256))
    if (sha256Of(bytes) !== sha256) throw new BlobIntegrityError(sha256)
    return bytes
  }

  /** Reads part of a blob without verifying it (the whole blob is verified when it is stored and by `get`). */
  read(sha256: string, offset: number, length: number): Buffer {
    const fd = fs.openSync(this.path(sha256), 'r')
    try {
      const size = fs.fstatSync(fd).size
      const n = Math.max(0, Math.min(length, size - offset))
      const buf = Buffer.alloc(n)
      if (n > 0) fs.readSync(fd, buf, 0, n, offset)
      return buf
    } finally {
      fs.closeSync(fd)
    }
  }

  size(sha256: string): number {
    return fs.statSync(this.path(sha256)).size
  }

  private install(from: string, target: string): void {
    fs.mkdirSync(path.dirname(target), { recursive: true })
    fs.renameSync(from, target)
    fsyncDir(path.dirname(target))
  }

  staging(): BlobStaging {
    const dir = path.join(this.stagingRoot, `${Date.now()}-${randomBytes(6).toString('hex')}`)
    const digests = new Set<string>()
    let made = false
    return {
      dir,
      digests,
      stage: (bytes) => {
        const sha256 = sha256Of(bytes)
        if (digests.has(sha256) || this.has(sha256)) return sha256
        if (!made) {
          fs.mkdirSync(dir, { recursive: true })
          made = true
        }
        writeDurably(path.join(dir, sha256), bytes)
        digests.add(sha256)
        return sha256
      },
      promote: () => {
        for (const sha256 of digests) {
          const from = path.join(dir, sha256)
          const target = this.path(sha256)
          if (fs.existsSync(target)) fs.rmSync(from, { force: true })
          else this.install(from, target)
        }
        fs.rmSync(dir, { recursive: true, force: true })
      },
      discard: () => {
        fs.rmSync(dir, { recursive: true, force: true })
      }
    }
  }

  /**
   * After a crash: staged blobs the database names (their import committed) are verified and promoted; the rest
   * (imports that never committed) are removed, as are stray temp files. Returns the digests promoted.
   */
  recoverStaging(isReferenced: (sha256: string) => boolean): string[] {
    const promoted: string[] = []
    fs.rmSync(this.tmpRoot, { recursive: true, force: true })
    if (!fs.existsSync(this.stagingRoot)) return promoted
    for (const batch of fs.readdirSync(this.stagingRoot)) {
      const dir = path.join(this.stagingRoot, batch)
      for (const name of fs.existsSync(dir) && fs.statSync(dir).isDirectory() ? fs.readdirSync(dir) : []) {
        const file = path.join(dir, name)
        if (!DIGEST_RE.test(name) || this.has(name) || !isReferenced(name)) continue
        if (sha256Of(fs.readFileSync(file)) !== name) continue
        this.install(file, this.path(name))
        promoted.push(name)
      }
      fs.rmSync(dir, { recursive: true, force: true })
    }
    return promoted
  }

  /** Digests of every stored blob (for tests and garbage collection). */
  list(): string[] {
    if (!fs.existsSync(this.root)) return []
    const out: string[] = []
    for (const prefix of fs.readdirSync(this.root)) {
      if (!/^[0-9a-f]{2}$/.test(prefix)) continue
      for (const name of fs.readdirSync(path.join(this.root, prefix))) if (DIGEST_RE.test(name)) out.push(name)
    }
    return out.sort()
  }
}
