import { toHalfWidth } from './cells'
import type { Numbering } from './types'

const CHINESE_DIGITS = '一二三四五六七八九十百零〇'
const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳'

const RANK = { chinese: 10, parenChinese: 20, arabic: 30, parenArabic: 70, circled: 80 } as const

// Compiled once: numbering is parsed for every line of a 50,000-line sheet.
const CHINESE_NUMBER = new RegExp(`^[${CHINESE_DIGITS}]+[、.．]?$`)
const PAREN_CHINESE_NUMBER = new RegExp(`^\\([${CHINESE_DIGITS}]+\\)[、.]?$`)
const CIRCLED_NUMBER = new RegExp(`^[${CIRCLED}]$`)
const LEADING_NUMBERINGS: readonly RegExp[] = [
  new RegExp(`^([${CHINESE_DIGITS}]+[、.．])\\s*(.+)$`),
  new RegExp(`^([(（][${CHINESE_DIGITS}]+[)）])\\s*(.+)$`),
  /^([(（]\d+[)）])\s*(.+)$/,
  new RegExp(`^([${CIRCLED}])\\s*(.+)$`),
  /^(\d+(?:\.\d+)+)\s+(.+)$/,
  /^(\d+[、．])\s*(.+)$/,
  /^(\d+\.)(?!\d)\s*(.+)$/
]

/**
 * Parses a numbering like "一、", "（一）", "1", "1.", "1、", "1.1", "1.1.2", "（1）", "①".
 * Returns null when the text is not a numbering.
 */
export function parseNumbering(raw: string): Numbering | null {
  const text = toHalfWidth(raw).replace(/\s+/g, '')
  if (text === '') return null
  if (CHINESE_NUMBER.test(text)) {
    return { kind: 'chinese', text: raw.trim(), rank: RANK.chinese }
  }
  if (PAREN_CHINESE_NUMBER.test(text)) {
    return { kind: 'parenChinese', text: raw.trim(), rank: RANK.parenChinese }
  }
  if (/^\(\d+\)[、.]?$/.test(text)) return { kind: 'parenArabic', text: raw.trim(), rank: RANK.parenArabic }
  if (CIRCLED_NUMBER.test(text)) return { kind: 'circled', text: raw.trim(), rank: RANK.circled }
  if (/^\d+[、.]?$/.test(text)) return { kind: 'arabic', text: raw.trim(), rank: RANK.arabic }
  const decimal = /^(\d+(?:\.\d+)+)\.?$/.exec(text)
  if (decimal?.[1]) {
    const depth = decimal[1].split('.').length - 1
    return { kind: 'decimal', text: raw.trim(), rank: RANK.arabic + depth * 10 }
  }
  return null
}

/**
 * Splits a leading numbering off a name: "一、硬件购置" → numbering "一、", name "硬件购置".
 * Bare arabic numbers are split only when followed by a separator ("1、", "1.", "1 ").
 */
export function splitLeadingNumbering(name: string): { numbering: Numbering | null; rest: string } {
  const text = name.trim()
  for (const pattern of LEADING_NUMBERINGS) {
    const match = pattern.exec(text)
    if (match?.[1] && match[2]) {
      const numbering = parseNumbering(match[1])
      if (numbering) return { numbering, rest: match[2].trim() }
    }
  }
  return { numbering: null, rest: text }
}
