/** `npx paneldesk <command>`: the secretariat's command line. Each command is a module in commands/. */
import type { CliCommand } from './commands/types'
import { serverCommand } from './commands/server'
import { verifyCommand } from './commands/verify'
import { packageCommand } from './commands/package'
import { archiveCommand } from './commands/archive'
import { pricesCommand } from './commands/prices'

const COMMANDS: CliCommand[] = [
  // Each feature registers its command here (one line each).
  serverCommand,
  verifyCommand,
  packageCommand,
  archiveCommand,
  pricesCommand,
]

function usage(): string {
  return ['用法：paneldesk <命令> [参数]', '', ...COMMANDS.map((c) => `  ${c.usage}`), '  help    显示本说明'].join('\n')
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    console.log(usage())
    return 0
  }
  const command = COMMANDS.find((c) => c.name === name)
  if (!command) {
    console.error(`未知命令：${name}\n\n${usage()}`)
    return 2
  }
  return command.run(args)
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err)
    process.exit(1)
  }
)
