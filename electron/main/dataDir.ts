/** Where a device keeps its data when not told otherwise: the same folder Electron's userData would be. */
import os from 'node:os'
import path from 'node:path'

export const APP_FOLDER = 'PanelDesk'

export function defaultDataDir(): string {
  if (process.env.PANELDESK_DATA_DIR) return process.env.PANELDESK_DATA_DIR
  const home = os.homedir()
  switch (process.platform) {
    case 'win32':
      return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_FOLDER)
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', APP_FOLDER)
    default:
      return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_FOLDER)
  }
}
