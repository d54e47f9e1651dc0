import type { BudgetCategory } from '../budget/types'
import type { FindingSeverity } from './types'

/** Keywords that mark a budget line (matched in name and spec, case and space insensitive). */
export interface KeywordRule {
  keywords: string[]
  /** Lines that contain any of these are not hits (e.g. 云服务器 is rented, not a self-built server). */
  exclude: string[]
  /** Lines in these categories are never hits. */
  excludeCategories: BudgetCategory[]
  severity: FindingSeverity
}

/** A required element of the main document (第七条), found when any keyword occurs in its text. */
export interface DocumentElement {
  key: string
  label: string
  keywords: string[]
}

/** A cost the package must carry: present when a line has one of the categories or keywords. */
export interface RequiredCost {
  categories: BudgetCategory[]
  keywords: string[]
  severity: FindingSeverity
}

export interface ComplianceConfig {
  article3: {
    officeEquipment: KeywordRule
    buildingIntelligence: KeywordRule
    professionalEquipment: KeywordRule
  }
  article7: {
    elements: DocumentElement[]
    severity: FindingSeverity
  }
  article11: {
    /** Above this fraction over the approved estimate the project must be re-approved. */
    reapprovalThreshold: number
  }
  article12: {
    selfBuiltInfrastructure: KeywordRule
    /** Any of these in the documents or budget counts as a data-sharing interface. */
    sharingKeywords: string[]
    severity: FindingSeverity
  }
  article14: { supervision: RequiredCost }
  article15: {
    /** Regular expression sources: an 等保 grade named in the documents. */
    mlpsGradePatterns: string[]
    mlpsTestCost: RequiredCost
    cryptoPlanKeywords: string[]
    cryptoAssessmentCost: RequiredCost
    thirdPartyTestCost: RequiredCost
    severity: FindingSeverity
  }
  arithmetic: { severity: FindingSeverity; declaredTotalSeverity: FindingSeverity }
  feeRates: {
    /** 预备费 ≤ this fraction of all other costs. */
    contingencyMaxRate: number
    /** 系统集成 ≤ this fraction of the base categories. */
    integrationMaxRate: number
    integrationBaseCategories: BudgetCategory[]
    severity: FindingSeverity
  }
  dataLists: { severity: FindingSeverity }
}

const warning: FindingSeverity = 'warning'

/** Defaults from 三明市市级政务信息化项目建设管理办法 and common practice; every value is editable. */
export function defaultComplianceConfig(): ComplianceConfig {
  return {
    article3: {
      officeEquipment: {
        keywords: [
          '桌面终端', '桌面办公', '办公电脑', '台式机', '台式电脑', '台式计算机', '笔记本电脑', '便携式计算机', '办公终端',
          '打印机', '复印机', '多功能一体机', '传真机', '碎纸机', '投影仪', '办公软件', '通用办公', 'office', 'wps'
        ],
        exclude: ['云桌面服务', '证照打印', '自助终端'],
        excludeCategories: [],
        severity: warning
      },
      buildingIntelligence: {
        keywords: ['智能建筑', '建筑智能化', '楼宇智能化', '楼宇自控', '门禁', '综合布线', '弱电工程', '弱电智能化', '停车管理系统'],
        exclude: [],
        excludeCategories: [],
        severity: warning
      },
      professionalEquipment: {
        keywords: ['专业设备', '科研设备', '科研仪器', '实验设备', '实验室设备', '检测仪器', '监测仪器', '检验设备', '医疗设备', '测绘仪器'],
        exclude: [],
        excludeCategories: [],
        severity: warning
      }
    },
    article7: {
      elements: [
        { key: 'basis', label: '建设依据', keywords: ['建设依据', '编制依据', '项目依据', '政策依据'] },
        { key: 'goals', label: '建设目标', keywords: ['建设目标', '项目目标', '总体目标'] },
        { key: 'users', label: '使用对象', keywords: ['使用对象', '用户对象', '服务对象', '用户分析', '系统用户'] },
        { key: 'process', label: '业务流程', keywords: ['业务流程'] },
        { key: 'content', label: '建设内容', keywords: ['建设内容'] },
        { key: 'functions', label: '功能应用', keywords: ['功能应用', '功能设计', '系统功能', '功能模块', '应用功能'] },
        { key: 'security', label: '安全可靠情况', keywords: ['安全可靠', '安全方案', '安全设计', '安全保障', '安全体系'] },
        { key: 'data', label: '数据资源开发利用', keywords: ['数据资源开发利用', '数据开发利用', '数据资源'] },
        { key: 'investment', label: '投资概算', keywords: ['投资概算', '投资估算', '概算'] }
      ],
      severity: warning
    },
    article11: { reapprovalThreshold: 0.1 },
    article12: {
      selfBuiltInfrastructure: {
        keywords: [
          '服务器', '存储', '磁盘阵列', '光纤交换机', '机房', '精密空调', '机房空调', 'UPS', '不间断电源', '蓄电池', '机柜', '配电柜', '动力环境'
        ],
        exclude: ['云服务器', '云存储', '云主机', '政务云', '对象存储服务', '租赁', '租用', '服务器密码机', '存储过程'],
        excludeCategories: ['云资源租赁', '密码', '应用软件开发', '监理', '等保测评', '密评', '第三方测试', '可研编制/咨询', '培训', '预备费'],
        severity: warning
      },
      sharingKeywords: ['共享接口', '数据共享', '共享交换', '汇聚共享', '数据接口', '接口服务', '共享平台', '数据汇聚'],
      severity: warning
    },
    article14: {
      supervision: { categories: ['监理'], keywords: ['监理'], severity: warning }
    },
    article15: {
      mlpsGradePatterns: [
        '(等级保护|等保)[^。\\n]{0,20}(第?[一二三四五12345]级)',
        '(第?[一二三四五12345]级)[^。\\n]{0,10}(等级保护|等保)',
        '定级为?[^。\\n]{0,6}[一二三四五12345]级'
      ],
      mlpsTestCost: { categories: ['等保测评'], keywords: ['等保测评', '等级保护测评', '等级测评'], severity: warning },
      cryptoPlanKeywords: ['密码应用方案', '商用密码应用方案', '密码应用设计'],
      cryptoAssessmentCost: { categories: ['密评'], keywords: ['密评', '密码应用安全性评估'], severity: warning },
      thirdPartyTestCost: { categories: ['第三方测试'], keywords: ['第三方测试', '软件测评', '软件测试'], severity: warning },
      severity: warning
    },
    arithmetic: { severity: warning, declaredTotalSeverity: warning },
    feeRates: {
      contingencyMaxRate: 0.05,
      integrationMaxRate: 0.08,
      integrationBaseCategories: ['硬件购置', '软件购置'],
      severity: warning
    },
    dataLists: { severity: warning }
  }
}
