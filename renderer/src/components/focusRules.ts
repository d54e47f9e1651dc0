/**
 * When a newly shown page or step may take the keyboard focus: only when the user is not working in a field —
 * the focus is on nothing (`<body>`, or an element the change removed) or on the main navigation.
 */
export interface FocusLike {
  isConnected?: boolean
  closest?: (selector: string) => unknown
}

export function shouldTakeFocus(active: FocusLike | null, body: unknown): boolean {
  if (!active || active === body) return true
  if (active.isConnected === false) return true
  return !!active.closest?.('nav, [role="navigation"], .ant-breadcrumb')
}

/** Moves the focus to the element a step marks with `data-step-focus` inside `root` (else the fallback's first match). */
export function focusStep(root: ParentNode | null, fallback?: string): boolean {
  const el = root?.querySelector<HTMLElement>('[data-step-focus]') ?? (fallback ? root?.querySelector<HTMLElement>(fallback) : null)
  if (!el) return false
  el.focus({ preventScroll: false })
  return true
}
