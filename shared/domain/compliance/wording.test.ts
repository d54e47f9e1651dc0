/** Issue 14: natural wording, the group a line sits in, wrong bases, and the new rules (运维/维保, 重复建设). */
import { describe, expect, it } from 'vitest'
import { classifyLine } from '../budget/classify'
import { runComplianceRules } from './engine'
import { CLEAN_BUDGET_ROWS, contentFromRows, rowIndexOf, withRow } from './testing'
import type { Finding } from './types'

const codes = (fs: Finding[]) => fs.map((f) => f.code)
/** The clean budget with the 国产中间件授权 line (10 万元) replaced. */
const replacing = (name: string, spec: string | null = null) => {
  const rows = withRow(rowIndexOf('国产中间件授权'), [2, name, '项', 1, 10, 10, null])
  if (spec) rows[rowIndexOf('国产中间件授权')]!.splice(2, 0, spec)
  return rows
}
const HARDWARE_GROUP = (lines: [string, string | null][]) => {
  const rows = CLEAN_BUDGET_ROWS.map((r) => [...r])
  const at = rowIndexOf('软件购置')
  rows.splice(at, 3, ['二', '硬件设备购置', null, null, null, 40, null], ...lines.map(([n], i) => [i + 1, n, '项', 1, 40 / lines.length, 40 / lines.length, null]))
  return rows
}

describe('classification: the group before the keywords', () => {
  it('a 数据库服务器 under 硬件设备购置 is hardware; a 维保 line under it is 运维/维保, not 硬件购置', () => {
    expect(classifyLine('数据库服务器', null, '硬件购置')).toBe('硬件购置')
    expect(classifyLine('数据库服务器', null, null)).toBe('硬件购置')
    expect(classifyLine('国产数据库软件', null, '硬件购置')).toBe('硬件购置')
    expect(classifyLine('硬件设备原厂维保（3年）', null, '硬件购置')).toBe('运维/维保')
    expect(classifyLine('服务器', null, '软件购置')).toBe('硬件购置')
    expect(classifyLine('应用服务器', '托管于政务云机房', null)).toBe('硬件购置')
    expect(classifyLine('政务云计算资源租赁', null, null)).toBe('云资源租赁')
  })
})

describe('第十二条: substance, not substrings', () => {
  it('fires on a server "托管于政务云机房" and on 超融合一体机 / 备份一体机', () => {
    for (const name of ['应用服务器（托管于政务云机房）', '超融合一体机', '备份一体机']) {
      expect(codes(runComplianceRules(contentFromRows(replacing(name)))), name).toContain('art12.self-built-infrastructure')
    }
  })

  it('does not fire on purchased software whose spec mentions a server edition', () => {
    const rows = CLEAN_BUDGET_ROWS.map((r) => [...r])
    rows.splice(2, 1, ['序号', '工程或费用名称', '规格', '单位', '数量', '单价', '金额', '备注'])
    for (let i = 3; i < rows.length; i++) rows[i]!.splice(2, 0, null)
    rows[rowIndexOf('国产数据库软件授权')]![2] = '企业版，支持服务器集群部署，含存储过程'
    expect(runComplianceRules(contentFromRows(rows))).toEqual([])
  })
})

describe('第三条 items', () => {
  it('flags 扫描仪, 液晶显示器, 平板电脑 (办公设备) and 执法记录仪, 无人机 (专业设备)', () => {
    const expected: Record<string, string> = {
      高速扫描仪: 'art3.office-equipment',
      '27寸液晶显示器': 'art3.office-equipment',
      平板电脑: 'art3.office-equipment',
      执法记录仪: 'art3.professional-equipment',
      巡查无人机: 'art3.professional-equipment'
    }
    for (const [name, code] of Object.entries(expected)) {
      expect(codes(runComplianceRules(contentFromRows(replacing(name)))), name).toEqual([code])
    }
  })
})

describe('第十五条 third-party testing in its usual names', () => {
  it('accepts 第三方测评, 软件产品测评, 系统功能性能测试 as the third-party test cost', () => {
    for (const name of ['第三方测评费', '软件产品测评费', '系统功能性能测试费']) {
      const rows = withRow(rowIndexOf('第三方软件测试费'), [4, name, '项', 1, 8, 8, null])
      expect(codes(runComplianceRules(contentFromRows(rows))), name).toEqual([])
    }
  })
})

describe('运维/维保 in the construction budget (第四条、第二十条)', () => {
  it('questions 维保 and 运维 lines, with a cut, unless they say 建设期内', () => {
    const rows = HARDWARE_GROUP([['数据库服务器', null], ['硬件设备原厂维保（3年）', null]])
    const findings = runComplianceRules(contentFromRows(rows))
    const ops = findings.filter((f) => f.code === 'art20.operations-in-construction')
    expect(ops).toHaveLength(1)
    expect(ops[0]).toMatchObject({ article: 20, suggestedCut: { amount: 20, reason: '运维/维保不列入建设投资' } })
    expect(ops[0]?.message).toContain('硬件设备原厂维保（3年）')
    const tools = HARDWARE_GROUP([['运维堡垒机', null], ['运维审计系统', null]])
    expect(codes(runComplianceRules(contentFromRows(tools)))).not.toContain('art20.operations-in-construction')
    const within = HARDWARE_GROUP([['数据库服务器', null], ['建设期内运维服务', null]])
    expect(codes(runComplianceRules(contentFromRows(within)))).not.toContain('art20.operations-in-construction')
  })
})

describe('重复建设 of the city’s shared platforms', () => {
  it('questions building 统一身份认证 / 电子印章 / 短信平台; connecting to them is reuse', () => {
    for (const name of ['统一身份认证平台建设', '电子印章系统', '短信平台']) {
      const rows = withRow(rowIndexOf('统一受理门户开发'), [1, name, '人月', 30, 2, 60, null])
      const found = runComplianceRules(contentFromRows(rows)).filter((f) => f.code === 'art12.duplicate-shared-platform')
      expect(found, name).toHaveLength(1)
      expect(found[0]?.suggestedCut).toMatchObject({ amount: 60 })
    }
    const reuse = withRow(rowIndexOf('统一受理门户开发'), [1, '对接市统一身份认证平台', '人月', 30, 2, 60, null])
    expect(runComplianceRules(contentFromRows(reuse))).toEqual([])
  })
})
