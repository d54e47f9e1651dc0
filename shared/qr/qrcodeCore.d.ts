/** The qrcode package's own tables (the encoder the app draws its QR codes with), read by the decoder. */
declare module 'qrcode/lib/core/error-correction-level.js' {
  export interface Level {
    bit: number
  }
  export const L: Level
  export const M: Level
  export const Q: Level
  export const H: Level
}
declare module 'qrcode/lib/core/error-correction-code.js' {
  import type { Level } from 'qrcode/lib/core/error-correction-level.js'
  export function getBlocksCount(version: number, level: Level): number
  export function getTotalCodewordsCount(version: number, level: Level): number
}
