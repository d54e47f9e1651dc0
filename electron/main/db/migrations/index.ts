/** Every migration, in order. One file per migration; each has its own test. Never edit a shipped one. */
import type { Migration } from 'kysely'
import * as m0001 from './0001_initial'
import * as m0002 from './0002_review'
import * as m0003 from './0003_packages'
import * as m0004 from './0004_sync'
import * as m0005 from './0005_secretariat'
import * as m0006 from './0006_signature_verdicts'
import * as m0007 from './0007_package_derivations'
import * as m0008 from './0008_trust'
import * as m0009 from './0009_sealed_envelopes'
import * as m0012 from './0012_finding_vetoes'
import * as m0013 from './0013_prices'
import * as m0016 from './0016_project_versions'
import * as m0017 from './0017_followup_checklist'
import * as m0018 from './0018_signed_grants'
import * as m0020 from './0020_followup_opinions'
import * as m0021 from './0021_budget_review_extra'
import * as m0022 from './0022_rule_sets'
import * as m0023 from './0023_conclusion_reason'
import * as m0024 from './0024_lean_change_log'
import * as m0028 from './0028_declaration_shown_conflicts'
import * as m0029 from './0029_scoring_marker'
import * as m0032 from './0032_budget_basis'
import * as m0034 from './0034_row_clock'
import * as m0035 from './0035_envelope_ciphertext'
import * as m0036 from './0036_price_library'
import * as m0037 from './0037_budget_basis_requests'

export const MIGRATIONS: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_review': m0002,
  '0003_packages': m0003,
  '0004_sync': m0004,
  '0005_secretariat': m0005,
  '0006_signature_verdicts': m0006,
  '0007_package_derivations': m0007,
  '0008_trust': m0008,
  '0009_sealed_envelopes': m0009,
  '0012_finding_vetoes': m0012,
  '0013_prices': m0013,
  '0016_project_versions': m0016,
  '0017_followup_checklist': m0017,
  '0018_signed_grants': m0018,
  '0020_followup_opinions': m0020,
  '0021_budget_review_extra': m0021,
  '0022_rule_sets': m0022,
  '0023_conclusion_reason': m0023,
  '0024_lean_change_log': m0024,
  '0028_declaration_shown_conflicts': m0028,
  '0029_scoring_marker': m0029,
  '0032_budget_basis': m0032,
  '0034_row_clock': m0034,
  '0035_envelope_ciphertext': m0035,
  '0036_price_library': m0036,
  '0037_budget_basis_requests': m0037
}
