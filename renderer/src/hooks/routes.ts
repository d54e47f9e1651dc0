/**
 * Hash routes: #/ (meetings), #/meetings/ID, #/projects/ID, #/settings. Survive a reload. Plain TypeScript without
 * React, so boot.ts can read the route before React is evaluated; useRoute.ts re-exports it with the hook.
 */
export type Route =
  | { page: 'meetings' }
  | { page: 'meeting'; meetingId: string }
  | { page: 'project'; projectId: string }
  | { page: 'settings' }
  | { page: 'sync' }
  | { page: 'documents'; meetingId: string }
  | { page: 'verify' }
  | { page: 'review' }
  | { page: 'rereview'; versionId: string }
  | { page: 'identity' }
  | { page: 'console'; meetingId: string; tab: string }

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent)
  if (parts[0] === 'meetings' && parts[1] && parts[2] === 'documents') return { page: 'documents', meetingId: parts[1] }
  if (parts[0] === 'meetings' && parts[1] && parts[2] === 'console') return { page: 'console', meetingId: parts[1], tab: parts[3] ?? 'settings' }
  if (parts[0] === 'verify') return { page: 'verify' }
  if (parts[0] === 'meetings' && parts[1]) return { page: 'meeting', meetingId: parts[1] }
  if (parts[0] === 'projects' && parts[1]) return { page: 'project', projectId: parts[1] }
  if (parts[0] === 'settings') return { page: 'settings' }
  if (parts[0] === 'sync') return { page: 'sync' }
  if (parts[0] === 'review' && parts[1] === 'rereview' && parts[2]) return { page: 'rereview', versionId: parts[2] }
  if (parts[0] === 'review') return { page: 'review' }
  if (parts[0] === 'identity') return { page: 'identity' }
  return { page: 'meetings' }
}

export function routeHref(r: Route): string {
  switch (r.page) {
    case 'meetings':
      return '#/'
    case 'meeting':
      return `#/meetings/${encodeURIComponent(r.meetingId)}`
    case 'project':
      return `#/projects/${encodeURIComponent(r.projectId)}`
    case 'settings':
      return '#/settings'
    case 'sync':
      return '#/sync'
    case 'documents':
      return `#/meetings/${encodeURIComponent(r.meetingId)}/documents`
    case 'verify':
      return '#/verify'
    case 'review':
      return '#/review'
    case 'rereview':
      return `#/review/rereview/${encodeURIComponent(r.versionId)}`
    case 'identity':
      return '#/identity'
    case 'console':
      return `#/meetings/${encodeURIComponent(r.meetingId)}/console/${encodeURIComponent(r.tab)}`
  }
}
