/** `threadgraph jobs`: list, show, retry and cancel import jobs; the rejected lines of one as CSV. */
import type { Logger } from 'pino';
import type { Config } from '../../config';
import { csvRow } from '../../domain/csv';
import { ThreadgraphError } from '../../domain/errors';
import { openGraph, openJobs } from '../../main';
import type { ImportJobState } from '../../services/import-jobs';
import { IMPORT_JOB_STATES, checkJobId } from '../../services/import-jobs';
import type { CommandHelp } from '../args';
import { closest, nonNegative, parse, positive, print, UsageError } from '../args';
import { renderJob, renderJobList } from '../render/import-text';

const ACTIONS = ['show', 'retry', 'cancel', 'rejected'] as const;

export const jobsHelp: CommandHelp = {
  usage: [
    'threadgraph jobs [--state S]... [--limit N] [--offset N] [--json]',
    'threadgraph jobs show|retry|cancel ID [--json]',
    'threadgraph jobs rejected ID',
  ],
  summary:
    'list import jobs (waiting, active, delayed, completed, failed, cancelled); show, retry or ' +
    'cancel one; its rejected lines as CSV',
  description:
    'Lists the import jobs, latest activity first (a page that is not the last says how to get ' +
    'the next). show: one job, its runs and first rejected lines. retry: resume a failed or ' +
    'cancelled job from its last committed batch, or import a completed one again. cancel: stop ' +
    'one. rejected: every rejected line of a job, as CSV (line, field, reason, excerpt).',
  options: [
    [
      '--state S',
      `only jobs in this state (may repeat): ${IMPORT_JOB_STATES.join(', ').toLowerCase()}`,
    ],
    ['--limit N', 'at most N jobs (default 50)'],
    ['--offset N', 'skip the first N'],
    ['--json', 'the answer as JSON'],
  ],
};

export async function jobsCommand(args: string[], config: Config, logger: Logger): Promise<number> {
  const [action, ...rest] = args;
  if (action === undefined || action.startsWith('-')) return list(args, config, logger);
  if (!(ACTIONS as readonly string[]).includes(action)) {
    const near = closest(action, ACTIONS);
    throw new UsageError(
      `unknown action ${JSON.stringify(action)}${near ? ` (did you mean ${near}?)` : ''}: ` +
        `one of ${ACTIONS.join(', ')}, or options to list the jobs`,
    );
  }
  const { values, positionals } = parse(
    rest,
    action === 'rejected' ? {} : { json: { type: 'boolean', default: false } },
    true,
  );
  const [raw] = positionals;
  if (raw === undefined) throw new UsageError(`jobs ${action} which job? give its id (imp-…)`);
  if (positionals.length > 1) {
    throw new UsageError(`one job at a time, not ${positionals.length}`);
  }
  const id = jobId(raw);
  const { executor } = await openGraph(config, logger);
  const jobs = await openJobs(config, executor, logger);
  try {
    if (action === 'rejected') {
      process.stdout.write(csvRow(['line', 'field', 'reason', 'excerpt']));
      if ((await jobs.queue.get(id)) === undefined)
        throw new ThreadgraphError('NOT_FOUND', `no import job ${id}`);
      for await (const r of jobs.jobs.rejectedLines(id)) {
        process.stdout.write(csvRow([r.line, r.field, r.reason, r.excerpt]));
      }
      return 0;
    }
    if (action === 'retry') await jobs.jobs.retry(id);
    if (action === 'cancel') await jobs.jobs.cancel(id);
    const job = await jobs.jobs.job(id);
    if (job === undefined) throw new ThreadgraphError('NOT_FOUND', `no import job ${id}`);
    print(values.json === true, job, () => renderJob(job));
    return 0;
  } finally {
    await jobs.close();
    await executor.close();
  }
}

async function list(args: string[], config: Config, logger: Logger): Promise<number> {
  const { values } = parse(args, {
    state: { type: 'string', multiple: true },
    limit: { type: 'string', default: '50' },
    offset: { type: 'string', default: '0' },
    json: { type: 'boolean', default: false },
  });
  const states = values.state?.map((s) => {
    const upper = s.toUpperCase();
    if (!(IMPORT_JOB_STATES as readonly string[]).includes(upper)) {
      throw new UsageError(
        `--state must be one of ${IMPORT_JOB_STATES.join(', ').toLowerCase()}, not ${JSON.stringify(s)}`,
      );
    }
    return upper as ImportJobState;
  });
  const offset = nonNegative(values.offset, '--offset');
  const limit = positive(values.limit, '--limit');
  const jobs = await openJobs(config, undefined, logger);
  try {
    const page = await jobs.jobs.list(states, offset, limit);
    print(values.json, page, () =>
      renderJobList(page.jobs, { hasMore: page.hasMore, offset, limit }),
    );
    return 0;
  } finally {
    await jobs.close();
  }
}

/** A job id as typed; a malformed one is a usage error, not a lookup. */
function jobId(raw: string): string {
  try {
    return checkJobId(raw);
  } catch (e) {
    if (e instanceof ThreadgraphError && e.code === 'INVALID_INPUT')
      throw new UsageError(e.message);
    throw e;
  }
}
