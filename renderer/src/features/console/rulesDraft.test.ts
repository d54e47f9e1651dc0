/** The rule set editor's model: an untouched draft is the rule set itself; edits, field errors, diff and undo. */
import { describe, expect, it } from 'vitest'
import { defaultRuleSet, ruleSetDigest } from '../../../../shared/domain/compliance/ruleSet'
import { buildRuleSet, draftOf, editorReducer, editorStart, fieldErrorsOf, splitWords, UNDO_LIMIT, type EditorState } from './rulesDraft'
import { diffRuleSets } from './rulesDiff'

const OFFICE = 'compliance.article3.officeEquipment.keywords'
const CONTINGENCY = 'compliance.feeRates.contingencyMaxRate'
const PLATFORMS = 'compliance.sharedPlatforms.platforms'

const edit = (s: EditorState, id: string, value: string | string[]) => editorReducer(s, { kind: 'edit', id, value })

describe('the rule set editor', () => {
  it('makes exactly the current rule set from an untouched draft (same digest, no changes, no errors)', () => {
    const base = defaultRuleSet()
    const built = buildRuleSet(base, draftOf(base))
    expect(built.errors).toEqual({})
    expect(ruleSetDigest(built.ruleSet)).toBe(ruleSetDigest(base))
    expect(diffRuleSets(base, built.ruleSet)).toEqual([])
    // A word that holds a separator (an imported file may have one) survives an untouched draft.
    base.compliance.article12.sharingKeywords.push('接口,服务')
    expect(ruleSetDigest(buildRuleSet(base, draftOf(base)).ruleSet)).toBe(ruleSetDigest(base))
  })

  it('reads words split by 、，, or lines, rates as percentages, platforms one a line; the diff says what changed', () => {
    const base = defaultRuleSet()
    expect(splitWords(' 甲、乙，丙,\n丁；；')).toEqual(['甲', '乙', '丙', '丁'])
    let s = editorStart(base)
    s = edit(s, 'version', '2027.01-修订')
    s = edit(s, OFFICE, `${s.draft.values[OFFICE] as string}、扫描笔`.replace('传真机、', ''))
    s = edit(s, CONTINGENCY, '８%')
    s = edit(s, PLATFORMS, `${s.draft.values[PLATFORMS] as string}\n政务地图：政务地图平台、地图服务平台`.replace(/^短信平台.*$/m, ''))
    s = editorReducer(s, { kind: 'veto', code: 'art14.no-supervision-cost', value: { on: true } })
    s = editorReducer(s, { kind: 'veto', code: 'art12.no-sharing-interface', value: { on: false } })
    const built = buildRuleSet(base, s.draft)
    expect(built.errors).toEqual({})
    expect(built.ruleSet.compliance.feeRates.contingencyMaxRate).toBe(0.08)
    expect(built.ruleSet.compliance.article3.officeEquipment.keywords).toContain('扫描笔')
    expect(built.ruleSet.vetoes.map((v) => v.code)).toEqual(['art11.adjustment-needs-reapproval', 'art14.no-supervision-cost'])
    expect(diffRuleSets(base, built.ruleSet).map((d) => `${d.where}｜${d.change}`)).toEqual([
      '版本 › 新版本号｜“2026.12.2-默认” → “2027.01-修订”',
      '第三条 不列入申报范畴 › （一）办公设备与通用软件：关键词｜新增：扫描笔；删除：传真机',
      '费率 › 预备费上限（占其他费用，%）｜5% → 8%',
      '共性平台（重复建设） › 共性平台清单｜新增平台“政务地图”：政务地图平台、地图服务平台',
      '共性平台（重复建设） › 共性平台清单｜删除平台“短信平台”',
      '否决项 › 第十四条 没有监理费｜设为否决：第十四条：项目须实行工程监理制',
      '否决项 › 第十二条 没有数据共享｜不再否决'
    ])
  })

  it('puts every problem at its field in Chinese, and keeps what was typed', () => {
    const base = defaultRuleSet()
    let s = editorStart(base)
    s = edit(s, OFFICE, ' 、 ')
    s = edit(s, CONTINGENCY, '五')
    s = edit(s, 'compliance.feeRates.integrationMaxRate', '120')
    s = edit(s, 'compliance.article11.reapprovalThreshold', '0')
    s = edit(s, PLATFORMS, '统一身份认证：统一身份认证\n没有冒号的一行')
    s = edit(s, 'compliance.feeRates.integrationBaseCategories', [])
    s = editorReducer(s, { kind: 'veto', code: 'fee.integration-rate', value: { on: true, reason: ' ' } })
    const { errors } = buildRuleSet(base, s.draft)
    expect(errors).toEqual({
      version: '修改后的规则集须使用新的版本号',
      [OFFICE]: '至少需要 1 项',
      [CONTINGENCY]: '请填写百分数，如 5 或 2.5',
      'compliance.feeRates.integrationMaxRate': '应大于 0 且不超过 100',
      'compliance.article11.reapprovalThreshold': '应大于 0 且不超过 100',
      [PLATFORMS]: '第 2 行缺少“：”（格式：平台名称：关键词、关键词）',
      'compliance.feeRates.integrationBaseCategories': '至少需要 1 项',
      'vetoes.fee.integration-rate': '否决理由不能为空'
    })
    expect(s.draft.values[CONTINGENCY]).toBe('五')
    const emptyKeywords = buildRuleSet(base, edit(s, PLATFORMS, '统一身份认证：、').draft).errors[PLATFORMS]
    expect(emptyKeywords).toBe('第 1 个平台关键词至少需要 1 项')
  })

  it('places the backend’s refusal issues at their fields', () => {
    const sent = defaultRuleSet()
    expect(
      fieldErrorsOf(sent, [
        { path: 'version', message: '修改后的规则集须使用新的版本号' },
        { path: 'compliance.sharedPlatforms.platforms[1].name', message: '不能为空' },
        { path: 'vetoes[1].reason', message: '不能为空' },
        { path: 'categories[0].keywords', message: '至少需要 1 项' }
      ])
    ).toEqual({
      version: '修改后的规则集须使用新的版本号',
      [PLATFORMS]: '第 2 个平台名称不能为空',
      'vetoes.art11.adjustment-needs-reapproval': '否决理由不能为空',
      '': 'categories[0].keywords：至少需要 1 项'
    })
  })

  it('undoes unsaved edits one step at a time (typing in one field is one step) and discards them all', () => {
    const base = defaultRuleSet()
    let s = editorStart(base)
    expect(editorReducer(s, { kind: 'undo' })).toBe(s)
    s = edit(s, CONTINGENCY, '6')
    s = edit(s, CONTINGENCY, '65')
    s = edit(s, OFFICE, '甲')
    s = editorReducer(s, { kind: 'veto', code: 'art14.no-supervision-cost', value: { on: true } })
    expect(s.undo).toHaveLength(3)
    s = editorReducer(s, { kind: 'undo' })
    expect(s.draft.vetoes['art14.no-supervision-cost'].on).toBe(false)
    s = editorReducer(s, { kind: 'undo' })
    expect(s.draft.values[OFFICE]).toBe(draftOf(base).values[OFFICE])
    expect(s.draft.values[CONTINGENCY]).toBe('65')
    s = editorReducer(s, { kind: 'undo' })
    expect(s.draft).toEqual(draftOf(base))
    s = edit(edit(s, OFFICE, '乙'), CONTINGENCY, '7')
    expect(editorReducer(s, { kind: 'discard' })).toEqual(editorStart(base))
    for (let i = 0; i < UNDO_LIMIT + 20; i++) s = edit(s, i % 2 ? OFFICE : CONTINGENCY, String(i))
    expect(s.undo).toHaveLength(UNDO_LIMIT)
  })
})
