/**
 * Specification facts read from a name and specification: the numbers that make two things the same thing or
 * not (a 32-core server is not a 64-core one). Each is at most one number; what cannot be read stays absent.
 */
import { foldText } from './normalize'

export interface SpecFacts {
  cores?: number
  /** GB. */
  memoryGb?: number
  /** TB. */
  storageTb?: number
  /** Users, points, concurrent licences. */
  licences?: number
  personMonths?: number
}

export const FACT_LABELS: Record<keyof SpecFacts, string> = {
  cores: '核数',
  memoryGb: '内存',
  storageTb: '存储容量',
  licences: '授权数',
  personMonths: '人月'
}

function num(s: string | undefined): number | undefined {
  if (s === undefined) return undefined
  const n = Number(s)
  return Number.isFinite(n) && n > 0 && n < 1e7 ? n : undefined
}

function firstNum(text: string, res: RegExp[]): number | undefined {
  for (const re of res) {
    const m = re.exec(text)
    const v = num(m?.[1])
    if (v !== undefined) return v
  }
  return undefined
}

/** Reads the facts; `text` is the name and specification together (any width, any case). */
export function specFacts(text: string): SpecFacts {
  const t = foldText(text.slice(0, 2000)).replace(/\s+/g, '')
  const out: SpecFacts = {}
  if (!/\d/.test(t)) return out
  // Processors: "2颗16核" is 32 cores; "32核", "32c", "32 cores", "cpu核数32".
  const sockets = /(\d+)(?:颗|路|个)(?:cpu|处理器)?[^\d]{0,6}?(\d+)(?:核|c(?![a-z]))/.exec(t)
  if (sockets) {
    const s = num(sockets[1])
    const c = num(sockets[2])
    if (s !== undefined && c !== undefined && s <= 8) out.cores = s * c
  }
  out.cores ??= firstNum(t, [/(\d+)(?:核|cores?|vcpu|c(?![a-z]))/, /核数(\d+)/])
  const mem = firstNum(t, [/内存(\d+)(?:gb|g)/, /(\d+)(?:gb|g)(?:内存|ddr|ram)/])
  if (mem !== undefined) out.memoryGb = mem
  const memTb = firstNum(t, [/内存(\d+(?:\.\d+)?)(?:tb|t)/])
  if (out.memoryGb === undefined && memTb !== undefined) out.memoryGb = memTb * 1024
  const tb = firstNum(t, [/(?:存储|容量|可用|裸容量|硬盘)(\d+(?:\.\d+)?)(?:tb|t)(?![a-z])/, /(\d+(?:\.\d+)?)(?:tb|t)(?:存储|容量|可用|裸|硬盘|ssd|sata|sas)/])
  const gb = tb === undefined ? firstNum(t, [/(\d+)(?:gb|g)(?:ssd|sata|sas|硬盘)/, /硬盘(\d+)(?:gb|g)/]) : undefined
  if (tb !== undefined) out.storageTb = tb
  else if (gb !== undefined) out.storageTb = gb / 1000
  const lic = firstNum(t, [/(\d+)(?:用户|个用户|点|个点|并发|授权|个授权|终端授权|节点授权)/, /(?:授权|许可|用户数)(\d+)/])
  if (lic !== undefined) out.licences = lic
  const pm = firstNum(t, [/(\d+(?:\.\d+)?)(?:人月|人·月|人\/月|人\*月)/, /(?:工作量|人月数)(\d+(?:\.\d+)?)/])
  if (pm !== undefined) out.personMonths = pm
  return out
}

export interface FactComparison {
  /** Facts both sides name with (about) the same number. */
  agree: (keyof SpecFacts)[]
  /** Facts both sides name with different numbers (more than 25 % apart). */
  differ: (keyof SpecFacts)[]
}

/** Quantity-like facts (人月, 授权数) describe the amount bought, not the thing: they never make two things differ. */
const SIZE_FACTS: readonly (keyof SpecFacts)[] = ['cores', 'memoryGb', 'storageTb']

export function compareFacts(a: SpecFacts, b: SpecFacts): FactComparison {
  const agree: (keyof SpecFacts)[] = []
  const differ: (keyof SpecFacts)[] = []
  for (const k of SIZE_FACTS) {
    const x = a[k]
    const y = b[k]
    if (x === undefined || y === undefined) continue
    if (Math.max(x, y) / Math.min(x, y) <= 1.25) agree.push(k)
    else differ.push(k)
  }
  return { agree, differ }
}
