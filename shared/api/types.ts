/** Plain, serialisable objects that cross the main/renderer boundary. Amounts in 万元. */
import type { Conclusion } from '../domain/conclusion'
import type { RubricDefinition } from '../domain/rubric'
import type { SheetTotals } from '../domain/scoring'
import type { CitedText, ItemScore, SheetStatus } from '../domain/sheet'
import type { SignatureCheckView } from './reviewTypes'

export interface AppInfo {
  version: string
  dataDir: string
  deviceOrigin: string
  /** Set when the database had to be recovered at start; shown to the user once. */
  startupNotice: string | null
  actingExpertId: string | null
  /** The meeting and name of the expert this laptop acts as (null when none is chosen). */
  actingMeetingId: string | null
  actingExpertName: string | null
}

export interface MeetingSummary {
  id: string
  name: string
  date: string
  place: string
  organiser: string
  status: string
  isDemo: boolean
  projectCount: number
  expertCount: number
}

export interface ProjectSummary {
  id: string
  meetingId: string
  name: string
  code: string
  ownerUnit: string
  authorUnit: string
  declaredInvestment: number
  approvedEstimate: number | null
  summary: string
  sortOrder: number
}

export interface ExpertSummary {
  id: string
  meetingId: string
  name: string
  unit: string
  title: string
  specialty: string
  isLeader: boolean
}

export interface MeetingDetail extends MeetingSummary {
  projects: ProjectSummary[]
  experts: ExpertSummary[]
  rubric: { id: string; name: string; version: number }
}

export interface SheetView {
  sheetId: string
  projectId: string
  expertId: string
  revision: number
  status: SheetStatus
  scores: Record<string, ItemScore>
  opinions: Record<string, string>
  mainProblems: CitedText[]
  suggestions: CitedText[]
  conclusion: Conclusion | null
  /** The expert's reason for a conclusion that departs from a veto ('' when none). */
  conclusionReason: string
  totals: SheetTotals
  suggestedConclusion: Conclusion
  /** Why: the vetoes of the project's findings, or the total against the thresholds (Chinese). */
  suggestionReasons: string[]
  /** The veto reasons behind a 不予通过 suggestion ([] when none): a conclusion other than 不予通过 needs a reason. */
  suggestionVetoes: string[]
  updatedAt: string
  submittedAt: string | null
  reopenReason: string
  /** For a submitted (or reopened) revision: whether its signature verifies. */
  check: SignatureCheckView | null
}

export interface ProjectWorkspace {
  meeting: MeetingSummary
  project: ProjectSummary
  expert: ExpertSummary | null
  rubric: RubricDefinition
  sheet: SheetView | null
}

export interface BackupInfo {
  name: string
  createdAt: string
  sizeBytes: number
  reason: string
}

export interface SaveAck {
  savedAt: string
}
