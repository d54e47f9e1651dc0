/** A fixed-window rate limit per key (client address), for enrolment attempts. */
export class RateLimiter {
  private windows = new Map<string, { start: number; count: number }>()
  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now
  ) {}

  allow(key: string): boolean {
    const t = this.now()
    const w = this.windows.get(key)
    if (!w || t - w.start >= this.windowMs) {
      this.windows.set(key, { start: t, count: 1 })
      if (this.windows.size > 10_000) for (const [k, v] of this.windows) if (t - v.start >= this.windowMs) this.windows.delete(k)
      return true
    }
    w.count++
    return w.count <= this.max
  }
}
