/**
 * Canonical JSON for signed payloads (see docs/signatures.md, "The canonical form").
 *
 * The rules follow RFC 8785 (JSON Canonicalization Scheme, JCS) with two additions that make the text
 * stable under the ways Chinese text and JavaScript objects are commonly re-encoded:
 *
 *  1. Objects: members are sorted by their (NFC-normalised) names compared as sequences of UTF-16 code
 *     units (the default JavaScript string order, exactly as JCS prescribes). Members whose value is
 *     `undefined` are dropped. Two names that are equal after NFC normalisation are an error.
 *  2. Arrays: elements in their original order. An `undefined` element is an error (JSON has none).
 *  3. Strings (values and member names): normalised to Unicode NFC, then serialised as JSON.stringify does
 *     for well-formed strings: `"` and `\` escaped, U+0000..U+001F escaped as \b \t \n \f \r or \u00xx
 *     (lower-case hex), everything else literal (no \u escapes for non-ASCII). Lone surrogates are an error.
 *  4. Numbers: finite only (NaN and ±Infinity are errors); -0 is written as 0; otherwise the shortest
 *     decimal that round-trips to the same IEEE 754 double, as ECMAScript Number::toString gives it
 *     (e.g. 0.1, 1e21, 1e-7, 12.5) — the same as JCS.
 *  5. true, false, null as literals. No insignificant whitespace anywhere.
 *  6. Anything else (bigint, function, symbol, Date, Map, class instances, cycles) is an error: convert dates
 *     to ISO 8601 strings before canonicalising.
 *
 * The text is hashed as UTF-8 bytes (see sm.ts).
 */

