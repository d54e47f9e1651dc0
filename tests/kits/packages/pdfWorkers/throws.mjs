// A PDF worker that throws outside any handler while extracting (the thread dies with an uncaught error).
import { parentPort } from 'node:worker_threads'
parentPort.on('message', () => {
  throw new Error('pdf.js blew up')
})
