/** The files methods: the OS dialog of the desktop app (through the backend's PathAccess) and which mode is on. */
import type { HandlersFor } from '../../../shared/api/contract'
import type { filesMethods } from '../../../shared/api/methods/files'
import type { BackendState } from '../backend'
import { typedPaths, type PathAccess } from '../paths/grants'

/** Desktop app: the grant list given by the Electron layer; otherwise typed paths (browser version, tests, CLI). */
export function pathAccessOf(state: BackendState): PathAccess {
  return state.options.pathAccess ?? typedPaths
}

export function buildFilesHandlers(state: BackendState): HandlersFor<keyof typeof filesMethods> {
  return {
    'files.mode': () => ({ dialogs: pathAccessOf(state).dialogs }),
    'files.pick': ({ purpose }) => pathAccessOf(state).pick(purpose)
  }
}
