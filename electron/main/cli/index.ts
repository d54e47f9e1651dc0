/** `npx paneldesk <command>`: the secretariat's command line. Each command is a module in commands/. */
import type { CliCommand } from './commands/types'

/**
 * Each feature registers its command here (one line each). Commands load on demand, so `paneldesk verify` does not
 * load the sync server, the price library or the package reader.
 */
const COMMANDS: Record<string, () => Promise<CliCommand>> = {
  server: async () => (await import('./commands/server')).serverCommand,
  verify: async () => (await import('./commands/verify')).verifyCommand,
  package: async () => (await import('./commands/package')).packageCommand,
  archive: async () => (await import('./commands/archive')).archiveCommand,
  prices: async () => (await import('./commands/prices')).pricesCommand,
  rules: async () => (await import('./commands/rules')).rulesCommand
}

async function usage(): Promise<string> {
  const commands = await Promise.all(Object.values(COMMANDS).map((load) => load()))
  return ['用法：paneldesk <命令> [参数]', '', ...commands.map((c) => `  ${c.usage}`), '  help    显示本说明'].join('\n')
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    console.log(await usage())
    return 0
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined
  if (!load) {
    console.error(`未知命令：${name}\n\n${await usage()}`)
    return 2
  }
  return (await load()).run(args)
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err)
    process.exit(1)
  }
)
