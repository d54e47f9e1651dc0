/**
 * The reference range beside a budget line: median, spread, count and newest date of the matched references,
 * the line's ratio to the median, and whether the references are old (hardware prices fall).
 */
import type { PriceRef } from './match'

export interface PriceRange {
  count: number
  medianFen: number
  minFen: number
  maxFen: number
  /** (max − min) / median, 0 for one reference. */
  spread: number
  newestDate: string
  /** Every reference is older than the configured age. */
  old: boolean
}

export interface PriceSettings {
  /** 单价偏高 when the price exceeds the median by more than this share (0.2 = 20 %). */
  margin: number
  /** At least this many references before a 单价偏高 finding. */
  minRefs: number
  /** References older than this many months are shown as old and not used for findings. */
  maxAgeMonths: number
}

export const DEFAULT_PRICE_SETTINGS: PriceSettings = { margin: 0.2, minRefs: 2, maxAgeMonths: 36 }

function bounded(x: unknown, fallback: number, min: number, max: number): number {
  return typeof x === 'number' && Number.isFinite(x) && x >= min && x <= max ? x : fallback
}

/** Stored settings (possibly missing or from another version) completed with the defaults. */
export function completePriceSettings(stored: unknown): PriceSettings {
  const s = (typeof stored === 'object' && stored !== null ? stored : {}) as Record<string, unknown>
  const d = DEFAULT_PRICE_SETTINGS
  return {
    margin: bounded(s.margin, d.margin, 0, 10),
    minRefs: Math.round(bounded(s.minRefs, d.minRefs, 1, 100)),
    maxAgeMonths: Math.round(bounded(s.maxAgeMonths, d.maxAgeMonths, 1, 240))
  }
}

/** YYYY-MM-DD of `asOf` less `months`. */
export function cutoffDate(asOf: string, months: number): string {
  const d = new Date(`${asOf.slice(0, 10)}T00:00:00Z`)
  if (Number.isNaN(d.getTime())) return '0000-00-00'
  d.setUTCMonth(d.getUTCMonth() - Math.max(0, Math.min(months, 1200)))
  return d.toISOString().slice(0, 10)
}

export function isOld(date: string, asOf: string, months: number): boolean {
  return date < cutoffDate(asOf, months)
}

export function priceRange(refs: readonly PriceRef[], asOf: string, settings: PriceSettings = DEFAULT_PRICE_SETTINGS): PriceRange | null {
  if (refs.length === 0) return null
  const prices = refs.map((r) => r.unitPriceFen).sort((a, b) => a - b)
  const mid = Math.floor(prices.length / 2)
  const medianFen = prices.length % 2 ? prices[mid]! : Math.round((prices[mid - 1]! + prices[mid]!) / 2)
  const minFen = prices[0]!
  const maxFen = prices[prices.length - 1]!
  const newestDate = refs.reduce((d, r) => (r.date > d ? r.date : d), '')
  return {
    count: refs.length,
    medianFen,
    minFen,
    maxFen,
    spread: medianFen > 0 ? Math.round(((maxFen - minFen) / medianFen) * 1000) / 1000 : 0,
    newestDate,
    old: isOld(newestDate, asOf, settings.maxAgeMonths)
  }
}


/** 分 as 元 text with thousands separators: 6800000 → "68,000.00 元". */
export function fenText(fen: number): string {
  const yuan = (fen / 100).toFixed(2)
  const [int, dec] = yuan.split('.') as [string, string]
  return `${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${dec} 元`
}
