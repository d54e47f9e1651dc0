/** The frame of a command with subcommands: parse the arguments, dispatch, map Chinese refusals to exit code 1. */
import { parseArgs, type ParseArgsConfig } from 'node:util'

type Options = NonNullable<ParseArgsConfig['options']>
type Values<O extends Options> = ReturnType<typeof parseArgs<{ options: O; allowPositionals: true }>>['values']

/**
 * Runs `dispatch(positionals, values)`; it returns the exit code, or null for a usage it does not know (exit 2 with
 * the usage). An Error whose message is Chinese is a refusal: printed, exit 1. Anything else is a bug and is thrown.
 */
export async function runSubcommand<O extends Options>(
  args: string[],
  options: O,
  usage: string,
  dispatch: (positionals: string[], values: Values<O>) => Promise<number | null> | number | null
): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({ args, options, allowPositionals: true })
  } catch (e) {
    console.error(`${(e as Error).message}\n用法：paneldesk ${usage}`)
    return 2
  }
  try {
    const code = await dispatch(parsed.positionals, parsed.values)
    if (code !== null) return code
  } catch (e) {
    if (e instanceof Error && /[\u4e00-\u9fff]/.test(e.message)) {
      console.error(e.message)
      return 1
    }
    throw e
  }
  console.error(`用法：paneldesk ${usage}`)
  return 2
}
