import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'electron/**/*.test.ts', 'server/**/*.test.ts', 'tests/unit/**/*.test.ts', 'tests/security/**/*.test.ts', 'renderer/**/*.test.ts'],
    environment: 'node',
    // Generous: with two files at a time a file runs on one core, and the command-line tests start processes.
    testTimeout: 90_000,
    pool: 'forks',
    // Vitest's default on a 2-core machine is one worker; the suite's files are independent (each its own temp
    // folder and port), so both cores are used.
    maxWorkers: 2,
    setupFiles: ['tests/helpers/fastCheckSetup.ts'],
    // The command line bundled once for the tests that run it as a child process (tests/kits/cli).
    globalSetup: ['tests/kits/cli/bundle.ts']
  }
})
