/** Tells the header's sync state to look again (after 立即同步 or a new sync target on the 同步 page). */
const EVENT = 'paneldesk:sync-changed'

export function announceSyncChange(): void {
  window.dispatchEvent(new Event(EVENT))
}

export function onSyncChange(listener: () => void): () => void {
  window.addEventListener(EVENT, listener)
  return () => window.removeEventListener(EVENT, listener)
}
