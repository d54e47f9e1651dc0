// A PDF worker whose extraction never ends (a busy loop: it does not even read its next message).
import { parentPort } from 'node:worker_threads'
parentPort.on('message', () => {
  for (;;) {
    // spin
  }
})
