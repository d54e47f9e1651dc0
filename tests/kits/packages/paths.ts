import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** Where the generated fixtures live (tests only). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
export const PACKAGES_DIR = path.join(REPO_ROOT, 'tests', 'fixtures', 'packages')
export const MALFORMED_DIR = path.join(REPO_ROOT, 'tests', 'fixtures', 'malformed')
