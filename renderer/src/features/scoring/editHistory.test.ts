import { describe, expect, it } from 'vitest'
import { emptyHistory, HISTORY_LIMIT, record, redo, undo, type Edit } from './editHistory'

const score = (itemId: string, before: number | null, after: number | null): Edit => ({ kind: 'score', itemId, before: { value: before, na: false }, after: { value: after, na: false } })

describe('undo and redo of the scoring form', () => {
  it('undoes the last edit by applying its inverse, and redoes it', () => {
    let h = record(record(emptyHistory(), score('a', null, 6)), score('a', 6, 7))
    const u = undo(h)!
    expect(u.apply).toEqual(score('a', 7, 6))
    h = u.history
    const r = redo(h)!
    expect(r.apply).toEqual(score('a', 6, 7))
    expect(r.history.undo.length).toBe(2)
  })
  it('a new edit clears what could be redone; nothing to undo gives null', () => {
    let h = record(emptyHistory(), { kind: 'conclusion', before: null, after: 'pass' })
    h = undo(h)!.history
    expect(h.redo.length).toBe(1)
    h = record(h, { kind: 'opinion', dimensionId: 'd', before: '', after: '意见' })
    expect(h.redo).toEqual([])
    expect(undo(emptyHistory())).toBeNull()
    expect(redo(emptyHistory())).toBeNull()
  })
  it('keeps at most HISTORY_LIMIT edits', () => {
    let h = emptyHistory()
    for (let i = 0; i < HISTORY_LIMIT + 20; i++) h = record(h, score('a', i, i + 1))
    expect(h.undo.length).toBe(HISTORY_LIMIT)
    expect(h.undo[0]).toEqual(score('a', 20, 21))
  })
})
