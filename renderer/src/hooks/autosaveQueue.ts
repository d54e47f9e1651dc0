/**
 * The logic of useAutosave, without React (so it is unit-tested): keeps the newest value, saves it a pause after
 * the last change, one save after another so that a later value never lands before an earlier one; a failed save
 * keeps its value for the next try unless a newer value came meanwhile.
 */
export interface AutosaveEvents {
  saving: (on: boolean) => void
  saved: (at: Date) => void
  /** The Chinese message of the last failure, or null once a save succeeded. */
  error: (message: string | null) => void
}

export class AutosaveQueue<T> {
  private latest: { value: T } | null = null
  private timer: ReturnType<typeof setTimeout> | null = null
  private queue: Promise<void> = Promise.resolve()

  constructor(
    private save: (value: T) => Promise<unknown>,
    private readonly delayMs: number,
    private readonly events: AutosaveEvents,
    private readonly describe: (err: unknown) => string
  ) {}

  /** The save function of the latest render (it closes over the component's current props). */
  setSave(save: (value: T) => Promise<unknown>): void {
    this.save = save
  }

  /** Remembers the newest value and saves it after the pause. */
  schedule(value: T): void {
    this.latest = { value }
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => void this.flush(), this.delayMs)
  }

  /** Saves the pending value now (if any) and resolves when every save so far has landed (or failed). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    const next = this.latest
    if (next) {
      this.latest = null
      this.events.saving(true)
      this.queue = this.queue
        .then(() => this.save(next.value))
        .then(
          () => {
            this.events.saved(new Date())
            this.events.error(null)
          },
          (err: unknown) => {
            // Kept for the next try unless a newer value came meanwhile.
            this.latest ??= next
            this.events.error(this.describe(err))
          }
        )
        .finally(() => this.events.saving(false))
    }
    return this.queue
  }
}