export class CanonicalJsonError extends Error {
  readonly path: string
  constructor(message: string, path: string) {
    super(`${message}（位置：${path || '根'}）`)
    this.name = 'CanonicalJsonError'
    this.path = path
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/**
 * Where a value sits, for error messages: built as a chain while walking and turned into text ("[3].name") only
 * when an error is thrown, so that canonicalising a large sheet does not build a path string per value.
 */
interface PathNode {
  parent: PathNode | null
  /** An array index, or a member name as written (before normalisation). */
  key: number | string
}

function pathText(node: PathNode | null): string {
  const parts: string[] = []
  for (let n = node; n; n = n.parent) parts.push(typeof n.key === 'number' ? `[${n.key}]` : `.${n.key}`)
  return parts.reverse().join('')
}

const child = (parent: PathNode | null, key: number | string): PathNode => ({ parent, key })

// Strings with nothing but printable ASCII need neither the surrogate check nor NFC.
const PLAIN_ASCII = /^[\x20-\x7e]*$/

function canonicalString(s: string, path: PathNode | null): string {
  if (PLAIN_ASCII.test(s)) return JSON.stringify(s)
  if (LONE_SURROGATE.test(s)) throw new CanonicalJsonError('字符串含有不成对的代理字符，无法规范化', pathText(path))
  // JSON.stringify of a well-formed string is exactly the JCS string serialisation.
  return JSON.stringify(s.normalize('NFC'))
}

function canonicalNumber(n: number, path: PathNode | null): string {
  if (!Number.isFinite(n)) throw new CanonicalJsonError('数值必须是有限数（不允许 NaN 或 Infinity）', pathText(path))
  if (Object.is(n, -0)) return '0'
  // ECMAScript Number::toString yields the shortest round-trip form (RFC 8785 §3.2.2.3).
  return String(n)
}

function isPlainObject(v: object): v is Record<string, unknown> {
  const proto = Object.getPrototypeOf(v) as unknown
  return proto === Object.prototype || proto === null
}

function write(value: unknown, path: PathNode | null, stack: object[], out: string[]): void {
  if (value === null) {
    out.push('null')
    return
  }
  switch (typeof value) {
    case 'boolean':
      out.push(value ? 'true' : 'false')
      return
    case 'number':
      out.push(canonicalNumber(value, path))
      return
    case 'string':
      out.push(canonicalString(value, path))
      return
    case 'object':
      break
    default:
      throw new CanonicalJsonError(`不支持的值类型：${typeof value}`, pathText(path))
  }
  const obj = value as object
  if (stack.includes(obj)) throw new CanonicalJsonError('对象存在循环引用', pathText(path))
  stack.push(obj)
  if (Array.isArray(obj)) {
    out.push('[')
    for (let i = 0; i < obj.length; i++) {
      const el: unknown = obj[i]
      if (el === undefined) throw new CanonicalJsonError('数组元素不能为 undefined', pathText(child(path, i)))
      if (i > 0) out.push(',')
      write(el, child(path, i), stack, out)
    }
    out.push(']')
  } else {
    if (!isPlainObject(obj)) {
      const name = (obj as { constructor?: { name?: string } }).constructor?.name ?? '未知'
      throw new CanonicalJsonError(`只支持普通对象与数组，不支持 ${name}`, pathText(path))
    }
    const members: { key: string; value: unknown; raw: string }[] = []
    for (const raw of Object.keys(obj)) {
      const v = obj[raw]
      if (v === undefined) continue
      if (PLAIN_ASCII.test(raw)) {
        members.push({ key: raw, value: v, raw })
        continue
      }
      if (LONE_SURROGATE.test(raw)) throw new CanonicalJsonError('成员名含有不成对的代理字符', pathText(child(path, raw)))
      members.push({ key: raw.normalize('NFC'), value: v, raw })
    }
    // Default string comparison is by UTF-16 code units, which is what RFC 8785 §3.2.3 requires.
    members.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    out.push('{')
    for (let i = 0; i < members.length; i++) {
      const m = members[i]!
      if (i > 0) {
        if (members[i - 1]!.key === m.key) {
          throw new CanonicalJsonError('两个成员名在 Unicode 规范化后相同', pathText(child(path, m.raw)))
        }
        out.push(',')
      }
      out.push(JSON.stringify(m.key), ':')
      write(m.value, child(path, m.raw), stack, out)
    }
    out.push('}')
  }
  stack.pop()
}

/**
 * Characters that are NFC whatever stands around them: none decomposes, none is a combining mark or a Hangul
 * vowel or final jamo (the only characters NFC composes with what precedes them). ASCII, the CJK ideographs,
 * CJK punctuation before the tone marks (U+302A), general punctuation from U+2010 (— “” ‘’ …) and the full-width
 * forms: the text of nearly every sheet (canonical.test.ts checks every character of the class).
 */
// eslint-disable-next-line no-control-regex -- line breaks and tabs in opinions are ASCII and NFC too
export const ALWAYS_NFC = /^[\x00-\x7f\u2010-\u2027\u3000-\u3029\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff5e]*$/

/** A string that canonical form writes as JSON.stringify does: well-formed and already NFC. */
function isNormalString(s: string): boolean {
  return ALWAYS_NFC.test(s) || (!LONE_SURROGATE.test(s) && s.normalize('NFC') === s)
}

/**
 * Whether JSON.stringify(value) is already the canonical text (issue 10, speed: ≈ 6× cheaper on a 2,000-line
 * sheet). It is when every object is plain with its members (those not undefined) in code-unit order, every string
 * and member name is well-formed NFC, every number finite, arrays have no undefined elements and nothing repeats
 * on the path (no cycle): JSON.stringify then writes what `write` writes — the same string escaping, numbers by
 * Number::toString (-0 as 0), undefined members left out. Anything else (unsorted members, other normal forms,
 * values canonical form refuses) is left to `write`, which sorts, normalises or throws.
 */
function stringifyIsCanonical(value: unknown, stack: object[]): boolean {
  switch (typeof value) {
    case 'string':
      return isNormalString(value)
    case 'number':
      return Number.isFinite(value)
    case 'boolean':
      return true
    case 'object':
      break
    default:
      return false
  }
  if (value === null) return true
  if (stack.includes(value)) return false
  stack.push(value)
  let ok = true
  if (Array.isArray(value)) {
    for (let i = 0; ok && i < value.length; i++) {
      const el: unknown = value[i]
      ok = el !== undefined && stringifyIsCanonical(el, stack)
    }
  } else if (!isPlainObject(value)) {
    ok = false
  } else {
    let previous: string | null = null
    for (const key of Object.keys(value)) {
      const v = value[key]
      if (v === undefined) continue
      if ((previous !== null && !(previous < key)) || !isNormalString(key) || !stringifyIsCanonical(v, stack)) {
        ok = false
        break
      }
      previous = key
    }
  }
  stack.pop()
  return ok
}

/** Member names an object enumerates before the others whatever their insertion order (array indexes). */
const INDEX_LIKE = /^(?:0|[1-9][0-9]*)$/

/** Returned by sortedCopy when canonical form needs more than sorting members. */
const NOT_SORTABLE = Symbol('not sortable')

/**
 * A copy of `value` whose objects list their members (those not undefined) in code-unit order, or NOT_SORTABLE
 * when sorting alone would not give the canonical text: a member name or string that is not well-formed NFC, an
 * index-like member name (objects enumerate those first, in numeric order), a number that is not finite, an
 * undefined array element, anything but plain objects and arrays, or a cycle. Where it returns a copy,
 * JSON.stringify of the copy is what `write` writes of `value` (the members' order is the only difference
 * stringifyIsCanonical allows for), at a fraction of the cost (issue 10, speed: a composed 组长 opinion).
 */
function sortedCopy(value: unknown, stack: object[]): unknown {
  switch (typeof value) {
    case 'string':
      return isNormalString(value) ? value : NOT_SORTABLE
    case 'number':
      return Number.isFinite(value) ? value : NOT_SORTABLE
    case 'boolean':
      return value
    case 'object':
      break
    default:
      return NOT_SORTABLE
  }
  if (value === null) return null
  if (stack.includes(value)) return NOT_SORTABLE
  stack.push(value)
  let out: unknown = NOT_SORTABLE
  if (Array.isArray(value)) {
    const copy: unknown[] = new Array<unknown>(value.length)
    let ok = true
    for (let i = 0; ok && i < value.length; i++) {
      const el: unknown = value[i]
      const c = el === undefined ? NOT_SORTABLE : sortedCopy(el, stack)
      if (c === NOT_SORTABLE) ok = false
      else copy[i] = c
    }
    if (ok) out = copy
  } else if (isPlainObject(value)) {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined)
    keys.sort()
    // No prototype: a member named __proto__ is then an own member like any other.
    const copy = Object.create(null) as Record<string, unknown>
    let ok = true
    for (let i = 0; ok && i < keys.length; i++) {
      const k = keys[i]!
      const c = INDEX_LIKE.test(k) || !isNormalString(k) ? NOT_SORTABLE : sortedCopy(value[k], stack)
      if (c === NOT_SORTABLE) ok = false
      else copy[k] = c
    }
    if (ok) out = copy
  }
  stack.pop()
  return out
}

/** The canonical JSON text of `value` (rules above). Throws CanonicalJsonError for values it cannot encode. */
export function canonicalize(value: unknown): string {
  if (value === undefined) throw new CanonicalJsonError('不能规范化 undefined', '')
  if (stringifyIsCanonical(value, [])) return JSON.stringify(value)
  const sorted = sortedCopy(value, [])
  if (sorted !== NOT_SORTABLE) return JSON.stringify(sorted)
  return canonicalizeCarefully(value)
}

/** canonicalize's second shortcut alone (sorted members, then JSON.stringify), or null where it does not apply (tests). */
export function canonicalizeBySorting(value: unknown): string | null {
  const sorted = sortedCopy(value, [])
  return sorted === NOT_SORTABLE ? null : JSON.stringify(sorted)
}

/** canonicalize without the JSON.stringify shortcut (exported for the tests that hold the two equal). */
export function canonicalizeCarefully(value: unknown): string {
  if (value === undefined) throw new CanonicalJsonError('不能规范化 undefined', '')
  const out: string[] = []
  write(value, null, [], out)
  return out.join('')
}

/** Whether `text` is valid JSON that is already in canonical form (parse, re-canonicalise, compare). */
export function isCanonical(text: string): boolean {
  try {
    return canonicalize(JSON.parse(text) as unknown) === text
  } catch {
    return false
  }
}

/** Parses canonical JSON text; throws CanonicalJsonError when the text is not JSON or not canonical. */
export function parseCanonical(text: string): unknown {
  let value: unknown
  try {
    value = JSON.parse(text) as unknown
  } catch {
    throw new CanonicalJsonError('不是有效的 JSON 文本', '')
  }
  if (canonicalize(value) !== text) throw new CanonicalJsonError('JSON 文本不是规范形式', '')
  return value
}
