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
    /** Crypto measures: a plan "by substance" when the budget also carries the 密评. */
    cryptoDesignKeywords: string[]
    /** Words that, before a keyword in the same sentence, negate it. */
    negations: string[]
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
  operations: {
    /** Lines of these categories (or with these keywords in their name) are 运维/维保 services. */
    categories: BudgetCategory[]
    keywords: string[]
    /** Things bought for operations, not operations services (运维堡垒机, 运维审计系统). */
    exclude: string[]
    /** Lines that say the service lies inside the construction period are not findings. */
    withinConstruction: string[]
    severity: FindingSeverity
  }
  sharedPlatforms: {
    /** The city's shared platforms a project must reuse, not rebuild (第一、二、十二、十六条). */
    platforms: { name: string; keywords: string[] }[]
    /** A line that only connects to a platform (对接, 接入…) is reuse, not rebuilding. */
    reuseWords: string[]
    severity: FindingSeverity
  }
}

const warning: FindingSeverity = 'warning'

/** Defaults from 三明市市级政务信息化项目建设管理办法 and common practice; every value is editable. */
export function defaultComplianceConfig(): ComplianceConfig {
  return {
    article3: {
      officeEquipment: {
        keywords: [
          '桌面终端', '桌面办公', '办公电脑', '台式机', '台式电脑', '台式计算机', '笔记本电脑', '便携式计算机', '办公终端',
          '打印机', '复印机', '多功能一体机', '传真机', '碎纸机', '投影仪', '办公软件', '通用办公', 'office', 'wps',
          '扫描仪', '液晶显示器', '显示器', '平板电脑', 'ipad', '一体机电脑', '台式一体机',
          // Usual names in 可研 budgets: thin clients, desk peripherals, consumables, cameras and meeting-room boards.
          '瘦客户机', '云终端', '装订机', '考勤机', '移动硬盘', 'u盘', '硒鼓', '墨盒', '打印耗材', '办公家具', '办公桌椅',
          '数码相机', '照相机', '录音笔', '会议平板', '电子白板'
        ],
        exclude: ['云桌面服务', '证照打印', '自助终端'],
        excludeCategories: [],
        severity: warning
      },
      buildingIntelligence: {
        keywords: ['智能建筑', '建筑智能化', '楼宇智能化', '楼宇自控', '门禁', '综合布线', '弱电工程', '弱电智能化', '停车管理系统',
          '楼宇对讲', '智能照明', '装饰装修', '室内装修', '装修工程', '扩声系统'],
        exclude: [],
        excludeCategories: [],
        severity: warning
      },
      professionalEquipment: {
        keywords: [
          '专业设备', '科研设备', '科研仪器', '实验设备', '实验室设备', '检测仪器', '监测仪器', '检验设备', '医疗设备', '测绘仪器',
          '执法记录仪', '无人机', '执法终端', '对讲机', '警用装备', '测速仪', '酒精检测仪', '水质监测站', '气象站',
          '执法仪', '全站仪', 'gnss接收机', '水准仪', '光谱仪', '色谱仪', '质谱仪', '显微镜', '分析仪', '采样器', '气体检测仪', '红外测温仪',
          '热成像仪', '单兵设备', '布控球'
        ],
        exclude: [],
        excludeCategories: [],
        severity: warning
      }
    },
    article7: {
      elements: [
        { key: 'basis', label: '建设依据', keywords: ['建设依据', '编制依据', '项目依据', '政策依据', '依据文件', '背景及依据'] },
        { key: 'goals', label: '建设目标', keywords: ['建设目标', '项目目标', '总体目标'] },
        { key: 'users', label: '使用对象', keywords: ['使用对象', '用户对象', '服务对象', '用户分析', '系统用户', '用户群体', '服务群体'] },
        { key: 'process', label: '业务流程', keywords: ['业务流程', '办理流程', '工作流程', '业务梳理'] },
        { key: 'content', label: '建设内容', keywords: ['建设内容', '建设任务', '建设规模'] },
        { key: 'functions', label: '功能应用', keywords: ['功能应用', '功能设计', '系统功能', '功能模块', '应用功能', '功能需求'] },
        { key: 'security', label: '安全可靠情况', keywords: ['安全可靠', '安全方案', '安全设计', '安全保障', '安全体系', '信创', '国产化替代', '国产化适配', '自主可控'] },
        { key: 'data', label: '数据资源开发利用', keywords: ['数据资源开发利用', '数据开发利用', '数据资源'] },
        { key: 'investment', label: '投资概算', keywords: ['投资概算', '投资估算', '概算'] }
      ],
      severity: warning
    },
    article11: { reapprovalThreshold: 0.1 },
    article12: {
      selfBuiltInfrastructure: {
        keywords: [
          '服务器', '存储', '磁盘阵列', '光纤交换机', '存储交换机', 'san交换机', '机房', '精密空调', '机房空调', 'UPS', '不间断电源', '蓄电池',
          '机柜', '配电柜', '动力环境', '超融合', '备份一体机', '数据库一体机', '虚拟化平台硬件',
          // The rest of a machine room and the boxes that only serve self-built servers.
          '磁带库', '光盘库', 'kvm', '列头柜', '精密配电', '柴油发电机', '发电机组', '防静电地板', '静电地板', '机房消防', '气体灭火', '冷通道',
          '动环监控', '负载均衡设备', '负载均衡器'
        ],
        // Not 政务云 as a bare word: "托管于政务云机房" does not make a bought server a cloud resource (the
        // category 云资源租赁 does the excluding).
        exclude: ['云服务器', '云存储', '云主机', '对象存储服务', '租赁', '租用', '服务器密码机', '存储过程'],
        excludeCategories: [
          '云资源租赁', '密码', '应用软件开发', '软件购置', '监理', '等保测评', '密评', '第三方测试', '可研编制/咨询', '培训', '运维/维保', '预备费'
        ],
        severity: warning
      },
      sharingKeywords: ['共享接口', '数据共享', '共享交换', '汇聚共享', '数据接口', '接口服务', '共享平台', '数据汇聚', '数据交换', '交换共享', '数据回流', '共享开放', '公共数据平台'],
      severity: warning
    },
    article14: {
      supervision: { categories: ['监理'], keywords: ['监理'], severity: warning }
    },
    article15: {
      // Matched on the text with every whitespace removed (a PDF line break may split 等级保护 / 第三级).
      mlpsGradePatterns: [
        '(等级保护|等保|安全保护等级|保护等级|等保定级)[^。；]{0,20}(第?[一二三四五12345]级)',
        '(第?[一二三四五12345]级)[^。；]{0,10}(等级保护|等保|安全保护)',
        '定级(为|是|结果为)?[^。；]{0,8}[一二三四五12345]级',
        'S[1-5]A[1-5]G[1-5]'
      ],
      mlpsTestCost: {
        categories: ['等保测评'],
        keywords: ['等保测评', '等级保护测评', '等级测评', '等保测试', '等级保护测试', '等保评测', '等级保护评测', '等保评估', '等级保护评估'],
        severity: warning
      },
      // A plan, in any of its usual words (the article's own included); a sentence that negates it
      // ("暂不开展密码应用方案编制") does not count.
      cryptoPlanKeywords: [
        '密码应用方案', '商用密码应用方案', '密码应用设计', '密码应用建设方案', '密码保障系统', '密码应用技术框架', '同步规划、同步建设、同步运行密码',
        '密码应用基本要求', '39786', '密码应用解决方案', '密码建设方案', '商用密码应用建设方案'
      ],
      // Crypto measures described without a plan count as a plan only together with a 密评 cost in the budget.
      cryptoDesignKeywords: [
        '国产密码算法', '国密算法', 'sm2', 'sm3', 'sm4', '商用密码产品', '密码服务平台', '签名验签', '密码机', '密钥管理', 'sm9', '国密', '数字证书', '密码服务'
      ],
      negations: ['暂不', '不开展', '不涉及', '未编制', '未开展', '无需', '不需要', '不编制', '尚未', '不考虑', '后续另行', '不纳入', '暂未', '未涉及', '无须', '不再'],
      cryptoAssessmentCost: {
        categories: ['密评'],
        keywords: ['密评', '密码应用安全性评估', '密码测评', '密码应用测评', '商密测评', '商用密码测评', '密码安全性评估', '密码应用评估'],
        severity: warning
      },
      thirdPartyTestCost: {
        categories: ['第三方测试'],
        keywords: [
          '第三方测试', '第三方测评', '第三方检测', '软件测评', '软件测试', '软件评测', '系统测评', '验收测评', '功能性能测试', '符合性测试', '第三方评测',
          '确认测试', '验收检测', '软件检测', '系统检测', '质量评测', '性能测试', '压力测试'
        ],
        severity: warning
      },
      severity: warning
    },
    arithmetic: { severity: warning, declaredTotalSeverity: warning },
    feeRates: {
      contingencyMaxRate: 0.05,
      integrationMaxRate: 0.08,
      // Security and crypto hardware and software are integrated too.
      integrationBaseCategories: ['硬件购置', '软件购置', '安全', '密码'],
      severity: warning
    },
    dataLists: { severity: warning },
    operations: {
      categories: ['运维/维保'],
      keywords: ['运维', '运行维护', '维保', '维护服务', '延保', '原厂服务', '驻场服务', '巡检服务', '续保', '维修保养'],
      exclude: ['堡垒机', '运维审计', '运维管理系统', '运维管理平台', '运维监控系统', '运维平台开发', '运维工具'],
      withinConstruction: ['建设期内', '试运行期', '试运行', '质保期内免费', '免费质保', '含在', '包含在'],
      severity: warning
    },
    sharedPlatforms: {
      platforms: [
        { name: '统一身份认证', keywords: ['统一身份认证', '身份认证平台', '统一认证平台', '单点登录平台', '统一用户中心', '统一认证中心', '统一身份管理平台', '统一用户管理平台'] },
        { name: '电子证照', keywords: ['电子证照库', '电子证照系统', '电子证照平台', '证照库建设'] },
        { name: '电子印章', keywords: ['电子印章系统', '电子印章平台', '电子签章平台', '电子签章系统', '电子印章管理系统'] },
        { name: '数据共享交换（市公共数据汇聚共享平台）', keywords: ['数据共享交换平台', '共享交换平台', '数据交换平台', '数据汇聚共享平台', '数据中台', '公共数据资源平台', '数据共享平台'] },
        { name: '短信平台', keywords: ['短信平台', '短信网关', '短信服务平台'] },
        { name: '视频共享', keywords: ['视频共享平台', '视频汇聚平台', '视频云平台', '视频联网平台', '视频资源共享平台', '视频融合平台'] },
        { name: '时空地理', keywords: ['时空地理', '时空信息云平台', '地理信息公共平台', 'gis平台', '地理信息平台', '一张图平台', '时空大数据平台', '地理信息服务平台'] },
        { name: '统一支付', keywords: ['统一支付平台', '公共支付平台', '非税支付平台'] },
        { name: '统一消息', keywords: ['统一消息平台', '消息推送平台', '统一消息中心'] },
        { name: '好差评', keywords: ['好差评系统', '好差评平台'] },
        { name: '公共信用信息平台', keywords: ['公共信用信息平台', '信用信息共享平台', '信用信息平台'] },
        { name: '政务区块链', keywords: ['区块链服务平台', '政务区块链平台', '区块链基础平台'] },
        { name: '物联感知平台', keywords: ['物联网感知平台', '物联感知平台', '城市物联网平台'] },
        { name: '城市大脑', keywords: ['城市大脑', '城市运行管理平台'] }
      ],
      reuseWords: ['对接', '接入', '调用', '复用', '利用', '集成', '适配', '联调', '共享使用', '扩展'],
      severity: warning
    }
  }
}
