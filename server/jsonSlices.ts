/**
 * Parsing a large push body without holding the event loop (issue 15 item 5). `JSON.parse` of an 8 MB body takes
 * 50–200 ms in one piece; a push body is `{"changes": [ … ]}`, so it is cut into its array's elements by a scanner
 * that knows strings and nesting (a bounded loop over the text, yielding every SCAN_CHARS characters), and the
 * elements are parsed a slice at a time. A large body of any other shape is refused without being parsed.
 */
const SCAN_CHARS = 64 * 1024
const PARSE_ELEMENTS = 200
/** Bodies up to this size are parsed in one piece (well under a millisecond per 10 KB). */
export const SMALL_BODY = 128 * 1024

const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve))

/** Thrown for text that is not JSON of the expected shape. */
export class BodyShapeError extends Error {}

/** The [start, end) ranges of the top-level elements of the JSON array text[from, to) (its brackets excluded). */
async function elementRanges(text: string, from: number, to: number): Promise<[number, number][]> {
  const out: [number, number][] = []
  let depth = 0
  let inString = false
  let start = -1
  let breathe = from + SCAN_CHARS
  for (let i = from; i < to; i++) {
    if (i >= breathe) {
      await yieldToOthers()
      breathe = i + SCAN_CHARS
    }
    const ch = text.charCodeAt(i)
    if (inString) {
      if (ch === 0x5c) i++ // backslash: skip the escaped character
      else if (ch === 0x22) inString = false
      continue
    }
    if (ch === 0x22) inString = true
    else if (ch === 0x7b || ch === 0x5b) depth++
    else if (ch === 0x7d || ch === 0x5d) {
      if (--depth < 0) throw new BodyShapeError('unbalanced')
    } else if (ch === 0x2c && depth === 0) {
      if (start < 0) throw new BodyShapeError('empty element')
      out.push([start, i])
      start = -1
      continue
    }
    if (start < 0 && ch !== 0x20 && ch !== 0x0a && ch !== 0x0d && ch !== 0x09) start = i
  }
  if (inString || depth !== 0) throw new BodyShapeError('unterminated')
  if (start >= 0) out.push([start, to])
  else if (out.length > 0) throw new BodyShapeError('trailing comma')
  return out
}

const HEAD = /^\s*\{\s*"(\w+)"\s*:\s*\[/
const TAIL = /\]\s*\}\s*$/

/**
 * `{"<key>": [ … ]}` parsed element by element, yielding between slices; small bodies in one piece. Throws
 * BodyShapeError (or SyntaxError from an element) for anything else.
 */
export async function parseArrayBody(text: string, key: string): Promise<unknown> {
  if (text.length <= SMALL_BODY) return JSON.parse(text) as unknown
  const head = HEAD.exec(text.slice(0, 200))
  const tail = TAIL.exec(text.slice(-200))
  if (!head || head[1] !== key || !tail) throw new BodyShapeError('shape')
  const ranges = await elementRanges(text, head[0].length, text.length - tail[0].length)
  const items: unknown[] = []
  for (let i = 0; i < ranges.length; i += PARSE_ELEMENTS) {
    if (i > 0) await yieldToOthers()
    const slice = ranges.slice(i, i + PARSE_ELEMENTS).map(([a, b]) => text.slice(a, b))
    items.push(...(JSON.parse(`[${slice.join(',')}]`) as unknown[]))
  }
  return { [key]: items }
}
