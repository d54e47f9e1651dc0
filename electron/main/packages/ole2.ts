/**
 * A bounded structural check of an OLE2 compound file (.xls, .doc) before SheetJS or word-extractor reads it.
 * word-extractor follows sector chains with no cycle check beyond a sector pointing at itself, so two FAT entries
 * pointing at each other make it grow an array until the process runs out of memory. Here the header's counts
 * are bounded by the file's size, the FAT (through the DIFAT) and the mini FAT are read with bounded loops, and
 * any chain that loops is refused. Cost: one pass over the allocation tables (a few KB for a real file).
 */
import type { PackageError } from './errors'
import { OLE2_SIGNATURE, startsWithBytes } from './fileType'

const HEADER_DIFAT_ENTRIES = 109

/** Sector ids that continue a chain are >= 0; every special value (free, end, FAT, DIFAT) is negative. */
function assertAcyclic(table: Int32Array, fail: () => never): void {
  const state = new Uint8Array(table.length) // 0 unseen, 1 on the current walk, 2 known to end
  const walk: number[] = []
  for (let start = 0; start < table.length; start++) {
    let at = start
    while (at >= 0 && at < table.length && state[at] === 0) {
      state[at] = 1
      walk.push(at)
      at = table[at] ?? -1
    }
    if (at >= 0 && at < table.length && state[at] === 1) fail()
    for (const s of walk) state[s] = 2
    walk.length = 0
  }
}

/** Throws `corrupt()` unless the container's header, FAT and mini FAT are consistent and loop-free. */
export function assertSaneOle2(bytes: Uint8Array, corrupt: () => PackageError): void {
  const fail = (): never => {
    throw corrupt()
  }
  if (bytes.byteLength < 512 || !startsWithBytes(bytes, OLE2_SIGNATURE)) fail()
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const shift = view.getUint16(30, true)
  if ((shift !== 9 && shift !== 12) || view.getUint16(32, true) !== 6) fail()
  const size = 1 << shift
  const sectors = Math.ceil((bytes.byteLength - size) / size)
  const numFat = view.getUint32(44, true)
  const numMiniFat = view.getUint32(64, true)
  const numDifat = view.getUint32(72, true)
  if (sectors <= 0 || numFat === 0 || numFat > sectors || numMiniFat > sectors || numDifat > sectors) fail()
  const sectorView = (id: number): DataView => {
    if (!Number.isInteger(id) || id < 0 || id >= sectors) fail()
    const offset = (id + 1) * size
    return new DataView(bytes.buffer, bytes.byteOffset + offset, Math.min(size, bytes.byteLength - offset))
  }
  const entry = (v: DataView, i: number) => (4 * i + 4 <= v.byteLength ? v.getInt32(4 * i, true) : -1)

  const fatSectors: number[] = []
  for (let i = 0; i < Math.min(numFat, HEADER_DIFAT_ENTRIES); i++) fatSectors.push(view.getInt32(76 + 4 * i, true))
  let difat = view.getInt32(68, true)
  const perDifat = size / 4 - 1
  for (let n = 0; n < numDifat && fatSectors.length < numFat; n++) {
    const v = sectorView(difat)
    for (let i = 0; i < perDifat && fatSectors.length < numFat; i++) fatSectors.push(entry(v, i))
    difat = entry(v, perDifat)
  }
  if (fatSectors.length !== numFat) fail()
  const perSector = size / 4
  const fat = new Int32Array(numFat * perSector)
  fatSectors.forEach((id, k) => {
    const v = sectorView(id)
    for (let i = 0; i < perSector; i++) fat[k * perSector + i] = entry(v, i)
  })
  assertAcyclic(fat, fail)

  // the mini FAT is a chain in the (now loop-free) FAT; its own chains must not loop either
  const mini: number[] = []
  for (let id = view.getInt32(60, true); id >= 0 && mini.length < numMiniFat; id = fat[id] ?? -1) mini.push(id)
  const miniFat = new Int32Array(mini.length * perSector)
  mini.forEach((id, k) => {
    const v = sectorView(id)
    for (let i = 0; i < perSector; i++) miniFat[k * perSector + i] = entry(v, i)
  })
  assertAcyclic(miniFat, fail)
}
