/**
 * The 组长's panel opinion: drafted from the merged data, edited (saved as it is typed), budget overrides, concluded
 * and signed with the PIN.
 */
import { Alert, App as AntApp, Button, Card, Input, Radio, Select, Space, Typography } from 'antd'
import { useEffect, useState } from 'react'
import type { AuthoredText, ConsoleMeeting, PanelDraft } from '../../../../shared/api/secretariatTypes'
import type { AppInfo } from '../../../../shared/api/types'
import { CONCLUSION_LABELS, CONCLUSIONS } from '../../../../shared/domain/conclusion'
import { VetoOverrides } from './VetoOverrides'
import { call, errorMessage } from '../../api'
import { PageError } from '../../components/PageError'
import { formatClock } from '../../format'
import { useAutosave } from '../../hooks/useAutosave'
import { useQuery } from '../../hooks/useQuery'
import { score } from './labels'
import { LeaderSignCard, OverrideCard, PanelSummary } from './PanelParts'

const lines = (t: string): string[] => t.split('\n').map((x) => x.trim()).filter(Boolean)

/** The draft as the editor holds it: problems and suggestions as text, one per line. */
type EditedDraft = Omit<PanelDraft, 'problems' | 'suggestions'> & { problems: string; suggestions: string }

const toPanelDraft = (d: EditedDraft): PanelDraft => ({ process: d.process, opinions: d.opinions, problems: lines(d.problems), suggestions: lines(d.suggestions), conclusion: d.conclusion })

export function PanelTab({ meeting, info, onInfo }: { meeting: ConsoleMeeting; info: AppInfo | null; onInfo: (i: AppInfo) => void }) {
  const [projectId, setProjectId] = useState<string | null>(meeting.projects[0]?.id ?? null)
  if (!projectId) return <Typography.Paragraph>还没有项目。</Typography.Paragraph>
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Select aria-label="选择项目" style={{ minWidth: 420 }} value={projectId} onChange={setProjectId} options={meeting.projects.map((p) => ({ value: p.id, label: p.name }))} />
      <PanelEditor key={projectId} projectId={projectId} readOnly={meeting.settings.phase === 'closed'} info={info} onInfo={onInfo} />
    </Space>
  )
}

function Gathered({ title, items, disabled, onAdd }: { title: string; items: AuthoredText[]; disabled: boolean; onAdd: (t: string) => void }) {
  if (items.length === 0) return null
  return (
    <Card size="small" title={title}>
      <ul style={{ margin: 0, paddingLeft: 20 }}>
        {items.map((g) => (
          <li key={g.text}>
            {g.text} <Typography.Text type="secondary">（{g.authors.join('、')}）</Typography.Text>{' '}
            <Button autoInsertSpace={false} size="small" type="link" disabled={disabled} onClick={() => onAdd(g.text)} aria-label={`加入：${g.text.slice(0, 20)}`}>
              加入
            </Button>
          </li>
        ))}
      </ul>
    </Card>
  )
}

