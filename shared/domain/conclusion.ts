/** The three conclusions of an expert or panel opinion. */
export const CONCLUSIONS = ['pass', 'revise', 'reject'] as const
export type Conclusion = (typeof CONCLUSIONS)[number]

export const CONCLUSION_LABELS: Record<Conclusion, string> = {
  pass: '同意通过',
  revise: '修改完善后通过',
  reject: '不予通过'
}
