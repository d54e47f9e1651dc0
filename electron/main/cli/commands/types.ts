/** A command of `npx paneldesk`: its name, one usage line (Chinese), and what it does with its arguments. */
export interface CliCommand {
  name: string
  usage: string
  /** Returns the process exit code. */
  run(args: string[]): Promise<number>
}
