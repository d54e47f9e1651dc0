/** `npx paneldesk <command>`: the secretariat's command line. Commands are added by later features. */
const USAGE = `用法：paneldesk <命令>
  web [--data DIR] [--port N] [--no-open]   启动浏览器版评审台
`

async function main(argv: string[]): Promise<number> {
  const [command] = argv
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
      console.log(USAGE)
      return 0
    default:
      console.error(`未知命令：${command}\n\n${USAGE}`)
      return 2
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err)
    process.exit(1)
  }
)
