import { PackageError, isPackageError, type PackageErrorCode } from './errors'

/**
 * Every file of a package is read even when an earlier one failed, so that one run names every problem (a package
 * with four old or broken files is refused once, with the four reasons), not one per run.
 */
export class PackageProblems {
  readonly problems: PackageError[] = []

  /** Runs one file's read; a PackageError is kept for the final report and gives null, anything else is rethrown. */
  async attempt<T>(read: () => Promise<T>): Promise<T | null> {
    try {
      return await read()
    } catch (error) {
      if (!isPackageError(error)) throw error
      this.problems.push(error)
      return null
    }
  }

  /** The same for a synchronous check (a file the manifest names but the package lacks). */
  check<T>(read: () => T): T | null {
    try {
      return read()
    } catch (error) {
      if (!isPackageError(error)) throw error
      this.problems.push(error)
      return null
    }
  }

  /** Throws the one problem as it is, or one error listing them all (code: theirs when they share it). */
  throwIfAny(): void {
    const [first, ...rest] = this.problems
    if (!first) return
    if (rest.length === 0) throw first
    const codes = new Set(this.problems.map((p) => p.code))
    const code: PackageErrorCode = codes.size === 1 ? first.code : 'package-problems'
    const list = this.problems.map((p, i) => `${i + 1}. ${p.message}`).join('\n')
    throw new PackageError(code, `申报包中有 ${this.problems.length} 个文件无法读取：\n${list}`, first.file, { cause: this.problems })
  }
}
