/**
 * The right side of the project page: the 承诺书 and 回避 declaration first, then the scoring form and the 概算审核.
 * Each step change (承诺书 signed, 确认声明, 开始评审) moves the focus to the new step — its first field or the
 * button that continues — instead of leaving it on `<body>` (issue 11 item 7).
 */
import { Alert, Button, Card, Empty, Spin, Tabs } from 'antd'
import { useEffect, useRef } from 'react'
import type { ProjectWorkspace } from '../../../../shared/api/types'
import { sentence } from '../../format'
import type { Shortcut } from '../../hooks/useShortcuts'
import { focusStep } from '../../components/focusRules'
import { CommitmentCard } from '../review/CommitmentCard'
import { DeclarationPanel } from '../review/DeclarationPanel'
import { BudgetReviewPanel } from '../budget/BudgetReviewPanel'
import { DeviationNotesCard } from './DeviationNotesCard'
import { RevisionsCard } from './RevisionsCard'
import { ScoringForm } from './ScoringForm'
import { sideStep, type SideStep } from './sideStep'

export interface ExpertSideProps {
  w: ProjectWorkspace
  committed: boolean | null
  declaration: { kind: 'none' | 'recuse' } | null | undefined
  opening: boolean
  onStart: () => void
  onCommitted: () => void
  onDeclared: () => void
  onSubmitted: () => void
  shortcuts: Shortcut[]
}

/** Focuses the new step's marked element whenever the step changes after the first render. */
function useStepFocus(step: SideStep) {
  const root = useRef<HTMLDivElement>(null)
  const first = useRef(true)
  useEffect(() => {
    if (first.current) {
      first.current = false
      return
    }
    // The new step renders its parts over a frame or two (the form after its queries): try for a short while.
    let tries = 0
    let raf = 0
    const tick = () => {
      if (!focusStep(root.current, step === 'scoring' ? '[id^="dimension-"] input' : undefined) && tries++ < 120) raf = requestAnimationFrame(tick)
    }
    raf = requestAnimationFrame(tick)
    return () => cancelAnimationFrame(raf)
  }, [step])
  return root
}

export function ExpertSide(props: ExpertSideProps) {
  const { w, committed, declaration } = props
  const closed = w.meeting.status === 'closed'
  const step = sideStep({ hasExpert: !!w.expert, loaded: committed !== null && declaration !== undefined, closed, committed: !!committed, sheetStatus: w.sheet?.status ?? null, declaration: declaration?.kind ?? null })
  const root = useStepFocus(step)
  return (
    <div ref={root} data-step={step}>
      <StepBody {...props} step={step} closed={closed} />
    </div>
  )
}

function StepBody({ w, opening, onStart, onCommitted, onDeclared, onSubmitted, shortcuts, step, closed }: ExpertSideProps & { step: SideStep; closed: boolean }) {
  if (step === 'no-expert') return <Alert type="info" showIcon title="本机尚未选择评审身份" description="请在会议页面的专家列表中选择“以此身份评审”。" />
  if (step === 'loading') return <Spin />
  if (step === 'closed-no-sheet') return <Alert type="info" showIcon title="会议已关闭，本项目没有您的评分表。" />
  if (step === 'commit') return <CommitmentCard meetingId={w.meeting.id} onAccepted={onCommitted} />
  if (step === 'declare' || step === 'start' || step === 'recused') {
    const reopened = w.sheet?.status === 'reopened'
    return (
      <div className="pd-stack">
        <section aria-label="回避声明" tabIndex={-1} data-step-focus={step === 'declare' ? '' : undefined}>
          <DeclarationPanel projectId={w.project.id} onDeclared={onDeclared} />
        </section>
        {step === 'recused' && (
          <section aria-label="已申请回避" tabIndex={-1} data-step-focus="">
            <Alert type="warning" showIcon title="您已申请回避该项目，不能评分。" description="如声明有误，可在上方更新声明。" />
          </section>
        )}
        {step === 'start' && (
          <Card>
            <Empty description={reopened ? `秘书处退回了您的评分表：${sentence(w.sheet?.reopenReason ?? '')}继续评审会生成新的一版，原签名版本保留备查。` : `专家：${w.expert?.name ?? ''}。开始评审后，评分和意见会随输入自动保存。`}>
              <Button type="primary" loading={opening} onClick={onStart} data-step-focus="">
                {reopened ? '继续评审（新版本）' : '开始评审'}
              </Button>
            </Empty>
          </Card>
        )}
        {w.sheet && <RevisionsCard projectId={w.project.id} version={w.sheet.updatedAt} />}
      </div>
    )
  }
  const sheet = w.sheet!
  return (
    <Tabs
      defaultActiveKey="scoring"
      items={[
        {
          key: 'scoring',
          label: '评分与意见',
          children: (
            <div className="pd-stack">
              {sheet.status === 'submitted' && <DeviationNotesCard projectId={w.project.id} version={sheet.sheetId} />}
              <ScoringForm key={`${sheet.sheetId}:${sheet.status}`} rubric={w.rubric} initial={sheet} projectName={w.project.name} onSubmitted={onSubmitted} extraShortcuts={shortcuts} closed={closed} />
              <RevisionsCard projectId={w.project.id} version={sheet.status + sheet.updatedAt} />
            </div>
          )
        },
        { key: 'budget', label: '概算审核', children: <BudgetReviewPanel projectId={w.project.id} version={sheet.sheetId + sheet.status} closed={closed} /> }
      ]}
    />
  )
}
