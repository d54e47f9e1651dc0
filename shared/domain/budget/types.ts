/** A cell value as read from a spreadsheet or CSV file, after formula results are resolved. */
export type CellValue = string | number | boolean | null

/** A rectangular merge, 0-based and inclusive. */
export interface CellMerge {
  top: number
  left: number
  bottom: number
  right: number
}

/** One sheet as a 2D array. Slave cells of merges are null; `merges` says where the master is. */
export interface SheetData {
  name: string
  rows: readonly (readonly CellValue[])[]
  merges?: readonly CellMerge[]
  /** Hidden in its workbook (state="hidden"/"veryHidden"); listed, never treated differently by the reader. */
  hidden?: boolean
}

export type AmountUnit = '万元' | '元'

export const BUDGET_CATEGORIES = [
  '硬件购置',
  '软件购置',
  '应用软件开发',
  '系统集成',
  '云资源租赁',
  '安全',
  '密码',
  '等保测评',
  '密评',
  '第三方测试',
  '监理',
  '可研编制/咨询',
  '培训',
  '运维/维保',
  '预备费',
  '其他'
] as const
export type BudgetCategory = (typeof BUDGET_CATEGORIES)[number]

/** How a line is numbered: 一、 / （一） / 1 / 1.1 / （1） / ①. */
export type NumberingKind = 'chinese' | 'parenChinese' | 'arabic' | 'decimal' | 'parenArabic' | 'circled'

export interface Numbering {
  kind: NumberingKind
  /** The numbering as written, trimmed (e.g. "一、", "（二）", "1.2"). */
  text: string
  /** Nesting rank: smaller ranks enclose larger ones. */
  rank: number
}

export interface BudgetLine {
  /** Stable within one parse: "r" + source row number. */
  id: string
  parentId: string | null
  /** 0 for top-level lines. */
  level: number
  numbering: string | null
  numberingKind: NumberingKind | null
  name: string
  spec: string | null
  unit: string | null
  quantity: number | null
  /** 万元 (always `unitPriceFen / 10^6`). */
  unitPrice: number | null
  /** 万元, as written in the sheet (normalised; always `amountFen / 10^6`). */
  amount: number | null
  /** The unit price in integer 分: what arithmetic uses. */
  unitPriceFen: number | null
  /** The amount in integer 分: what sums and rules use. */
  amountFen: number | null
  remark: string | null
  isSubtotal: boolean
  isTotal: boolean
  /** "其中：…" breakdown rows: informative, never summed. */
  isMemo: boolean
  /** True when other lines have this line as parent. */
  hasChildren: boolean
  category: BudgetCategory
  /** 1-based row number in the source sheet. */
  sourceRow: number
  /** The sheet the line comes from, when the budget was read from several detail sheets. */
  sheetName?: string
}

export type BudgetColumnRole = 'seq' | 'name' | 'spec' | 'unit' | 'quantity' | 'unitPrice' | 'amount' | 'remark'

export interface HeaderDetection {
  /** 0-based index of the first header row. */
  headerRow: number
  /** Number of rows the header occupies (1 or 2). */
  headerRowCount: number
  /** 0-based column index per role. */
  columns: Partial<Record<BudgetColumnRole, number>>
  /** The header text per detected column (merged rows joined). */
  headerText: Partial<Record<BudgetColumnRole, string>>
}

export type UnitSource = 'header' | 'unitRow' | 'inferred' | 'default'

export interface UnitDetection {
  unit: AmountUnit
  source: UnitSource
  /** Per-column units when the header names one (e.g. 单价（元） next to 金额（万元）). */
  unitPriceUnit: AmountUnit
  amountUnit: AmountUnit
}

export interface ParsedBudget {
  sheetName: string
  header: HeaderDetection
  unit: UnitDetection
  lines: BudgetLine[]
  /** Footnotes found under or beside the table ("注：…"). */
  notes: string[]
  /** Sum of top-level lines (万元), computed from the lines themselves. */
  computedTotal: number
  computedTotalFen: number
  /** The amount on the sheet's 合计/总计 row, if there is one (万元). */
  sheetTotal: number | null
  totalLineId: string | null
}

export type BudgetParseErrorCode = 'budget.empty' | 'budget.no-header' | 'budget.no-lines'

export interface BudgetParseError {
  code: BudgetParseErrorCode
  message: string
}

export type BudgetParseResult = { ok: true; budget: ParsedBudget } | { ok: false; error: BudgetParseError }
