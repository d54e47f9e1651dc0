/** Runs `paneldesk …` as a child process, as `npx paneldesk` does, from the bundle made by the global setup. */
import { spawnSync } from 'node:child_process'
import { inject } from 'vitest'
import { CLI_SOURCE, ROOT } from './bundle'

/** The node arguments that start the command line: the bundle when the global setup made one, else tsx. */
export function cliCommand(): string[] {
  const bundle = inject('cliBundle')
  return bundle ? [bundle] : ['--import', 'tsx', CLI_SOURCE]
}

export interface CliResult {
  code: number | null
  out: string
  err: string
}

/** `env`: the child's environment (default: this process's). */
export function runCli(args: string[], timeout = 120_000, env?: NodeJS.ProcessEnv): CliResult {
  const r = spawnSync(process.execPath, [...cliCommand(), ...args], { cwd: ROOT, encoding: 'utf8', timeout, ...(env ? { env } : {}) })
  return { code: r.status, out: r.stdout, err: r.stderr }
}
