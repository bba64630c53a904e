/**
 * Progress of long work (an import, the demo thread, derive) on stderr. On a terminal: one live
 * line, redrawn in place. Elsewhere (a log, a CI job): plain lines, one when the phase of the work
 * changes and otherwise at most one every PLAIN_EVERY_MS — never a carriage-return stream.
 */

export const PLAIN_EVERY_MS = 10_000;

export interface ProgressSink {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export class Progress {
  private lastPhase: string | undefined;
  private lastPlainAt = Number.NEGATIVE_INFINITY;
  private live = false;
  /** whether it draws a live line (stderr is a terminal) */
  readonly tty: boolean;

  constructor(
    private readonly out: ProgressSink = process.stderr,
    private readonly now: () => number = Date.now,
  ) {
    this.tty = out.isTTY === true;
  }

  /** The state of the work now; `phase` names the step it is in (a change is always shown). */
  update(phase: string, text: string): void {
    if (this.tty) {
      const width = Math.max(20, (this.out.columns ?? 80) - 1);
      this.out.write(`\r\x1b[2K${text.length > width ? `${text.slice(0, width - 1)}…` : text}`);
      this.live = true;
      return;
    }
    const at = this.now();
    if (phase === this.lastPhase && at - this.lastPlainAt < PLAIN_EVERY_MS) return;
    this.lastPhase = phase;
    this.lastPlainAt = at;
    this.out.write(`${text}\n`);
  }

  /** The work is over: the live line goes. */
  done(): void {
    if (this.live) this.out.write('\r\x1b[2K');
    this.live = false;
  }
}
