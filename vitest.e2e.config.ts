import { defineConfig } from 'vitest/config'

// End-to-end tests: the built app (npm run build) served by its real backend, driven in headless Chromium.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    // Two files at a time (each starts its own backend on a free port, its own Chromium and temp folders): a file
    // waits on the browser about half of its time, so two share the two cores well. The timeouts leave room for
    // a file slowed by its neighbour.
    testTimeout: 240_000,
    hookTimeout: 240_000,
    pool: 'forks',
    maxWorkers: 2
  }
})
