/**
 * The port the collector hands readings to (jobs/reading-stream.ts implements it on Redis): a
 * batch is either kept durably — the writer will store it in the graph, whatever restarts in
 * between — or refused because the backlog is at its configured bound (README, "Live equipment").
 */
import type { ReadingBatch } from '../domain/readings';

export type PushOutcome =
  { readonly kept: true } | { readonly kept: false; readonly reason: 'backlog-full' };

export interface ReadingSink {
  push(batch: ReadingBatch): Promise<PushOutcome>;
  /** readings queued and not yet stored in the graph */
  backlog(): Promise<number>;
  /** per series (domain/readings.ts seriesKey) the latest source time ever queued */
  queuedUntil(): Promise<Map<string, string>>;
  /** keeps what a collector says of itself (its counts, its endpoints), for /metrics */
  report(name: string, snapshot: CollectorSnapshot): Promise<void>;
}

/** A collector's figures since it started. */
export interface CollectorSnapshot {
  readonly received: number;
  readonly queued: number;
  readonly droppedBacklogFull: number;
  readonly droppedMemoryFull: number;
  readonly buffered: number;
  readonly endpoints: readonly {
    readonly name: string;
    readonly connected: boolean;
    readonly monitored: number;
    readonly cuts: number;
    readonly blindMs: number;
    readonly lastBlindMs: number;
    readonly backfilled: number;
    readonly unfilled: number;
    readonly notNumbers: number;
  }[];
}

/** A reading writer's figures since it started. */
export interface WriterSnapshot {
  readonly active: boolean;
  readonly batches: number;
  readonly stored: number;
  readonly duplicates: number;
  readonly refused: number;
  readonly failures: number;
}

export interface ReadingsSnapshot {
  /** readings queued and not yet stored */
  readonly backlog: number;
  readonly collectors: readonly { readonly name: string; readonly snapshot: CollectorSnapshot }[];
  readonly writers: readonly { readonly name: string; readonly snapshot: WriterSnapshot }[];
}

/** Where /metrics reads the live-readings figures of every process. */
export interface ReadingTelemetry {
  snapshot(): Promise<ReadingsSnapshot>;
  close(): void;
}
