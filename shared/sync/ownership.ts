/**
 * Who may write each replicated table: one entry per table (a new table is one line here, and the typecheck
 * fails until it has one). Ownership is decided from the change alone: expert-owned rows carry their owner in
 * their id (rowIds.ts), so every replica reaches the same verdict whatever order changes arrive in.
 */
import type { ReplicatedTable } from './tables'
import { parseSheetChildId, parseSheetId, parseTagged } from './rowIds'

export const SECRETARIAT_AUTHOR = 'secretariat'

export type OwnerRule =
  /** Only the secretariat writes it (meeting, rubric, projects, experts, assignments, packages and their files). */
  | { kind: 'secretariat' }
  /** score_sheets: the expert named in the id writes the content; the secretariat only reopens (sheetRules). */
  | { kind: 'sheet' }
  /** A row of a sheet (naturalId(sheetId, key)): written by the sheet's expert; `keyColumn` must equal the key. */
  | { kind: 'sheet-child'; keyColumn: string }
  /**
   * naturalId(tag, ...parts): written by the expert at parts[expertPart]; each column in `columns` must equal
   * the part at the given index.
   */
  | {
      kind: 'expert-tagged'
      tag: string
      arity: number
      expertPart: number
      columns: Record<string, number>
      projectPart?: number
      /** The secretariat may write the row too (the panel opinion: its 组长 and the secretariat). */
      secretariatToo?: boolean
      /**
       * Public: the row holds a signature over content the secretariat published (the 专家组复核意见), so it is no
       * expert's secret: its units travel in plaintext through the folder (not sealed to the secretariat) and the
       * server sends it to every device of the meeting. Its worth is the SM2 signature inside, checked on apply.
       */
      public?: boolean
      /**
       * The secretariat may carry a row it holds from an earlier build (followup_opinions were the secretariat's
       * rows before they became the signer's): only a whole signature row — a non-null signed payload that passes
       * the same checks as the signer's own (verdict.ts) — never a cleared or deleted one.
       */
      secretariatCarries?: boolean
    }

const secretariat: OwnerRule = { kind: 'secretariat' }

export const OWNERSHIP: Record<ReplicatedTable, OwnerRule> = {
  meetings: secretariat,
  rubrics: secretariat,
  projects: secretariat,
  experts: secretariat,
  assignments: secretariat,
  score_sheets: { kind: 'sheet' },
  scores: { kind: 'sheet-child', keyColumn: 'item_id' },
  opinions: { kind: 'sheet-child', keyColumn: 'dimension_id' },
  budget_reviews: { kind: 'sheet-child', keyColumn: 'line_id' },
  declarations: { kind: 'expert-tagged', tag: 'declaration', arity: 2, expertPart: 1, projectPart: 0, columns: { project_id: 0, expert_id: 1 } },
  commitments: { kind: 'expert-tagged', tag: 'commitment', arity: 2, expertPart: 1, columns: { meeting_id: 0, expert_id: 1 } },
  expert_signatures: { kind: 'expert-tagged', tag: 'signature', arity: 1, expertPart: 0, columns: { expert_id: 0 } },
  document_notes: { kind: 'expert-tagged', tag: 'note', arity: 2, expertPart: 0, columns: { expert_id: 0 } },
  packages: secretariat,
  package_files: secretariat,
  panel_opinions: { kind: 'expert-tagged', tag: 'panel-opinion', arity: 2, expertPart: 1, projectPart: 0, columns: { project_id: 0, leader_id: 1 }, secretariatToo: true },
  project_versions: secretariat,
  followup_items: secretariat,
  // Each row is one signer's SM2 signature over the 专家组复核意见, written on that signer's own laptop (the 组长 or a
  // named re-reviewer); public, so every laptop of the meeting can read it (docs/review-followup.md).
  followup_opinions: {
    kind: 'expert-tagged', tag: 'followup-opinion', arity: 3, expertPart: 2, projectPart: 0, columns: { project_id: 0, version_id: 1, expert_id: 2 }, public: true,
    secretariatCarries: true
  },
  meeting_price_refs: secretariat,
  meeting_rule_sets: secretariat,
  deviation_notes: {
    kind: 'expert-tagged', tag: 'deviation', arity: 3, expertPart: 1, projectPart: 0, columns: { project_id: 0, expert_id: 1, dimension_id: 2 }
  },
  budget_basis_requests: { kind: 'expert-tagged', tag: 'basis-request', arity: 2, expertPart: 1, projectPart: 0, columns: { project_id: 0, expert_id: 1 } }
}

/** The owner of a row as its id tells it: the secretariat, an expert (with the project when the row has one), or null for an id that does not follow its table's form. */
export type RowOwner = { kind: 'secretariat' } | { kind: 'expert'; expertId: string; projectId: string | null; sheetId: string | null; public?: true } | null

export function ownerRuleOf(tbl: string): OwnerRule | null {
  return Object.prototype.hasOwnProperty.call(OWNERSHIP, tbl) ? (OWNERSHIP as Record<string, OwnerRule>)[tbl] as OwnerRule : null
}

export function rowOwner(tbl: string, rowId: string): RowOwner {
  const rule = ownerRuleOf(tbl)
  if (!rule) return null
  switch (rule.kind) {
    case 'secretariat':
      return { kind: 'secretariat' }
    case 'sheet': {
      const k = parseSheetId(rowId)
      return k ? { kind: 'expert', expertId: k.expertId, projectId: k.projectId, sheetId: k.sheetId } : null
    }
    case 'sheet-child': {
      const k = parseSheetChildId(rowId)
      return k ? { kind: 'expert', expertId: k.expertId, projectId: k.projectId, sheetId: k.sheetId } : null
    }
    case 'expert-tagged': {
      const parts = parseTagged(rowId, rule.tag, rule.arity)
      if (!parts) return null
      return {
        kind: 'expert',
        expertId: parts[rule.expertPart] as string,
        projectId: rule.projectPart === undefined ? null : (parts[rule.projectPart] as string),
        sheetId: null,
        ...(rule.public ? { public: true as const } : {})
      }
    }
  }
}
