/**
 * Test kit: a QR code drawn by the app's own encoder (the qrcode package, the options QrImage uses) into a grey
 * picture as a camera would see it — scaled, turned, tilted (keystone), with noise — and the same picture as a
 * .y4m file for Chromium's fake camera (--use-file-for-fake-video-capture).
 */
import QRCode from 'qrcode'

export interface Picture {
  width: number
  height: number
  data: Uint8Array
}

export interface PictureOptions {
  width?: number
  height?: number
  /** pixels per module */
  scale?: number
  /** degrees */
  angle?: number
  /** 0 = flat; 0.1 = the bottom 10 % wider than the middle */
  keystone?: number
  /** ± grey levels of noise per pixel */
  noise?: number
  level?: 'L' | 'M' | 'Q' | 'H'
  mask?: number
  /** modules (row, col) to flip: damage the code is meant to survive, or not */
  flip?: [number, number][]
}

export function qrPicture(text: string, o: PictureOptions = {}): Picture {
  const qr = QRCode.create(text, { errorCorrectionLevel: o.level ?? 'M', ...(o.mask !== undefined ? { maskPattern: o.mask as QRCode.QRCodeMaskPattern } : {}) })
  const size = qr.modules.size
  const flipped = new Set((o.flip ?? []).map(([r, c]) => r * size + c))
  const dark = (r: number, c: number) => Boolean(qr.modules.get(r, c)) !== flipped.has(r * size + c)
  const width = o.width ?? 640
  const height = o.height ?? 480
  const scale = o.scale ?? 6
  const a = ((o.angle ?? 0) * Math.PI) / 180
  const data = new Uint8Array(width * height)
  let seed = 12345
  const rand = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    return seed / 0x7fffffff
  }
  for (let y = 0; y < height; y++) {
    const k = 1 + (o.keystone ?? 0) * ((y - height / 2) / (height / 2))
    for (let x = 0; x < width; x++) {
      const dx = (x - width / 2) / k
      const dy = y - height / 2
      const u = (dx * Math.cos(a) + dy * Math.sin(a)) / scale + size / 2
      const v = (-dx * Math.sin(a) + dy * Math.cos(a)) / scale + size / 2
      const r = Math.floor(v)
      const c = Math.floor(u)
      const inside = r >= 0 && c >= 0 && r < size && c < size
      const base = inside && dark(r, c) ? 30 : 225
      const n = o.noise ? (rand() * 2 - 1) * o.noise : 0
      data[y * width + x] = Math.max(0, Math.min(255, Math.round(base + n)))
    }
  }
  return { width, height, data }
}

/** A grey picture as a few frames of 4:2:0 video (colour planes neutral). */
export function toY4m(p: Picture, frames = 2): Buffer {
  const header = Buffer.from(`YUV4MPEG2 W${p.width} H${p.height} F10:1 Ip A1:1 C420jpeg\n`)
  const chroma = Buffer.alloc(2 * Math.ceil(p.width / 2) * Math.ceil(p.height / 2), 128)
  const frame = Buffer.concat([Buffer.from('FRAME\n'), Buffer.from(p.data), chroma])
  return Buffer.concat([header, ...Array.from({ length: frames }, () => frame)])
}
