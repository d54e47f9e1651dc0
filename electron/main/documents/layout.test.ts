/**
 * Issue 10 item 6 in the documents' XML (the rendered pages are checked in render.test.ts): the 评分汇总表 turns to
 * landscape when its table is wide, the panel opinion is dated by its last signature with the date 右空二字, 评审过程
 * names the meeting's organiser, and each expert's total 核定 is shown; and the export's check of written files.
 */
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../tests/helpers/tmp'
import { closeDb, openDb } from '../db/connection'
import { migrate } from '../db/migrator'
import { gatherProjects } from '../services/documents'
import { buildDocument } from '../services/documentBuild'
import { runExport } from '../services/documentExport'
import { parseRubric } from '../../../shared/domain/rubric'
import { readDocxView } from './docxRead'
import { buildPanelOpinionDocx } from './panelOpinion'
import { formatDate, PARAGRAPH } from './style'
import { DEFAULT_RUBRIC, FIXTURE_ORGANISER, makeFixture } from '../../../tests/kits/documents/testData'
import { seedSignedMeeting } from '../../../tests/kits/documents/testDb'
import { figuresOf, part } from '../../../tests/kits/documents/testUtil'
import { verifyDocx } from './verify'

/** The default rubric with 投资概算 split in two: six dimensions. */
const SIX_DIMENSIONS = parseRubric({
  ...DEFAULT_RUBRIC,
  id: 'six-dims',
  dimensions: [
    ...DEFAULT_RUBRIC.dimensions.slice(0, 4),
    { id: 'budget', name: '投资概算', article: 8, points: 15, items: [{ id: 'bud.complete', name: '构成完整', points: 5 }, { id: 'bud.software', name: '软件工作量', points: 10 }] },
    { id: 'ops', name: '运维与费率', article: 8, points: 10, items: [{ id: 'ops.quote', name: '询价依据', points: 5 }, { id: 'ops.rates', name: '费率', points: 5 }] }
  ]
})

async function seeded(name: string, rubric = DEFAULT_RUBRIC) {
  const db = openDb(path.join(tempDir(name), 'db.sqlite'))
  await migrate(db)
  const m = seedSignedMeeting(db, { projects: 1, experts: 3, budgetLines: 5, rubric })
  return { db, m, snap: gatherProjects(db, m.meetingId)[0]! }
}

describe('layout facts in the XML', () => {
  it('the 评分汇总表 is landscape with six dimensions and portrait with five; both verify', async () => {
    for (const [rubric, landscape] of [
      [DEFAULT_RUBRIC, false],
      [SIX_DIMENSIONS, true]
    ] as const) {
      const { db, snap } = await seeded(`wide-${rubric.id}`, rubric)
      const bytes = await buildDocument(snap, 'score-summary')
      expect(part(bytes, 'word/document.xml').includes('w:orient="landscape"'), rubric.id).toBe(landscape)
      expect((await verifyDocx(bytes, { registeredFingerprints: Object.fromEntries(snap.fingerprints) })).status).toBe('有效')
      closeDb(db)
    }
  })

  it('the panel opinion is dated by its last signature, 右空二字, and names the organiser and each expert’s 核定', async () => {
    const f = makeFixture({ experts: 3, signLeader: true })
    const bytes = await buildPanelOpinionDocx(f.panelInput)
    const data = { figures: await figuresOf(bytes) }
    const date = data.figures.find((x) => x.key === 'opinion.date')!
    expect(date.value).toBe(formatDate(f.panelInput.leaderPayload!.signedAt))
    const xml = part(bytes, 'word/document.xml')
    const anchor = date.anchors[0]!
    const para = new RegExp(`<w:p>(?:(?!</w:p>).)*?w:name="${anchor}"`).exec(xml)![0]
    expect(para).toContain(`<w:ind w:right="${PARAGRAPH.firstLineIndentTwips}"/>`)
    expect(para).toContain('<w:jc w:val="right"/>')
    const text = readDocxView(bytes).paragraphs.join('\n')
    expect(text).toContain(`${FIXTURE_ORGANISER}在`)
    expect(text).not.toContain('市发改委（数据管理局）')
    expect(data.figures.filter((x) => x.key.endsWith('.approvedTotal'))).toHaveLength(3)
    expect((await verifyDocx(bytes, { registeredFingerprints: f.registeredFingerprints })).status).toBe('有效')
  })

  it('the export checks each written file against the bytes built, and verifies in full when asked', async () => {
    const { db, m, snap } = await seeded('export-check')
    const scope = { kind: 'project' as const, projectId: m.projectIds[0]! }
    const quick = await runExport([snap], scope, tempDir('quick'))
    expect(quick.failed).toEqual([])
    expect(quick.written.every((w) => w.status === '有效' && w.reason.includes('SHA-256'))).toBe(true)
    const full = await runExport([snap], scope, tempDir('full'), undefined, { fullVerify: true })
    expect(full.written.length).toBe(quick.written.length)
    expect(full.written.every((w) => w.status === '有效' && !w.reason.includes('SHA-256'))).toBe(true)
    closeDb(db)
  })
})
