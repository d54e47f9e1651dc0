/**
 * The worker thread of buildPool.ts (issue 10, speed): builds documents and verifies written files for the export,
 * one task at a time, with the same builders and verifier as the main thread. Bundled as its own entry
 * (out/main/documentWorker.js, electron.vite.config.ts); under tsx and Vitest it runs from this source file.
 */
import { parentPort } from 'node:worker_threads'
import { buildFromInput } from './buildInput'
import { rememberChartPng, rememberChartSvg } from './chartImage'
import { verifyDocx } from './verify'
import { rememberVerdict } from './verifyCache'
import { type PoolReply, type PoolRequest, ReceivedPayloads } from './buildWire'

/** The payloads sent to this worker (buildWire.ts), mirrored by the main thread. */
const received = new ReceivedPayloads()

async function handle(req: PoolRequest): Promise<PoolReply> {
  const t = req.task
  try {
    if (t.op === 'verify') return { id: req.id, ok: true, verification: await verifyDocx(t.bytes, t.options) }
    const { job, seeds } = received.decode(t)
    // Under the payload objects the builders will be given (kept): their sheets' hashes are then made once.
    for (const s of seeds) rememberVerdict(s.payload, s.registeredFingerprint !== undefined ? { registeredFingerprint: s.registeredFingerprint } : undefined, s.result)
    if (t.chart) {
      rememberChartSvg(t.chart.key, t.chart.svg)
      rememberChartPng(t.chart.svg, t.chart.scale, t.chart.png, t.chart.renderer)
    }
    return { id: req.id, ok: true, bytes: await buildFromInput(job) }
  } catch (e) {
    return { id: req.id, ok: false, message: e instanceof Error ? e.message : String(e) }
  }
}

const port = parentPort
if (port) {
  // One task at a time, in the order they were sent (the pool hands a worker several tasks ahead, its `depth`):
  // each starts when the one before has replied, so builds never interleave and the payload table is read in order.
  let done: Promise<void> = Promise.resolve()
  port.on('message', (req: PoolRequest) => {
    done = done.then(() =>
      handle(req).then((reply) => {
        const b = reply.ok ? reply.bytes : undefined
        // The built bytes are moved, not copied, when they are a whole buffer of their own.
        const whole = b && b.byteOffset === 0 && b.byteLength === b.buffer.byteLength
        try {
          port.postMessage(reply, whole ? [b.buffer as ArrayBuffer] : [])
        } catch (e) {
          // Never leave the pool waiting: a reply that cannot be posted becomes a failure it can post.
          port.postMessage({ id: req.id, ok: false, message: `后台线程无法送回结果：${e instanceof Error ? e.message : String(e)}` } satisfies PoolReply)
        }
      })
    )
  })
}
