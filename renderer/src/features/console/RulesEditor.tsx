/**
 * 修改规则集 in the 审查规则 tab (issue 14 item 3): edit the parts a secretariat changes, see every problem at its
 * field and a preview of what changes against the current version, undo unsaved edits, and save as a new version
 * (rules.save; the meeting's findings are derived again). A refusal from the backend is shown and the edits kept.
 */
import { Alert, Button, Card, Col, Form, Popconfirm, Row, Space } from 'antd'
import { useMemo, useReducer, useState } from 'react'
import type { RuleSetView } from '../../../../shared/api/ruleTypes'
import { ruleSetJson } from '../../../../shared/domain/compliance/ruleSet'
import { call, ClientError, errorMessage } from '../../api'
import { DiffPreview, RuleField, VetoEditor } from './RulesEditorParts'
import { diffRuleSets } from './rulesDiff'
import { buildRuleSet, editorReducer, editorStart, editSections, fieldErrorsOf } from './rulesDraft'

export function RulesEditor({ view, onSaved, onClose }: { view: RuleSetView; onSaved: (v: RuleSetView) => void; onClose: () => void }) {
  const [s, dispatch] = useReducer(editorReducer, view.ruleSet, editorStart)
  const [refusal, setRefusal] = useState<{ message: string; fields: Record<string, string> } | null>(null)
  const [busy, setBusy] = useState(false)
  // The version the edits start from: saving names it, so a set changed meanwhile is refused rather than overwritten.
  const [baseDigest] = useState(view.digest)
  const built = useMemo(() => buildRuleSet(s.base, s.draft), [s.base, s.draft])
  const diff = useMemo(() => diffRuleSets(s.base, built.ruleSet), [s.base, built.ruleSet])
  const sections = useMemo(() => editSections(s.base), [s.base])
  const errors = { ...(refusal?.fields ?? {}), ...built.errors }
  const errorCount = Object.keys(built.errors).length
  const save = async () => {
    setBusy(true)
    try {
      onSaved(await call('rules.save', { meetingId: view.meetingId, definition: ruleSetJson(built.ruleSet), baseDigest }))
    } catch (e) {
      const fields = fieldErrorsOf(built.ruleSet, e instanceof ClientError ? (e.issues ?? []) : [])
      setRefusal({ message: errorMessage(e), fields })
    } finally {
      setBusy(false)
    }
  }
  const edit = (id: string, value: string | string[]) => (setRefusal(null), dispatch({ kind: 'edit', id, value }))
  return (
    <Card
      title="修改规则集"
      extra={
        <Space wrap>
          <Button autoInsertSpace={false} disabled={s.undo.length === 0 || busy} onClick={() => dispatch({ kind: 'undo' })}>
            撤销{s.undo.length > 0 ? `（${s.undo.length}）` : ''}
          </Button>
          <Popconfirm title="放弃全部未保存的修改？" okText="放弃" cancelText="继续修改" onConfirm={() => (setRefusal(null), dispatch({ kind: 'discard' }))} disabled={s.undo.length === 0}>
            <Button autoInsertSpace={false} disabled={s.undo.length === 0 || busy}>
              放弃修改
            </Button>
          </Popconfirm>
          <Popconfirm title="有未保存的修改，不保存就返回？" okText="不保存" cancelText="继续修改" onConfirm={onClose} disabled={s.undo.length === 0}>
            <Button autoInsertSpace={false} onClick={s.undo.length === 0 ? onClose : undefined} disabled={busy}>
              返回
            </Button>
          </Popconfirm>
          <Button autoInsertSpace={false} type="primary" loading={busy} disabled={errorCount > 0 || diff.length === 0} onClick={() => void save()}>
            保存为新版本
          </Button>
        </Space>
      }
    >
      {refusal && <Alert type="error" showIcon closable onClose={() => setRefusal(null)} style={{ marginBottom: 12 }} title={<span style={{ whiteSpace: 'pre-wrap' }}>{refusal.message}</span>} />}
      {errorCount > 0 && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={`有 ${errorCount} 处需要修改后才能保存，见标红的项目`} description={built.errors[''] ?? undefined} />}
      <Row gutter={16}>
        <Col xs={24} xl={15}>
          <Form layout="vertical" requiredMark={false}>
            <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
              {sections.map((sec) => (
                <Card key={sec.title} size="small" title={sec.title}>
                  {sec.fields.map((f) => (
                    <RuleField key={f.id} field={f} value={s.draft.values[f.id] ?? ''} error={errors[f.id]} disabled={busy} onChange={(v) => edit(f.id, v)} />
                  ))}
                </Card>
              ))}
              <VetoEditor vetoes={s.draft.vetoes} errors={errors} disabled={busy} onChange={(code, value) => (setRefusal(null), dispatch({ kind: 'veto', code, value }))} />
            </Space>
          </Form>
        </Col>
        <Col xs={24} xl={9}>
          <div style={{ position: 'sticky', top: 12 }}>
            <DiffPreview lines={diff} />
          </div>
        </Col>
      </Row>
    </Card>
  )
}
