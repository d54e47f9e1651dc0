/**
 * A long push yields to the event loop between its slices (server/push.ts, pushPrepare.ts, jsonSlices.ts). A hello
 * that arrives meanwhile may need a few turns of the loop (body, token, version vector, answer), and each turn used to
 * run another slice of the push first. So the push's yield also waits — at most WAIT_MS each time — while a hello is
 * being answered in this process: hellos are answered before the next slice.
 */
const WAIT_MS = 25

let hellos = 0
const waiting: (() => void)[] = []

/** Call when a hello (or another quick request that should not wait behind a push) starts; returns its end. */
export function priorityRequest(): () => void {
  hellos++
  let ended = false
  return () => {
    if (ended) return
    ended = true
    if (--hellos === 0) for (const w of waiting.splice(0)) w()
  }
}

/** Lets other requests run: one turn of the event loop, then, while a hello is in flight here, until it is answered. */
export async function yieldToOthers(): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve))
  if (hellos === 0) return
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer)
      resolve()
    }
    const timer = setTimeout(done, WAIT_MS)
    waiting.push(done)
  })
}