function PanelEditor({ projectId, readOnly, info, onInfo }: { projectId: string; readOnly: boolean; info: AppInfo | null; onInfo: (i: AppInfo) => void }) {
  const { message } = AntApp.useApp()
  const q = useQuery(() => call('panel.get', { projectId }), [projectId])
  const budget = useQuery(() => call('merge.budget', { projectId, limit: 200 }), [projectId])
  const [draft, setDraftState] = useState<EditedDraft | null>(null)
  // A signed opinion is locked; it changes only after an explicit 修改并重新签署.
  const [revising, setRevising] = useState(false)
  const v = q.data
  const { setData } = q
  // Every edit is saved after a short pause; the answer updates the status (an edit returns a signed opinion to a
  // draft) but never the text being typed, which is ahead of it.
  const autosave = useAutosave((d: PanelDraft) => call('panel.saveDraft', { projectId, draft: d }).then(setData))
  const setDraft = (next: EditedDraft) => {
    setDraftState(next)
    autosave.schedule(toPanelDraft(next))
  }
  useEffect(() => {
    // The server's draft seeds the editor once (when the project opens or the opinion becomes draftable).
    if (v?.draft) setDraftState((d) => d ?? { ...v.draft!, problems: v.draft!.problems.join('\n'), suggestions: v.draft!.suggestions.join('\n') })
  }, [v?.draft])
  if (q.error) return <PageError error={q.error} onRetry={() => void q.reload()} />
  if (!v) return null
  const run = async (f: () => Promise<unknown>, done: string) => {
    try {
      const r = await f()
      if (r && typeof r === 'object' && 'projectId' in r) q.setData(r as typeof v)
      void message.success(done)
      void budget.reload()
    } catch (e) {
      void message.error(errorMessage(e))
    }
  }
  const toDraft = (): PanelDraft => toPanelDraft(draft!)
  const locked = readOnly || (v.status === 'signed' && !revising)
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {v.blocked ? (
        <Alert type="info" showIcon title="专家组意见尚不能起草" description={v.blocked} />
      ) : (
        <PanelSummary v={v} />
      )}
      {v.status === 'signed' && !revising && !readOnly && (
        <Alert
          type="success"
          showIcon
          title="专家组意见已由组长签署，内容已锁定。"
          description="如需修改，点“修改并重新签署”：修改后原签名作废，须由组长重新签署。"
          action={
            <Button autoInsertSpace={false} onClick={() => setRevising(true)}>
              修改并重新签署
            </Button>
          }
        />
      )}
      {draft && !v.blocked && (
        <>
          <Card size="small" title="评审过程">
            <Input.TextArea aria-label="评审过程" rows={3} value={draft.process} disabled={locked} onChange={(e) => setDraft({ ...draft, process: e.target.value })} />
          </Card>
          {v.dimensions.map((d) => (
            <Card size="small" key={d.id} title={`${d.name}（专家组 ${score(d.score)}/${d.points} 分）`}>
              <Input.TextArea aria-label={`${d.name}评审意见`} rows={3} disabled={locked} value={draft.opinions[d.id] ?? ''} onChange={(e) => setDraft({ ...draft, opinions: { ...draft.opinions, [d.id]: e.target.value } })} />
            </Card>
          ))}
          <Space align="start" style={{ width: '100%' }} wrap>
            <Card size="small" title="主要问题（每行一条）" style={{ minWidth: 520 }}>
              <Input.TextArea aria-label="主要问题" rows={6} disabled={locked} value={draft.problems} onChange={(e) => setDraft({ ...draft, problems: e.target.value })} />
            </Card>
            <Card size="small" title="修改建议（每行一条）" style={{ minWidth: 520 }}>
              <Input.TextArea aria-label="修改建议" rows={6} disabled={locked} value={draft.suggestions} onChange={(e) => setDraft({ ...draft, suggestions: e.target.value })} />
            </Card>
          </Space>
          <Gathered disabled={locked} title="各专家提出的问题（相同表述已合并，括号内为提出人）" items={v.gathered.problems} onAdd={(t) => setDraft({ ...draft, problems: lines(draft.problems).includes(t) ? draft.problems : `${draft.problems}\n${t}`.trim() })} />
          <Gathered disabled={locked} title="各专家提出的建议" items={v.gathered.suggestions} onAdd={(t) => setDraft({ ...draft, suggestions: lines(draft.suggestions).includes(t) ? draft.suggestions : `${draft.suggestions}\n${t}`.trim() })} />
          <Card size="small" title="评审结论">
            <Radio.Group disabled={locked} value={draft.conclusion} onChange={(e) => setDraft({ ...draft, conclusion: e.target.value as PanelDraft['conclusion'] })} options={CONCLUSIONS.map((c) => ({ value: c, label: CONCLUSION_LABELS[c] }))} />
            {v.vetoOverrides.length > 0 && (
              <div style={{ marginTop: 8 }}>
                <VetoOverrides overrides={v.vetoOverrides} />
              </div>
            )}
            {v.dissent.length > 0 && <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }}>不同意见（记入专家组意见）：{v.dissent.map((d) => `${d.name}（${CONCLUSION_LABELS[d.conclusion]}）`).join('、')}</Typography.Paragraph>}
          </Card>
          <Space>
            <Button
              autoInsertSpace={false}
              disabled={locked}
              onClick={() =>
                void run(async () => {
                  await autosave.flush()
                  return call('panel.saveDraft', { projectId, draft: toDraft() })
                }, '专家组意见草稿已保存')
              }
            >
              保存草稿
            </Button>
            <span className="pd-save-state" role="status">
              {autosave.saving ? '正在保存…' : autosave.error ? `自动保存失败：${autosave.error}` : autosave.savedAt ? `已自动保存 ${formatClock(autosave.savedAt)}` : '输入时自动保存'}
            </span>
          </Space>
          <OverrideCard projectId={projectId} v={v} lines={budget.data?.lines ?? []} disabled={locked} run={run} />
          <LeaderSignCard
            v={v}
            conclusion={draft.conclusion}
            readOnly={readOnly}
            info={info}
            onInfo={onInfo}
            onReload={() => void q.reload()}
            beforeSign={async () => {
              // Every pending edit lands first: none may arrive after the signature and reopen it.
              await autosave.flush()
              await call('panel.saveDraft', { projectId, draft: toDraft() })
            }}
            onSigned={(r) => {
              q.setData(r)
              setRevising(false)
              void budget.reload()
            }}
          />
        </>
      )}
    </Space>
  )
}
