/**
 * The one permission the app's pages get (扫码加入, issue 11 item 10): the camera, asked by the app's own page in the
 * main frame, for video alone. Everything else — the microphone, screen capture, notifications, geolocation, any
 * other page or frame — is refused. Logic without Electron (app/window.ts wires it into the session), so it is
 * tested in Vitest.
 */
export interface MediaRequest {
  /** Electron's permission name ('media' for getUserMedia) */
  permission: string
  /** the page (frame) that asks */
  requestingUrl: string
  isMainFrame: boolean
  /** what getUserMedia asks for: 'video', 'audio' */
  mediaTypes?: readonly string[]
}

export function allowCamera(req: MediaRequest, isOwnPage: (url: string) => boolean): boolean {
  if (req.permission !== 'media' || !req.isMainFrame) return false
  const types = req.mediaTypes ?? []
  if (types.length === 0 || types.some((t) => t !== 'video')) return false
  return isOwnPage(req.requestingUrl)
}

/** The synchronous check (navigator.permissions, device enumeration): the same rule, one media type at a time. */
export function cameraCheck(permission: string, requestingOrigin: string, mediaType: string | undefined, isOwnPage: (url: string) => boolean): boolean {
  return permission === 'media' && mediaType === 'video' && isOwnPage(requestingOrigin)
}
