/** The inspector's CPU profiler around one measured step of a bench script (with --prof on its command line). */
import fs from 'node:fs'
import { Session } from 'node:inspector/promises'

/** Starts profiling when the script was given --prof; the returned function stops and writes `file` (else no-op). */
export async function profileIfAsked(): Promise<(file: string) => Promise<void>> {
  if (!process.argv.includes('--prof')) return async () => {}
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.start')
  return async (file) => {
    const { profile } = await session.post('Profiler.stop')
    fs.writeFileSync(file, JSON.stringify(profile))
    session.disconnect()
  }
}

/** Starts profiling when `file` is given; the returned function stops and writes it (else no-op). */
export async function profileWhen(file: string | undefined): Promise<() => Promise<void>> {
  if (!file) return async () => {}
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.start')
  return async () => {
    const { profile } = await session.post('Profiler.stop')
    fs.writeFileSync(file, JSON.stringify(profile))
    session.disconnect()
  }
}
