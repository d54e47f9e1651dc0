/** A console action: busy while it runs, its success message shown, its refusal kept (Chinese) until dismissed. */
import { App as AntApp } from 'antd'
import { useState } from 'react'
import { errorMessage } from '../../api'

export function useConsoleAction(after: () => Promise<unknown> | void) {
  const { message } = AntApp.useApp()
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const act = async (fn: () => Promise<string>) => {
    setBusy(true)
    try {
      void message.success(await fn())
      setProblem(null)
      await after()
    } catch (e) {
      setProblem(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }
  return { act, problem, setProblem, busy }
}
