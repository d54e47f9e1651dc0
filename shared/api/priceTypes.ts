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
  /** The last edit not undone (who, when), if any. */
  lastEdit: { at: string; by: string } | null
}

export interface PriceFacet {
  value: string
  count: number
}

export interface PriceLibraryView {
  /** Entries in the library (every status). */
  total: number
  /** Entries that match the filter. */
  matches: number
  offset: number
  rows: PriceLibraryRowView[]
  /** 来源 and 分类 of the library with their counts ('' = none). */
  sources: PriceFacet[]
  groups: PriceFacet[]
  /** How many references travel with the given meeting. */
  chosenForMeeting: number
}

export interface PriceEditResult {
  row: PriceLibraryRowView
  /** The recorded edit, for 撤销 (null when nothing changed). */
  editId: number | null
}

export type PriceEditField = 'name' | 'spec' | 'unit' | 'unitPriceFen' | 'source' | 'date' | 'note' | 'retired'

export interface PriceEditRecordView {
  id: number
  at: string
  by: string
  changes: { field: PriceEditField; before: string | number; after: string | number }[]
  undoneAt: string | null
  undoneBy: string | null
}

export interface PriceExportResult {
  uploadId: string
  fileName: string
  rows: number
}
