/** Keyboard shortcuts of a page. Editing keys (Ctrl+Z…) are left to text fields when one has the focus. */
import { useEffect, useRef } from 'react'

export interface Shortcut {
  /** e.g. 'Alt+1', 'Ctrl+Z', 'Ctrl+Shift+Z', 'Alt+ArrowRight', '?' */
  keys: string
  label: string
  run: () => void
  /** Also when the focus is in a text field (default: only for Alt combinations). */
  inTextFields?: boolean
}

function comboOf(e: KeyboardEvent): string {
  const parts: string[] = []
  if (e.ctrlKey || e.metaKey) parts.push('Ctrl')
  if (e.altKey) parts.push('Alt')
  if (e.shiftKey && e.key.length > 1) parts.push('Shift')
  if (e.shiftKey && e.key.length === 1 && /[a-z]/i.test(e.key)) parts.push('Shift')
  const key = e.code.startsWith('Digit') ? e.code.slice(5) : e.key.length === 1 ? e.key.toUpperCase() : e.key
  parts.push(key === '？' ? '?' : key)
  return parts.join('+')
}

function inTextField(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false
  return t.isContentEditable || t.tagName === 'TEXTAREA' || (t.tagName === 'INPUT' && !['checkbox', 'radio', 'button'].includes((t as HTMLInputElement).type))
}

export function useShortcuts(shortcuts: Shortcut[]): void {
  const ref = useRef(shortcuts)
  useEffect(() => {
    ref.current = shortcuts
  })
  useEffect(() => {
    const on = (e: KeyboardEvent) => {
      const combo = comboOf(e)
      const s = ref.current.find((x) => x.keys.toUpperCase() === combo.toUpperCase())
      if (!s) return
      const altCombo = combo.startsWith('Alt+')
      if (inTextField(e.target) && !(s.inTextFields ?? altCombo)) return
      e.preventDefault()
      s.run()
    }
    window.addEventListener('keydown', on)
    return () => window.removeEventListener('keydown', on)
  }, [])
}
