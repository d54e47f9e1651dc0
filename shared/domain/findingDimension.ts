/**
 * Which scoring dimension a compliance finding belongs beside (the default rubric's dimension ids): the expert
 * sees, next to 安全方案, the findings about 等保 and 密评, and so on.
 */
export interface FindingLike {
  article: number | null
  code: string
  message: string
}

export type DefaultDimensionId = 'tech' | 'security' | 'standards' | 'data' | 'budget'

export function findingDimension(f: FindingLike): DefaultDimensionId {
  switch (f.article) {
    case 15:
    case 22:
      return 'security'
    case 12:
      return f.code.includes('sharing') ? 'standards' : 'tech'
    case 16:
    case 18:
    case 21:
      return 'data'
    case 7:
      return /数据目录|数据需求|数据资源/.test(f.message) ? 'data' : /投资概算/.test(f.message) ? 'budget' : 'tech'
    default:
      return 'budget' // 第三、十一、十四条, arithmetic and fee rates
  }
}
