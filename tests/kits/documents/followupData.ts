/** A signed 专家组复核意见 for tests: the fixture's 组长 and one more re-reviewer sign the same opinion. */
import { signPayload } from '../../../shared/signing/envelope'
import { FOLLOWUP_OPINION_FORMAT, type FollowupOpinion } from '../../../shared/signing/followupContent'
import type { SignedPayload } from '../../../shared/signing/types'
import { FIXTURE_MEETING, FIXTURE_ORGANISER, FIXTURE_PROJECT, type FixtureExpert } from './testData'

export function followupContent(reviewers: FixtureExpert[], signer: FixtureExpert, signedAt: string): FollowupOpinion {
  return {
    format: FOLLOWUP_OPINION_FORMAT,
    meeting: { id: FIXTURE_MEETING.id, name: FIXTURE_MEETING.name, organiser: FIXTURE_ORGANISER },
    project: { id: FIXTURE_PROJECT.id, name: FIXTURE_PROJECT.name, ownerUnit: FIXTURE_PROJECT.ownerUnit },
    version: { id: 'ver-2', number: 2, packageDigest: 'b'.repeat(64), reviewedDigest: 'a'.repeat(64) },
    panelOpinion: { digest: 'c'.repeat(64), leaderName: reviewers[0]!.name, signedAt: '2026-11-26T08:30:00.000Z' },
    reviewers: reviewers.map((r, i) => ({ expertId: r.id, name: r.name, unit: r.unit, title: r.title, leader: i === 0 })),
    items: [
      { kind: 'problem', number: 1, point: '等保三级测评费用未单列。', raisedBy: [reviewers[0]!.name], answer: '已在第五章单列等保测评费。', verdict: 'done', note: '' },
      { kind: 'problem', number: 2, point: '办公电脑及打印机属于第三条排除范围。', raisedBy: [], answer: '保留部分终端。', verdict: 'open', note: '仍列支办公电脑 18.60 万元。' },
      { kind: 'suggestion', number: 1, point: '系统集成费按核定费率调整。', raisedBy: [reviewers[1]?.name ?? reviewers[0]!.name], answer: '已按核定调整。', verdict: 'partial', note: '费率已调，基数未调。' }
    ],
    budget: {
      lines: [
        { name: '政务云资源租用费', status: 'as-approved', approvedFen: 12_345_600, revisedFen: 12_345_600, differenceFen: 0 },
        { name: '办公电脑及打印机', status: 'not-as-approved', approvedFen: 0, revisedFen: 1_860_001, differenceFen: 1_860_001 },
        { name: '数据治理服务', status: 'new', approvedFen: null, revisedFen: 500_000, differenceFen: null }
      ],
      approvedTotalFen: 12_345_600,
      revisedTotalFen: 14_705_601,
      differenceFen: 1_860_001,
      notAsApproved: 1
    },
    conclusion: 'revise',
    remarks: '修改稿基本落实了专家组意见，但办公电脑仍未核减，需进一步修改。',
    signer: { id: signer.id, name: signer.name },
    signedAt
  }
}

/** The 组长's signature and one per other re-reviewer (each over the same opinion, with its own time). */
export function signFollowup(reviewers: FixtureExpert[]): { leader: SignedPayload; cosigners: SignedPayload[] } {
  const sign = (e: FixtureExpert, i: number): SignedPayload => {
    const at = `2026-12-02T0${2 + i}:00:00.000Z`
    return signPayload('followup-opinion', followupContent(reviewers, e, at), e.privateKey, e.publicKey, { id: e.id, name: e.name }, at)
  }
  return { leader: sign(reviewers[0]!, 0), cosigners: reviewers.slice(1).map((e, i) => sign(e, i + 1)) }
}
