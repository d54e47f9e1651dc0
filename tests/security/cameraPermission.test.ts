/**
 * 扫码加入 opens the camera; nothing else may: the microphone, screen capture, other permissions, another page or a
 * frame inside ours are refused (electron/main/cameraPermission.ts, wired into the session by app/window.ts).
 */
import { describe, expect, it } from 'vitest'
import { isAppUrl } from '../../electron/main/appProtocol'
import { allowCamera, cameraCheck } from '../../electron/main/cameraPermission'

const own = (url: string) => isAppUrl(url)
const page = 'app://paneldesk/index.html#/sync'

describe('camera permission', () => {
  it('gives the camera to the app page in its main frame', () => {
    expect(allowCamera({ permission: 'media', requestingUrl: page, isMainFrame: true, mediaTypes: ['video'] }, own)).toBe(true)
    expect(cameraCheck('media', 'app://paneldesk', 'video', own)).toBe(true)
  })

  it('refuses the microphone, camera with microphone, and an empty media request', () => {
    expect(allowCamera({ permission: 'media', requestingUrl: page, isMainFrame: true, mediaTypes: ['audio'] }, own)).toBe(false)
    expect(allowCamera({ permission: 'media', requestingUrl: page, isMainFrame: true, mediaTypes: ['video', 'audio'] }, own)).toBe(false)
    expect(allowCamera({ permission: 'media', requestingUrl: page, isMainFrame: true, mediaTypes: [] }, own)).toBe(false)
    expect(allowCamera({ permission: 'media', requestingUrl: page, isMainFrame: true }, own)).toBe(false)
    expect(cameraCheck('media', 'app://paneldesk', 'audio', own)).toBe(false)
  })

  it('refuses every other permission, even to the app page', () => {
    for (const p of ['display-capture', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fileSystem', 'hid', 'usb', 'serial']) {
      expect(allowCamera({ permission: p, requestingUrl: page, isMainFrame: true, mediaTypes: ['video'] }, own)).toBe(false)
      expect(cameraCheck(p, 'app://paneldesk', 'video', own)).toBe(false)
    }
  })

  it('refuses another page, a look-alike host, file:// and a frame inside the app page', () => {
    for (const url of ['https://evil.example/', 'app://paneldesk.evil/index.html', 'app://evil/index.html', 'file:///C:/Users/a/index.html', 'about:blank', 'not a url']) {
      expect(allowCamera({ permission: 'media', requestingUrl: url, isMainFrame: true, mediaTypes: ['video'] }, own)).toBe(false)
      expect(cameraCheck('media', url, 'video', own)).toBe(false)
    }
    expect(allowCamera({ permission: 'media', requestingUrl: page, isMainFrame: false, mediaTypes: ['video'] }, own)).toBe(false)
  })
})
