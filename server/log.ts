/** Structured logs: one JSON object per line on stdout (journald / any log collector reads them as they are). */
export type LogLevel = 'info' | 'warn' | 'error'
export type Logger = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => void

export function jsonLogger(write: (line: string) => void = (l) => process.stdout.write(l + '\n')): Logger {
  return (level, msg, fields = {}) => write(JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }))
}
