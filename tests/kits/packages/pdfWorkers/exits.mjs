// A PDF worker that exits in the middle of an extraction (as when it runs out of memory).
import { parentPort } from 'node:worker_threads'
parentPort.on('message', () => {
  process.exit(3)
})
