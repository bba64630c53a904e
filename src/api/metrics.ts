/**
 * Prometheus metrics at /metrics: the import queue's depth by state and its live workers (read
 * at each scrape), how long jobs took and how they ended, the lines they committed, and this
 * process's own figures. Counters start at zero when the server starts, as Prometheus expects.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ImportJob, ImportJobService } from '../services/import-jobs';
import { IMPORT_JOB_STATES } from '../services/import-jobs';

export interface Metrics {
  readonly contentType: string;
  render(): Promise<string>;
  close(): void;
}

export async function createMetrics(jobs: ImportJobService | undefined): Promise<Metrics> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'threadgraph_' });
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
    close: () => stop(),
  };
}

function ms(instant: string): number {
  return Date.parse(`${instant.slice(0, 23)}Z`);
}
