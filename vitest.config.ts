import { configDefaults, defineConfig } from 'vitest/config'

/**
 * Two projects, both without per-file isolation: a worker loads zod, kysely, the services and fast-check once
 * instead of once per file (each test still makes its own temp folders, databases, ports and LibreOffice profile).
 * Measured user+sys: shared/ 54 s → 27 s, electron/main/db 23.9 s → 6.4 s, the second project 465 s → 291 s; every
 * file of both projects passed run this way. `shared-graph`: shared/, renderer/, migrations, services, sync and the
 * sync server. `tools-and-attacks`: the rest (the command line, documents, packages, the HTTP adapter, the attack
 * tests), which alone needs the command-line bundle. A test file that must have fresh module state (a module-level
 * cache, counter or singleton it cannot reset) gets `isolate: true` in a project of its own.
 */
const SHARED_GRAPH = [
  'shared/**/*.test.ts',
  'renderer/**/*.test.ts',
  'electron/main/db/**/*.test.ts',
  'electron/main/services/**/*.test.ts',
  'electron/main/sync/**/*.test.ts',
  'server/**/*.test.ts'
]

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
      { extends: true, test: { name: 'shared-graph', include: SHARED_GRAPH, isolate: false } },
      {
        extends: true,
        test: {
          name: 'tools-and-attacks',
          isolate: false,
          include: ['electron/**/*.test.ts', 'tests/unit/**/*.test.ts', 'tests/security/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...SHARED_GRAPH],
          // The command line bundled once for the tests that run it as a child process (tests/kits/cli).
          globalSetup: ['tests/kits/cli/bundle.ts']
        }
      }
    ]
  }
})
