import { defineConfig } from 'vitest/config'

// End-to-end tests: the built app (npm run build) served by its real backend, driven in headless Chromium.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    // One Chromium for the whole run; every file connects to it (tests/e2e/browserServer.ts).
    globalSetup: ['tests/e2e/browserServer.ts'],
    environment: 'node',
    // One file at a time: each file keeps both cores busy (its backend, Chromium and the test), so two at a time
    // took as long in total (measured: 512 s against 510 s) and only made each file's waits tighter.
    testTimeout: 240_000,
    hookTimeout: 240_000,
    pool: 'forks',
    isolate: false,
    fileParallelism: false
  }
})
