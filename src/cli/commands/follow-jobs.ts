/** Following import jobs to their end, with their progress on stderr (`import`, the demo thread). */
import { ThreadgraphError } from '../../domain/errors';
import { formatInstant } from '../../domain/time';
import type { Jobs } from '../../main';
import type { ImportJob } from '../../services/import-jobs';
import type { Progress } from '../progress';
import { progressLine } from '../render/import-text';

const POLL_MS = 300;

export function isFinal(job: ImportJob): boolean {
  return job.state === 'COMPLETED' || job.state === 'FAILED' || job.state === 'CANCELLED';
}

/**
 * Polls the jobs until each has ended and puts each one's final state in `finished`. The first
 * job not yet ended is the one shown: its lines and rate while it runs, or why it waits.
 */
export async function followJobs(
  jobs: Jobs,
  pending: readonly ImportJob[],
  finished: Map<string, ImportJob>,
  progress: Progress,
): Promise<void> {
  const started = new Map<string, number>();
  const began = Date.now();
  try {
    while (pending.some((j) => !finished.has(j.id))) {
      const open: ImportJob[] = [];
      for (const j of pending) {
        if (finished.has(j.id)) continue;
        let now = await jobs.queue.get(j.id);
        // a job read just as it completes can show the new state without its summary yet
        if (now?.state === 'COMPLETED' && now.summary === undefined) {
          now = await jobs.queue.get(j.id);
        }
        if (now === undefined) {
          throw new ThreadgraphError('NOT_FOUND', `import job ${j.id} is gone from the queue`);
        }
        if (isFinal(now)) finished.set(j.id, now);
        else open.push(now);
      }
      const shown = open.find((j) => j.state === 'ACTIVE') ?? open[0];
      if (shown !== undefined) {
        if (shown.state === 'ACTIVE' && !started.has(shown.id)) started.set(shown.id, Date.now());
        const waited = Math.round((Date.now() - began) / 1000);
        const { phase, text } = describe(shown, started.get(shown.id), waited, progress.tty);
        const others = open.length - 1;
        progress.update(phase, others > 0 ? `${text} (+${others} more)` : text);
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    }
  } finally {
    progress.done();
  }
}

/** What the job is doing, and the phase that is; `waited`: seconds since following began. */
function describe(
  job: ImportJob,
  startedMs: number | undefined,
  waited: number,
  tty: boolean,
): { phase: string; text: string } {
  const label = job.input.label;
  switch (job.state) {
    case 'ACTIVE':
      return job.progress && startedMs !== undefined
        ? {
            phase: `${job.id} ${job.progress.phase}`,
            text: progressLine(label, job.progress, startedMs, tty),
          }
        : { phase: `${job.id} starting`, text: `${label}: starting (job ${job.id}, ${waited} s)` };
    case 'DELAYED':
      return {
        phase: `${job.id} delayed ${job.attemptsMade}`,
        text:
          `${label}: attempt ${job.attemptsMade} of ${job.attemptsMax} failed (${job.error ?? 'no reason given'}); ` +
          `the next ${job.nextAttemptAt ? `at ${formatInstant(job.nextAttemptAt)}` : 'soon'}`,
      };
    default:
      return {
        phase: `${job.id} waiting`,
        text: `${label}: waiting in the queue for a worker (job ${job.id}, ${waited} s)`,
      };
  }
}
