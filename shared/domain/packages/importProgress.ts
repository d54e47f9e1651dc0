/**
 * The stages of importing a package, with their Chinese labels and their share of the progress bar. Pure, shared by
 * the backend (job progress), the CLI and the UI.
 */
export type ImportStage = 'open' | 'manifest' | 'budget' | 'dataLists' | 'documents' | 'rules' | 'store' | 'commit' | 'done'

const STAGES: Record<ImportStage, { label: string; from: number; to: number }> = {
  open: { label: '解压并校验申报包', from: 0, to: 0.12 },
  manifest: { label: '读取 manifest.json', from: 0.12, to: 0.15 },
  budget: { label: '解析投资概算表', from: 0.15, to: 0.35 },
  dataLists: { label: '读取数据目录与数据需求清单', from: 0.35, to: 0.4 },
  documents: { label: '提取文档文字', from: 0.4, to: 0.75 },
  rules: { label: '合规检查', from: 0.75, to: 0.8 },
  store: { label: '保存文件', from: 0.8, to: 0.9 },
  commit: { label: '写入数据库', from: 0.9, to: 0.99 },
  done: { label: '完成', from: 1, to: 1 }
}

export function importStageLabel(stage: ImportStage): string {
  return STAGES[stage].label
}

/** Overall fraction (0..1) for a stage and the steps done within it. */
export function importFraction(stage: ImportStage, done: number, total: number): number {
  const s = STAGES[stage]
  const within = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0
  return s.from + (s.to - s.from) * within
}

export function isImportStage(stage: string): stage is ImportStage {
  return Object.prototype.hasOwnProperty.call(STAGES, stage)
}
