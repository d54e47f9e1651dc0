/** Runs a user action that may refuse a typed path: the refusal goes to the path's field, anything else to a message. */
import { App as AntApp } from 'antd'
import { useState } from 'react'
import { errorMessage } from '../api'
import { isPathRefusal } from '../components/PathField'

export function usePathAction(): { busy: boolean; run: (f: () => Promise<void>, onPathError?: (m: string | null) => void) => Promise<void> } {
  const { message } = AntApp.useApp()
  const [busy, setBusy] = useState(false)
  const run = async (f: () => Promise<void>, onPathError?: (m: string | null) => void) => {
    setBusy(true)
    onPathError?.(null)
    try {
      await f()
    } catch (e) {
      if (onPathError && isPathRefusal(e)) onPathError(errorMessage(e))
      else void message.error(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }
  return { busy, run }
}
