/**
 * The old way of reading an .xlsx (until issue 14 item 11): the bounded unzip re-packed for ExcelJS, then ExcelJS's
 * whole workbook model, cell by cell. Kept for the packages bench's baseline only.
 */
import ExcelJS from 'exceljs'
import { PackageError } from '../electron/main/packages/errors'
import { boundedOfficeBytes } from '../electron/main/packages/officeZip'

export async function readWithExcelJs(bytes: Uint8Array): Promise<number> {
  const workbook = new ExcelJS.Workbook()
  const repacked = boundedOfficeBytes(bytes, 'budget.xlsx', (cause) => new PackageError('sheet-corrupt', 'corrupt', 'budget.xlsx', { cause }))
  await workbook.xlsx.load(repacked as unknown as ArrayBuffer)
  let cells = 0
  workbook.eachSheet((sheet) => {
    sheet.eachRow({ includeEmpty: true }, (row) => {
      row.eachCell({ includeEmpty: true }, () => {
        cells++
      })
    })
  })
  return cells
}
