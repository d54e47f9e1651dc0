/**
 * The signed content verifySignedPayload has just parsed (to check its canonical form), handed once to the content
 * check of the same payload object (contentSchema.parseSheetContent), which would otherwise parse the same
 * hundreds of KB again (issue 10, speed: gathering a meeting's sheets for the export). A value is handed out at most
 * once — the taker may keep or change it — and only for the very same canonical text; at most KEPT values wait
 * (a gathering verifies a project's sheets, then checks their contents), the oldest dropped first.
 */
const KEPT = 16

const waiting = new Map<object, { canonical: string; value: unknown }>()

/** Offers the parsed content of `payload` (its canonical text `canonical`). */
export function offerParsed(payload: object, canonical: string, value: unknown): void {
  waiting.delete(payload)
  if (waiting.size >= KEPT) waiting.delete(waiting.keys().next().value as object)
  waiting.set(payload, { canonical, value })
}

/** The content offered for `payload` with exactly this canonical text (once), or undefined. */
export function takeParsed(payload: object, canonical: string): unknown {
  const hit = waiting.get(payload)
  if (!hit) return undefined
  waiting.delete(payload)
  return hit.canonical === canonical ? hit.value : undefined
}
