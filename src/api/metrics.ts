/**
 * Prometheus metrics at /metrics: the import queue's depth by state and its live workers (read
 * at each scrape), how long jobs took and how they ended, the lines they committed, and this
 * process's own figures. Counters start at zero when the server starts, as Prometheus expects.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ImportJob, ImportJobService } from '../services/import-jobs';
import type { ReadingsSnapshot, ReadingTelemetry } from '../services/reading-sink';
import { IMPORT_JOB_STATES } from '../services/import-jobs';

export interface Metrics {
  readonly contentType: string;
  render(): Promise<string>;
  close(): void;
}

export async function createMetrics(
  jobs: ImportJobService | undefined,
  readings?: ReadingTelemetry,
): Promise<Metrics> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'threadgraph_' });
  if (readings !== undefined) readingMetrics(registry, readings);
  let stop = () => undefined as void;
  if (jobs !== undefined) {
    new Gauge({
      name: 'threadgraph_import_jobs',
      help: 'import jobs on the queue, by state',
      labelNames: ['state'],
      registers: [registry],
      async collect() {
        const counts = await jobs.counts().catch(() => undefined);
        for (const state of IMPORT_JOB_STATES) {
          if (counts !== undefined) this.set({ state: state.toLowerCase() }, counts[state]);
        }
      },
    });
    new Gauge({
      name: 'threadgraph_import_workers',
      help: 'import workers that sent a heartbeat in the last 15 s',
      registers: [registry],
      async collect() {
        const n = await jobs.workersAlive().catch(() => undefined);
        if (n !== undefined) this.set(n);
      },
    });
    const duration = new Histogram({
      name: 'threadgraph_import_job_duration_seconds',
      help: 'time from a job starting to its end, by outcome',
      labelNames: ['outcome'],
      buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200],
      registers: [registry],
    });
    const finished = new Counter({
      name: 'threadgraph_import_jobs_finished_total',
      help: 'import jobs that ended, by outcome (completed, failed, cancelled)',
      labelNames: ['outcome'],
      registers: [registry],
    });
    const lines = new Counter({
      name: 'threadgraph_import_lines_total',
      help: 'lines of completed import jobs, by what became of them',
      labelNames: ['outcome'],
      registers: [registry],
    });
    stop = await jobs.onFinished((job: ImportJob) => {
      const outcome = job.state.toLowerCase();
      finished.inc({ outcome });
      if (job.startedAt && job.finishedAt) {
        duration.observe({ outcome }, (ms(job.finishedAt) - ms(job.startedAt)) / 1000);
      }
      const s = job.summary;
      if (s !== undefined) {
        lines.inc({ outcome: 'applied' }, s.applied);
        lines.inc({ outcome: 'unchanged' }, s.unchanged);
        lines.inc({ outcome: 'history' }, s.history);
        lines.inc({ outcome: 'rejected' }, s.rejected);
        lines.inc({ outcome: 'governance_violation' }, s.violations);
        lines.inc({ outcome: 'duplicate_event' }, s.duplicates);
      }
    });
  }
  return {
    contentType: registry.contentType,
    render: () => registry.metrics(),
    close: () => {
      stop();
      readings?.close();
    },
  };
}

function ms(instant: string): number {
  return Date.parse(`${instant.slice(0, 23)}Z`);
}

/**
 * Live readings, as every collector and writer last said (read at each scrape; their counts run
 * from when each process started, so they are gauges): the backlog, readings per outcome, each
 * endpoint's connection and blind time, what was read back from history.
 */
function readingMetrics(registry: Registry, readings: ReadingTelemetry): void {
  let last: { at: number; snapshot: Promise<ReadingsSnapshot | undefined> } | undefined;
  // one Redis read per scrape, shared by the gauges below
  const snapshot = () => {
    if (last === undefined || Date.now() - last.at > 1000) {
      last = { at: Date.now(), snapshot: readings.snapshot().catch(() => undefined) };
    }
    return last.snapshot;
  };
  const gauge = (
    name: string,
    help: string,
    labelNames: string[],
    fill: (g: Gauge, s: ReadingsSnapshot) => void,
  ) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        const s = await snapshot();
        this.reset();
        if (s !== undefined) fill(this, s);
      },
    });
  gauge(
    'threadgraph_readings_backlog',
    'live readings queued and not yet stored in the graph',
    [],
    (g, s) => g.set(s.backlog),
  );
  gauge(
    'threadgraph_collector_readings',
    'readings of each collector since it started, by what became of them',
    ['collector', 'outcome'],
    (g, s) => {
      for (const { name, snapshot: c } of s.collectors) {
        g.set({ collector: name, outcome: 'received' }, c.received);
        g.set({ collector: name, outcome: 'queued' }, c.queued);
        g.set({ collector: name, outcome: 'dropped_backlog_full' }, c.droppedBacklogFull);
        g.set({ collector: name, outcome: 'dropped_memory_full' }, c.droppedMemoryFull);
        g.set({ collector: name, outcome: 'buffered' }, c.buffered);
      }
    },
  );
  const perEndpoint = (
    name: string,
    help: string,
    value: (e: ReadingsSnapshot['collectors'][number]['snapshot']['endpoints'][number]) => number,
  ) =>
    gauge(name, help, ['collector', 'endpoint'], (g, s) => {
      for (const { name: collector, snapshot: c } of s.collectors) {
        for (const e of c.endpoints) g.set({ collector, endpoint: e.name }, value(e));
      }
    });
  perEndpoint(
    'threadgraph_collector_connected',
    '1 while the endpoint is connected and subscribed',
    (e) => (e.connected ? 1 : 0),
  );
  perEndpoint(
    'threadgraph_collector_blind_seconds',
    'seconds the collector could not see the endpoint since it started (the start until first connected included)',
    (e) => e.blindMs / 1000,
  );
  perEndpoint(
    'threadgraph_collector_last_blind_seconds',
    'how long the last outage was',
    (e) => e.lastBlindMs / 1000,
  );
  perEndpoint('threadgraph_collector_cuts', 'connections lost since it started', (e) => e.cuts);
  perEndpoint(
    'threadgraph_collector_backfilled_readings',
    "readings read back from the server's history after an outage",
    (e) => e.backfilled,
  );
  perEndpoint(
    'threadgraph_collector_unfilled_outages',
    'outages the server had no history for: what it produced meanwhile is lost',
    (e) => e.unfilled,
  );
  gauge(
    'threadgraph_reading_writer_readings',
    'readings each writer handled since it started, by outcome',
    ['writer', 'outcome'],
    (g, s) => {
      for (const { name, snapshot: w } of s.writers) {
        g.set({ writer: name, outcome: 'stored' }, w.stored);
        g.set({ writer: name, outcome: 'duplicate' }, w.duplicates);
        g.set({ writer: name, outcome: 'refused' }, w.refused);
      }
    },
  );
  gauge(
    'threadgraph_reading_writer_failures',
    'attempts to store a batch that failed (Neo4j down…); the batch stayed queued',
    ['writer'],
    (g, s) => {
      for (const { name, snapshot: w } of s.writers) g.set({ writer: name }, w.failures);
    },
  );
}
