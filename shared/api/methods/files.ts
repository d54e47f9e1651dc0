/**
 * Files and folders chosen by the user. In the desktop app a path reaches the backend only when the user picked it
 * in the OS dialog (`files.pick` opens it in the main process and returns an opaque grant that the path-taking
 * methods carry); the browser version has no such dialog and keeps typed paths (loopback only, with its token).
 */
import { z } from 'zod'
import { returns } from './returns'

export const PATH_PURPOSES = ['export-folder', 'archive-folder', 'sync-folder', 'package-file'] as const
export type PathPurpose = (typeof PATH_PURPOSES)[number]

/** What a pick returns: the grant to send with the path, the path itself (to show) and its last part. */
export interface PickedPath {
  grant: string
  path: string
  name: string
}

/** The grant a path-taking method accepts beside the path (optional: the browser version has none). */
export const pathGrant = z.string().min(1).max(200).optional()

export const filesMethods = {
  /** Whether this app picks paths through an OS dialog (desktop) or takes typed paths (browser version). */
  'files.mode': { input: z.object({}).strict(), output: returns<{ dialogs: boolean }>() },
  /** Opens the OS dialog for one purpose; null when the user cancelled. */
  'files.pick': {
    input: z.object({ purpose: z.enum(PATH_PURPOSES) }).strict(),
    output: returns<PickedPath | null>()
  }
} as const
