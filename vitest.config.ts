import { defineConfig } from 'vitest/config'

/**
 * Two projects. `pure`: shared/ and renderer/ logic (no database, files or processes, no module state), run without
 * per-file isolation: a worker loads zod, the domain code and fast-check once instead of once per file, which halved
 * these files' CPU time (measured: 54 s → 27 s user+sys for shared/). `main`: everything else, each file in a fresh
 * module graph as before (services, migrations, the command line, the attack tests).
 */
const PURE = ['shared/**/*.test.ts', 'renderer/**/*.test.ts']

export default defineConfig({
  test: {
    environment: 'node',
    // Generous: with two files at a time a file runs on one core, and the command-line tests start processes.
    testTimeout: 90_000,
    // beforeAll hooks build documents or start servers: Vitest's 10 s default fails them on a busy machine.
    hookTimeout: 90_000,
    pool: 'forks',
    // Vitest's default on a 2-core machine is one worker; the suite's files are independent (each its own temp
    // folder and port), so both cores are used.
    maxWorkers: 2,
    setupFiles: ['tests/helpers/fastCheckSetup.ts'],
    projects: [
      { extends: true, test: { name: 'pure', include: PURE, isolate: false } },
      {
        extends: true,
        test: {
          name: 'main',
          include: ['electron/**/*.test.ts', 'server/**/*.test.ts', 'tests/unit/**/*.test.ts', 'tests/security/**/*.test.ts'],
          // The command line bundled once for the tests that run it as a child process (tests/kits/cli).
          globalSetup: ['tests/kits/cli/bundle.ts']
        }
      }
    ]
  }
})
