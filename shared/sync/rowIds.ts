/**
 * Row ids that carry their owner. An expert-owned row's id names its expert (and, for sheet content, its sheet),
 * so that every replica can tell who may write the row from the change alone (ownership.ts), in any order.
 * The ids are `naturalId(...)` strings (shared/domain/ids.ts): parts joined by '|', with '|' and '\' escaped.
 */
import { naturalId } from '../domain/ids'

/** Splits a naturalId into its parts (the inverse of naturalId for string parts). */
export function splitNaturalId(id: string): string[] {
  if (!id.includes('\\')) return id.split('|')
  const parts: string[] = []
  let cur = ''
  for (let i = 0; i < id.length; i++) {
    const c = id[i] as string
    if (c === '\\' && i + 1 < id.length) {
      cur += id[i + 1]
      i++
    } else if (c === '|') {
      parts.push(cur)
      cur = ''
    } else cur += c
  }
  parts.push(cur)
  return parts
}

export interface SheetKey {
  sheetId: string
  projectId: string
  expertId: string
  revision: number
}

export const sheetRowId = (projectId: string, expertId: string, revision: number): string => naturalId('sheet', projectId, expertId, revision)
/** A score, opinion or budget review of a sheet: naturalId(sheetId, itemId | dimensionId | lineId). */
export const sheetChildRowId = (sheetId: string, key: string): string => naturalId(sheetId, key)
export const declarationRowId = (projectId: string, expertId: string): string => naturalId('declaration', projectId, expertId)
export const commitmentRowId = (meetingId: string, expertId: string): string => naturalId('commitment', meetingId, expertId)
export const expertSignatureRowId = (expertId: string): string => naturalId('signature', expertId)
/** An expert's note on a document page: naturalId('note', expertId, uuid). */
export const documentNoteRowId = (expertId: string, uuid: string): string => naturalId('note', expertId, uuid)

/**
 * The last id parsed and its result, per parser: the changes of one row come one after another (a transaction
 * writes a row's columns together), and the verdict, the scope and the owner ask about the same id in turn.
 * Results are frozen, so a caller cannot change what the next one gets.
 */
function lastOne<T extends object>(parse: (id: string) => T | null): (id: string) => Readonly<T> | null {
  let lastId: string | null = null
  let last: Readonly<T> | null = null
  return (id) => {
    if (id !== lastId) {
      const r = parse(id)
      last = r && Object.freeze(r)
      lastId = id
    }
    return last
  }
}

export const parseSheetId = lastOne((id: string): SheetKey | null => {
  const p = splitNaturalId(id)
  if (p.length !== 4 || p[0] !== 'sheet') return null
  const [, projectId, expertId, rev] = p as [string, string, string, string]
  if (!projectId || !expertId || !/^[1-9]\d{0,5}$/.test(rev)) return null
  if (sheetRowId(projectId, expertId, Number(rev)) !== id) return null
  return { sheetId: id, projectId, expertId, revision: Number(rev) }
})

export interface SheetChildKey extends SheetKey {
  key: string
}

export const parseSheetChildId = lastOne((id: string): SheetChildKey | null => {
  const p = splitNaturalId(id)
  if (p.length !== 2) return null
  const sheet = parseSheetId(p[0] as string)
  if (!sheet || !p[1] || sheetChildRowId(sheet.sheetId, p[1]) !== id) return null
  return { ...sheet, key: p[1] }
})

/** `naturalId(tag, ...parts)` with exactly `arity` parts after the tag; returns the parts. */
export function parseTagged(id: string, tag: string, arity: number): string[] | null {
  const p = splitNaturalId(id)
  if (p.length !== arity + 1 || p[0] !== tag) return null
  const rest = p.slice(1)
  if (rest.some((x) => x === '') || naturalId(tag, ...rest) !== id) return null
  return rest
}
/** The 组长's panel opinion of a project: naturalId('panel-opinion', projectId, leaderId). */
export const panelOpinionRowId = (projectId: string, leaderId: string): string => naturalId('panel-opinion', projectId, leaderId)
/** A signer's signature over the 专家组复核意见 of a version: naturalId('followup-opinion', projectId, versionId, expertId). */
export const followupOpinionRowId = (projectId: string, versionId: string, expertId: string): string => naturalId('followup-opinion', projectId, versionId, expertId)
/** An expert's 偏离说明 for one dimension of a project: naturalId('deviation', projectId, expertId, dimensionId). */
/** An expert's request for another budget basis of a project: naturalId('basis-request', projectId, expertId). */
export const basisRequestRowId = (projectId: string, expertId: string): string => naturalId('basis-request', projectId, expertId)
export const deviationNoteRowId = (projectId: string, expertId: string, dimensionId: string): string => naturalId('deviation', projectId, expertId, dimensionId)
