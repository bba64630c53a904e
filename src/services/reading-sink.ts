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
}
