/**
 * `threadgraph import FILE…`: each file becomes an import job. When no worker is running, this
 * process works the queue itself (its own jobs first), so a script needs nothing else started;
 * it shows progress on a terminal and ends with each file's summary, and says what became of
 * every file. `--no-wait` prints the job ids and returns.
 */
import type { Logger } from 'pino';
import type { Config } from '../../config';
import { ThreadgraphError } from '../../domain/errors';
import type { RunningWorker } from '../../jobs/import-worker';
import type { Jobs, Services } from '../../main';
import { createServices, openGraph, openJobs, runWorker } from '../../main';
import { IMPORT_FORMATS, isImportFormat } from '../../services/import-files';
import type { ImportJob } from '../../services/import-jobs';
import { parse, UsageError } from '../args';
import { describeImport, progressLine } from '../render/import-text';

const POLL_MS = 300;

interface FileOutcome {
  readonly file: string;
  readonly job?: ImportJob;
  readonly created?: boolean;
  readonly error?: string;
}

export async function importCommand(
  args: string[],
  config: Config,
  logger: Logger,
): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      format: { type: 'string', default: 'canonical' },
      'no-wait': { type: 'boolean', default: false },
    },
    true,
  );
  if (!isImportFormat(values.format)) {
    throw new UsageError(
      `unknown --format ${JSON.stringify(values.format)}: one of ${IMPORT_FORMATS.join(', ')}`,
    );
  }
  if (positionals.length === 0) {
    throw new UsageError(
      `usage: threadgraph import [--format ${IMPORT_FORMATS.join('|')}] [--no-wait] FILE...`,
    );
  }
  const format = values.format;
  const noWait = values['no-wait'];

  // the graph is opened only if this process has to work the jobs itself
  let services: Services | undefined;
  const graph = async () => {
    services ??= createServices((await openGraph(config, logger)).executor, config.boundaryCost);
    return services;
  };
  const jobs: Jobs = await openJobs(config, undefined, logger);
  let worker: RunningWorker | undefined;
  try {
    const alone = !noWait && (await jobs.queue.workersAlive()) === 0;
    const outcomes: FileOutcome[] = [];
    // with no worker running, this process's jobs go to the head of the queue, first file first
    for (const file of alone ? [...positionals].reverse() : positionals) {
      try {
        const { job, created } = await jobs.jobs.submitPath(file, format, { first: alone });
        outcomes.push({ file, job, created });
      } catch (e) {
        if (!(e instanceof ThreadgraphError) || e.code !== 'INVALID_INPUT') throw e;
        outcomes.push({ file, error: e.message });
      }
    }
    if (alone) outcomes.reverse();

    if (noWait) {
      for (const o of outcomes) {
        process.stdout.write(
          o.job
            ? `${o.job.id}  ${o.created ? 'queued' : `already ${o.job.state.toLowerCase()}`}  ${o.file}\n`
            : `-  not queued: ${o.error}\n`,
        );
      }
      return outcomes.some((o) => o.error) ? 1 : 0;
    }

    const waiting = outcomes.filter((o) => o.job && (o.created || !isFinal(o.job)));
    if (alone && waiting.length > 0) {
      process.stderr.write(
        'no import worker is running: this process works the queue until its jobs are done\n',
      );
      const s = await graph();
      worker = await runWorker(config, s, { ...jobs, jobs: jobs.jobs }, logger, 1);
    }
    const finished = new Map<string, ImportJob>();
    for (const o of outcomes)
      if (o.job && !o.created && isFinal(o.job)) finished.set(o.job.id, o.job);
    await follow(
      jobs,
      waiting.map((o) => o.job as ImportJob),
      finished,
    );

    let code = 0;
    for (const o of outcomes) {
      if (o.error !== undefined) {
        process.stdout.write(`not imported: ${o.error}\n`);
        code = Math.max(code, 1);
        continue;
      }
      const job = finished.get((o.job as ImportJob).id) as ImportJob;
      if (!o.created && o.job && isFinal(o.job) && job.state === 'COMPLETED') {
        process.stdout.write(
          `${o.file} was imported before, as job ${job.id} (run ${job.run}); ` +
            `\`threadgraph jobs retry ${job.id}\` imports it again. Its summary:\n`,
        );
      }
      if (job.summary) process.stdout.write(describeImport(job.summary));
      if (job.state !== 'COMPLETED') {
        process.stdout.write(
          `${job.state === 'CANCELLED' ? 'CANCELLED' : 'FAILED'} ${o.file} (job ${job.id}): ${job.error ?? 'cancelled'}\n` +
            '  the batches before the failure are applied; `threadgraph jobs retry ' +
            `${job.id}\` resumes it where it stopped\n`,
        );
        code = Math.max(code, 3);
      }
    }
    if (outcomes.length > 1) {
      process.stdout.write(`${outcomes.length} files:\n`);
      for (const o of outcomes) {
        const job = o.job ? finished.get(o.job.id) : undefined;
        process.stdout.write(
          `  ${o.file}: ${o.error !== undefined ? 'not imported (cannot be read)' : `${(job?.state ?? '?').toLowerCase()} (job ${o.job?.id})`}\n`,
        );
      }
    }
    return code;
  } finally {
    await worker?.close('drain');
    await jobs.close();
    await services?.executor.close();
  }
}

function isFinal(job: ImportJob): boolean {
  return job.state === 'COMPLETED' || job.state === 'FAILED' || job.state === 'CANCELLED';
}

/** Polls the jobs until each has ended; on a terminal, one progress line for the running one. */
async function follow(
  jobs: Jobs,
  pending: ImportJob[],
  finished: Map<string, ImportJob>,
): Promise<void> {
  const tty = process.stderr.isTTY === true;
  const started = new Map<string, number>();
  let shown = false;
  while (pending.some((j) => !finished.has(j.id))) {
    for (const j of pending) {
      if (finished.has(j.id)) continue;
      const now = await jobs.queue.get(j.id);
      if (now === undefined) {
        throw new ThreadgraphError('NOT_FOUND', `import job ${j.id} is gone from the queue`);
      }
      if (isFinal(now)) {
        finished.set(j.id, now);
        continue;
      }
      if (tty && now.state === 'ACTIVE' && now.progress) {
        if (!started.has(j.id)) started.set(j.id, Date.now());
        process.stderr.write(
          `\r\x1b[2K${progressLine(now.input.label, now.progress, started.get(j.id) as number)}`,
        );
        shown = true;
      }
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  if (shown) process.stderr.write('\r\x1b[2K');
}
