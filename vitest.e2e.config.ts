import { defineConfig } from 'vitest/config'

// End-to-end tests: the built app (npm run build) served by its real backend, driven in headless Chromium.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false
  }
})
