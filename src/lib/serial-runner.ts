/**
 * Runs a task on demand, one run at a time. Requests are debounced (a burst
 * of saves becomes one run, quietMs after the last), and requests that arrive
 * during a run become exactly one more run after it.
 */
export class SerialRunner {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private rerun = false;
  private closed = false;

  constructor(
    private readonly task: () => Promise<void>,
    private readonly quietMs: number,
  ) {}

  /** Asks for a run quietMs from now (or from the latest request). */
  request(): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.start();
    }, this.quietMs);
  }

  /** Runs now unless a run is in progress, in which case one more follows it. */
  start(): void {
    if (this.closed) return;
    if (this.running) {
      this.rerun = true;
      return;
    }
    // The task must report its own failures; a rejection would surface as an unhandled one.
    this.running = this.task().finally(() => {
      this.running = undefined;
      if (this.rerun) {
        this.rerun = false;
        this.start();
      }
    });
  }

  /** Drops pending requests and waits for the run in progress, if any. */
  async close(): Promise<void> {
    this.closed = true;
    this.rerun = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
