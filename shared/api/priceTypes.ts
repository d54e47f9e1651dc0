/** 价格参考 (issue 13): what crosses the boundary. Money in integer 分. */
import type { PriceRange } from '../domain/prices/range'

export interface PriceMatchView {
  refId: string
  name: string
  spec: string
  unit: string
  unitPriceFen: number
  source: string
  date: string
  group: string | null
  project: string
  score: number
  reasons: string[]
  /** Older than the meeting's configured age: shown, not used for findings. */
  old: boolean
  /** A person's confirmation or rejection, remembered on this laptop. */
  choice: 'confirm' | 'reject' | null
  /** Counted in the range (a good enough match, or confirmed; never a rejected one). */
  counted: boolean
}

/** Median, spread, count and newest date of the counted references. */
export type PriceRangeView = PriceRange

export interface LinePriceView {
  lineId: string
  /** The line's unit price in 分, when the budget gives one. */
  unitPriceFen: number | null
  range: PriceRangeView | null
  /** Unit price ÷ median. */
  ratio: number | null
  matches: PriceMatchView[]
}

export interface ProjectPricesView {
  projectId: string
  meetingId: string
  /** How many references travel with the meeting. */
  referenceCount: number
  settings: { margin: number; minRefs: number; maxAgeMonths: number }
  lines: LinePriceView[]
}

export interface PriceLibraryRowView {
  id: string
  kind: 'meeting' | 'import'
  name: string
  spec: string
  unit: string
  unitPriceFen: number
  submittedPriceFen: number | null
  quantity: number | null
  group: string | null
  project: string
  source: string
  date: string
  retired: boolean
  note: string
}

export interface PriceLibraryView {
  total: number
  rows: PriceLibraryRowView[]
  /** Of those, how many travel with the given meeting. */
  chosenForMeeting: number
}
