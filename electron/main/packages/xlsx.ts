import ExcelJS from 'exceljs'
import type { CellMerge, CellValue, SheetData } from '../../../shared/domain/budget/types'
import { PackageError } from './errors'
import { boundedOfficeBytes } from './officeZip'

export interface WorkbookSheet extends SheetData {
  /** Formula cells that have no cached result (a file saved by a tool that never calculated it). */
  uncachedFormulas: string[]
}

function richText(value: { richText: { text: string }[] }): string {
  return value.richText.map((r) => r.text).join('')
}

/** A cell's value as a plain value: formulas give their cached result, rich text its text. */
function plainValue(value: ExcelJS.CellValue): { value: CellValue; uncachedFormula: boolean } {
  if (value === null || value === undefined) return { value: null, uncachedFormula: false }
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return { value, uncachedFormula: false }
  if (value instanceof Date) return { value: value.toISOString().slice(0, 10), uncachedFormula: false }
  if (typeof value === 'object') {
    if ('formula' in value || 'sharedFormula' in value) {
      const result = (value as { result?: unknown }).result
      if (result === undefined || result === null) return { value: null, uncachedFormula: true }
      if (typeof result === 'object' && result !== null && 'error' in result) return { value: null, uncachedFormula: false }
      if (result instanceof Date) return { value: result.toISOString().slice(0, 10), uncachedFormula: false }
      return { value: result as CellValue, uncachedFormula: false }
    }
    if ('richText' in value) return { value: richText(value as { richText: { text: string }[] }), uncachedFormula: false }
    if ('text' in value) {
      const text = (value as { text: unknown }).text
      if (typeof text === 'string') return { value: text, uncachedFormula: false }
      if (typeof text === 'object' && text !== null && 'richText' in text) {
        return { value: richText(text as { richText: { text: string }[] }), uncachedFormula: false }
      }
    }
    if ('error' in value) return { value: null, uncachedFormula: false }
  }
  return { value: null, uncachedFormula: false }
}

/** Reads every worksheet of an .xlsx into 2D arrays (slave cells of merges are null, merges listed). */
export async function readXlsx(bytes: Uint8Array, path: string, maxRows: number): Promise<WorkbookSheet[]> {
  const corrupt = (cause: unknown) => new PackageError('sheet-corrupt', `文件“${path}”不是有效的 Excel（.xlsx）文件，或已损坏。`, path, { cause })
  const buffer = boundedOfficeBytes(bytes, path, corrupt)
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer)
  } catch (cause) {
    throw corrupt(cause)
  }
  const sheets: WorkbookSheet[] = []
  workbook.eachSheet((worksheet) => {
    if (worksheet.rowCount > maxRows) {
      throw new PackageError('sheet-corrupt', `文件“${path}”的工作表“${worksheet.name}”超过 ${maxRows} 行，超出读取上限。`, path)
    }
    const rows: CellValue[][] = []
    const uncachedFormulas: string[] = []
    const mergeMap = new Map<string, CellMerge>()
    worksheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
      const values: CellValue[] = []
      row.eachCell({ includeEmpty: true }, (cell, colNumber) => {
        while (values.length < colNumber - 1) values.push(null)
        if (cell.type === ExcelJS.ValueType.Merge) {
          const master = cell.master
          const key = master.address
          const r = rowNumber - 1
          const c = colNumber - 1
          const existing = mergeMap.get(key)
          if (existing) {
            existing.bottom = Math.max(existing.bottom, r)
            existing.right = Math.max(existing.right, c)
          } else {
            mergeMap.set(key, { top: Number(master.row) - 1, left: Number(master.col) - 1, bottom: r, right: c })
          }
          values.push(null)
          return
        }
        const plain = plainValue(cell.value)
        if (plain.uncachedFormula) uncachedFormulas.push(cell.address)
        values.push(plain.value)
      })
      while (rows.length < rowNumber - 1) rows.push([])
      rows.push(values)
    })
    sheets.push({ name: worksheet.name, rows, merges: [...mergeMap.values()], uncachedFormulas })
  })
  if (sheets.length === 0) {
    throw new PackageError('sheet-corrupt', `文件“${path}”中没有任何工作表，不是有效的 Excel（.xlsx）文件。`, path)
  }
  return sheets
}
