/**
 * A drawn stand-in for a handwritten signature (PNG), for test fixtures, demos and previews. Real signatures come from the expert's pad.
 */
import { encodePng } from './png'

/** A pen-like scribble (dark blue ink on transparent), different for every seed; 300×120 px (≈ 30×12 mm). */
export function drawSignaturePng(seed: number, width = 300, height = 120): Uint8Array {
  const rgba = new Uint8Array(width * height * 4)
  let s = (seed * 2654435761) >>> 0 || 1
  const rand = (): number => {
    s ^= s << 13
    s ^= s >>> 17
    s ^= s << 5
    return ((s >>> 0) % 10000) / 10000
  }
  const dot = (x: number, y: number, r: number): void => {
    for (let dy = -r; dy <= r; dy++) {
      for (let dx = -r; dx <= r; dx++) {
        const px = Math.round(x + dx)
        const py = Math.round(y + dy)
        if (px < 0 || py < 0 || px >= width || py >= height || dx * dx + dy * dy > r * r) continue
        const i = (py * width + px) * 4
        rgba[i] = 20
        rgba[i + 1] = 30
        rgba[i + 2] = 110
        rgba[i + 3] = 255
      }
    }
  }
  // Three "characters" of loops, then a flourish.
  for (let ch = 0; ch < 3; ch++) {
    const cx = 45 + ch * 80 + rand() * 10
    const a = 18 + rand() * 10
    const b = 25 + rand() * 12
    const turns = 2 + rand() * 2
    for (let t = 0; t < 1; t += 0.002) {
      const ang = t * Math.PI * 2 * turns
      dot(cx + Math.sin(ang * 1.3) * a * (0.6 + t * 0.5) + t * 25, 60 + Math.cos(ang) * b * (1 - t * 0.4), 2)
    }
  }
  for (let t = 0; t < 1; t += 0.002) dot(20 + t * 260, 95 - Math.sin(t * Math.PI) * 12 + rand() * 1.2, 1.5)
  return encodePng(width, height, rgba)
}
