// A PDF worker that answers every request with one page naming this worker's thread id and how many PDFs it read:
// the warm-start test sees which worker served an import.
import { parentPort, threadId } from 'node:worker_threads'
let served = 0
parentPort.postMessage({ ready: true })
parentPort.on('message', (req) => {
  served++
  parentPort.postMessage({ id: req.id, ok: true, pages: [`worker ${threadId} pdf ${served}`] })
})
