/**
 * The longest stretch of CPU work this process did between two ticks of a 5 ms timer: what held its event loop from
 * other requests. Unlike wall time it does not grow when the machine is loaded and the process waits for a core
 * (process CPU: helper threads such as the garbage collector's count too, so it errs high).
 */
export function cpuSliceMonitor(): { longest(): number; stop(): void } {
  let worst = 0
  let mark = process.cpuUsage()
  const ticker = setInterval(() => {
    const used = process.cpuUsage(mark)
    mark = process.cpuUsage()
    worst = Math.max(worst, (used.user + used.system) / 1000)
  }, 5)
  return { longest: () => worst, stop: () => clearInterval(ticker) }
}
