/** Data shared by the end-to-end tests that set up a meeting from scratch. */
import path from 'node:path'
import { ROOT } from './harness'

/** The three fixture proposal packages (tests/fixtures/packages). */
export const FIXTURE_PACKAGES = ['clean-sanming-12345-hotline', 'messy-mingxi-emergency-yuan-gbk', 'messy-sanyuan-river-merged-header'].map((n) =>
  path.join(ROOT, 'tests/fixtures/packages', `${n}.pdpkg`)
)

/** A panel of five: 姓名, 工作单位, 职称, 专业, 电话. */
export const PANEL: [string, string, string, string, string][] = [
  ['林海峰', '福州大学', '教授', '软件工程', '13905910001'],
  ['陈雪梅', '三明市财政投资评审中心', '高级会计师', '工程造价', '13905910002'],
  ['张立新', '福建省信息安全测评中心', '正高级工程师', '网络安全', '13905910003'],
  ['黄志强', '三明学院', '副教授', '数据科学', '13905910004'],
  ['吴建国', '福建省电子政务建设运营有限公司', '高级工程师', '系统集成', '13905910005']
]
