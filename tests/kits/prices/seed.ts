/** Test seeding for 价格参考: derived budget lines for a project seeded straight into SQLite. */
import type { Db } from '../../../electron/main/db/connection'

/** Budget lines for a seeded project: every signed line as one 项 at its amount (× `factor` for the unit price). */
export function seedBudgetLines(db: Db, projectId: string, idPrefix: string, lines: { name: string; category: string; amount: number; unit?: string; quantity?: number }[], factor = 1): string[] {
  const s = db.sqlite
  const pkg = `pkg-${projectId}`
  s.prepare("INSERT INTO packages (id, project_id, sha256, imported_at) VALUES (?, ?, 'x', '2026-11-01T00:00:00Z')").run(pkg, projectId)
  const ids: string[] = []
  lines.forEach((l, i) => {
    const id = `${idPrefix}L${String(i + 1).padStart(4, '0')}`
    const qty = l.quantity ?? 1
    const amount = Math.round(l.amount * factor * 100) / 100
    s.prepare(
      "INSERT INTO budget_lines (id, project_id, package_id, line_key, name, unit, quantity, unit_price, amount, kind, category, sort_order) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'item', ?, ?)"
    ).run(id, projectId, pkg, `r${i}`, l.name, l.unit ?? '项', qty, amount / qty, amount, l.category, i)
    ids.push(id)
  })
  return ids
}

// The lines the seeded sheets sign (L0001 …): 城市运行管理平台应用软件开发, …, 数据库软件（国产） (L0005), ….