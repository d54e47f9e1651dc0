import type { SheetData } from '../../../shared/domain/budget/types'
import { isEmptyRow } from '../../../shared/domain/budget/cells'
import { decodeText, parseCsv, type TextEncoding } from './csv'
import { PackageError } from './errors'
import { assertFileType } from './fileType'
import { extensionOf } from './paths'
import { readXls } from './xls'
import { readXlsx, type WorkbookSheet } from './xlsx'

export interface SheetFile {
  format: 'xlsx' | 'xls' | 'csv'
  /** For CSV: the encoding it was decoded from. */
  encoding: TextEncoding | null
  sheets: SheetData[]
}

/**
 * Reads a spreadsheet (.xlsx, .xls or .csv) into sheets. Empty files and formula cells without cached values
 * are errors: the numbers the reviewers would see are not in the file.
 */
export async function readSheetFile(path: string, bytes: Uint8Array, maxRows: number): Promise<SheetFile> {
  const ext = extensionOf(path)
  if (ext !== 'xlsx' && ext !== 'xls' && ext !== 'csv') {
    const hint = ext === 'et' || ext === 'ods' ? `请另存为 .xlsx、.xls 或 .csv。` : '只支持 .xlsx、.xls 和 .csv。'
    throw new PackageError('file-unsupported-type', `表格文件“${path}”的格式 .${ext || '（无扩展名）'} 不受支持，${hint}`, path)
  }
  assertFileType(path, bytes)
  let file: SheetFile
  if (ext === 'csv') {
    const { text, encoding } = decodeText(bytes, path)
    const rows = parseCsv(text)
    if (rows.length > maxRows) throw new PackageError('sheet-corrupt', `文件“${path}”超过 ${maxRows} 行，超出读取上限。`, path)
    file = { format: 'csv', encoding, sheets: [{ name: path.slice(path.lastIndexOf('/') + 1), rows }] }
  } else {
    const sheets: WorkbookSheet[] = ext === 'xls' ? readXls(bytes, path, maxRows) : await readXlsx(bytes, path, maxRows)
    const uncached = sheets.flatMap((s) => s.uncachedFormulas.map((a) => `${s.name}!${a}`))
    if (uncached.length > 0) {
      throw new PackageError(
        'sheet-formulas-without-values',
        `文件“${path}”中有 ${uncached.length} 个公式单元格没有计算结果（如 ${uncached.slice(0, 3).join('、')}），` +
          '可能是由程序生成后从未在 Excel/WPS 中打开保存。请在 Excel 或 WPS 中打开并保存后重新提交。',
        path
      )
    }
    file = { format: ext, encoding: null, sheets: sheets.map(({ name, rows, merges, hidden }) => ({ name, rows, merges, ...(hidden ? { hidden } : {}) })) }
  }
  if (file.sheets.every((s) => s.rows.every((row) => isEmptyRow(row)))) {
    throw new PackageError('sheet-empty', `表格文件“${path}”没有任何内容。`, path)
  }
  return file
}
