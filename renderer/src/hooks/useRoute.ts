/** The hook over hash routes (routes.ts: the routes themselves, parsing and links). */
import { useEffect, useState } from 'react'
import { parseRoute, routeHref, type Route } from './routes'

export { parseRoute, routeHref, type Route } from './routes'

export function navigate(r: Route): void {
  window.location.hash = routeHref(r)
}

export function useRoute(): Route {
  const [route, setRoute] = useState<Route>(() => parseRoute(window.location.hash))
  useEffect(() => {
    const on = () => setRoute(parseRoute(window.location.hash))
    window.addEventListener('hashchange', on)
    return () => window.removeEventListener('hashchange', on)
  }, [])
  return route
}
