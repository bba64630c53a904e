/** `threadgraph jobs`: list, show, retry and cancel import jobs; the rejected lines of one as CSV. */
import type { Logger } from 'pino';
import type { Config } from '../../config';
import { csvRow } from '../../domain/csv';
import { ThreadgraphError } from '../../domain/errors';
import { openGraph, openJobs } from '../../main';
import type { ImportJobState } from '../../services/import-jobs';
import { IMPORT_JOB_STATES, checkJobId } from '../../services/import-jobs';
import { nonNegative, parse, positive, print, UsageError } from '../args';
import { renderJob, renderJobList } from '../render/import-text';

const USAGE =
  'usage: threadgraph jobs [--state STATE]... [--limit N] [--offset N] [--json]\n' +
  '       threadgraph jobs show|retry|cancel|rejected ID [--json]';

export async function jobsCommand(args: string[], config: Config, logger: Logger): Promise<number> {
  const [action, ...rest] = args;
  if (action === undefined || action.startsWith('-')) return list(args, config, logger);
  if (!['show', 'retry', 'cancel', 'rejected'].includes(action)) throw new UsageError(USAGE);
  const { values, positionals } = parse(rest, { json: { type: 'boolean', default: false } }, true);
  const [raw] = positionals;
  if (raw === undefined || positionals.length > 1) throw new UsageError(USAGE);
  const id = checkJobId(raw);
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
    print(values.json, job, () => renderJob(job));
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
  const jobs = await openJobs(config, undefined, logger);
  try {
    const page = await jobs.jobs.list(
      states,
      nonNegative(values.offset, '--offset'),
      positive(values.limit, '--limit'),
    );
    print(values.json, page, () => renderJobList(page.jobs, page.hasMore));
    return 0;
  } finally {
    await jobs.close();
  }
}
