import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../../tests/helpers/tmp'
import { DERIVED_TABLES, REPLICATED_TABLES, isReplicatedTable } from '../../../../shared/sync/tables'
import { closeDb, openDb } from '../connection'
import { migrate } from '../migrator'

const PACKAGE_TABLES = ['packages', 'package_files', 'package_documents', 'document_pages', 'budget_lines', 'data_list_rows', 'findings', 'document_notes'] as const

describe('migration 0003_packages', () => {
  it('adds the package tables to a database with data, leaving that data alone', async () => {
    const db = openDb(path.join(tempDir('m3'), 'db.sqlite'))
    await migrate(db, { target: '0002_review' })
    const s = db.sqlite
    s.prepare("INSERT INTO rubrics (id, name, version, definition) VALUES ('r', 'r', 1, '{}')").run()
    s.prepare("INSERT INTO meetings (id, name, date, rubric_id, created_at) VALUES ('m', 'm', '2026-12-01', 'r', 'x')").run()
    s.prepare("INSERT INTO projects (id, meeting_id, name, declared_investment) VALUES ('p', 'm', '项目', 12.5)").run()
    s.prepare("INSERT INTO experts (id, meeting_id, name) VALUES ('e', 'm', '专家')").run()
    expect(await migrate(db, { target: '0003_packages' })).toEqual(['0003_packages'])
    expect(s.prepare("SELECT name, declared_investment FROM projects WHERE id = 'p'").get()).toEqual({ name: '项目', declared_investment: 12.5 })

    s.prepare("INSERT INTO packages (id, project_id, sha256, imported_at) VALUES ('k', 'p', 'ab', 'x')").run()
    s.prepare("INSERT INTO package_documents (id, project_id, package_id, path, format, sha256) VALUES ('d', 'p', 'k', 'a.pdf', 'pdf', 'cd')").run()
    s.prepare("INSERT INTO budget_lines (id, project_id, package_id, line_key, name, amount) VALUES ('p|r5', 'p', 'k', 'r5', '服务器', 3.5)").run()
    s.prepare("INSERT INTO document_notes (id, expert_id, project_id, document_id, page, text, created_at, updated_at) VALUES ('n', 'e', 'p', 'd', 3, '注意', 'x', 'x')").run()
    // Constraints: unknown kinds and severities are refused, references must exist.
    expect(() => s.prepare("INSERT INTO budget_lines (id, project_id, package_id, line_key, kind) VALUES ('x', 'p', 'k', 'r6', 'other')").run()).toThrow(/CHECK/)
    expect(() => s.prepare("INSERT INTO findings (id, project_id, package_id, finding_key, code, severity) VALUES ('f', 'p', 'k', 'a', 'c', 'fatal')").run()).toThrow(/CHECK/)
    expect(() => s.prepare("INSERT INTO packages (id, project_id, sha256, imported_at) VALUES ('k2', 'nope', 'ab', 'x')").run()).toThrow(/FOREIGN KEY/)
    expect(() => s.prepare("INSERT INTO document_notes (id, expert_id, project_id, document_id, created_at, updated_at) VALUES ('n2', 'e', 'p', 'nope', 'x', 'x')").run()).toThrow(/FOREIGN KEY/)
    expect(() => s.prepare("INSERT INTO budget_lines (id, project_id, package_id, line_key, amount) VALUES ('y', 'p', 'k', 'r7', 'many')").run()).toThrow()
    closeDb(db)
  })

  it('has every column the sync registry names for the replicated package tables; the derived ones are not replicated', async () => {
    const db = openDb(path.join(tempDir('m3b'), 'db.sqlite'))
    await migrate(db)
    for (const table of PACKAGE_TABLES) {
      const cols = (db.sqlite.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name)
      expect(cols).toContain('id')
      if (DERIVED_TABLES.includes(table)) {
        expect(isReplicatedTable(table), table).toBe(false)
        continue
      }
      if (!isReplicatedTable(table)) throw new Error(`${table} is neither replicated nor derived`)
      for (const col of Object.keys(REPLICATED_TABLES[table])) expect(cols, `${table}.${col}`).toContain(col)
    }
    expect([...DERIVED_TABLES].sort()).toEqual(['budget_lines', 'data_list_rows', 'document_pages', 'findings', 'package_documents'])
    closeDb(db)
  })
})
