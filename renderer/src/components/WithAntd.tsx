/**
 * Renders antd content inside antd's providers, loading them (and antd) on first use; until then the fallback
 * shows. The first screen renders without antd (start-up, issue 11 item 11); see AntdScope.tsx.
 */
import { lazy, Suspense, type ReactNode } from 'react'

const AntdScope = lazy(() => import('../AntdScope'))

/** Starts loading antd without rendering anything (e.g. when the user points at something that will need it). */
export function preloadAntd(): void {
  void import('../AntdScope')
}

/** `bare`: for dialogs (in a portal), no wrapping element on the page. */
export function WithAntd({ children, fallback = null, bare = false }: { children: ReactNode; fallback?: ReactNode; bare?: boolean }) {
  return (
    <Suspense fallback={fallback}>
      <AntdScope bare={bare}>{children}</AntdScope>
    </Suspense>
  )
}
