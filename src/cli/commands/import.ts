/**
 * `threadgraph import FILE…`: each file becomes an import job. When no worker is running, this
 * process works the queue itself (its own jobs first), so a script needs nothing else started;
 * it shows progress on stderr and ends with each file's summary, and says what became of every
 * file (`--json`: all of it as one document). `--no-wait` prints the job ids and returns.
 */
import { userInfo } from 'node:os';
import type { Logger } from 'pino';
import type { Config } from '../../config';
import { ThreadgraphError } from '../../domain/errors';
import type { RunningWorker } from '../../jobs/import-worker';
import type { Jobs, Services } from '../../main';
import { createServices, openGraph, openJobs, runWorker } from '../../main';
import type { FormatOptions } from '../../services/import-formats';
import { IMPORT_FORMATS, isImportFormat, isLineFormat } from '../../services/import-formats';
import type { ImportJob } from '../../services/import-jobs';
import type { ImportSummary } from '../../services/import-service';
import type { CommandHelp } from '../args';
import { parse, UsageError } from '../args';
import { EXIT, worstExit } from '../exit-codes';
import { Progress } from '../progress';
import { describeImport } from '../render/import-text';
import { followJobs, isFinal } from './follow-jobs';

export const importHelp: CommandHelp = {
  usage: [
    `threadgraph import [--format ${IMPORT_FORMATS.join('|')}] [--no-wait] [--json] FILE...`,
    'threadgraph import --format csv --profile PROFILE [--site S] [--system N] [--timezone ZONE] FILE...',
    'threadgraph import [--site S] [--system N] [--timezone ZONE] [--material-source ERP|PLM] B2MML-OR-CATENAX-FILE...',
    'threadgraph import [--timezone ZONE] [--requirement-id identifier|foreign-id] REQIF-FILE...',
    'threadgraph import [--plan FILE] [--plan-revision R] [--timezone ZONE] QIF-FILE...',
    'threadgraph import [--site S] [--system N] [--id-from assetId|productInstanceUri|serialNumber] [--equipment-source OT|MES] NODESET2-XML...',
  ],
  summary:
    'import each file as a job (worked here when no worker runs); prints what was applied, ' +
    'rejected (line and reason) and refused by authority',
  description:
    'Imports each file as a job on the queue. When no worker is running, this process works the ' +
    'queue itself, its own jobs first. Progress goes to stderr (a live line on a terminal, a ' +
    'line every 10 s otherwise); then, per file, what was applied, unchanged, kept as history, ' +
    'rejected and refused by the authority rules. A file that cannot be read does not stop the ' +
    'others. Exit status: 0 every file imported; 5 imported, but some lines were rejected ' +
    '(`threadgraph jobs rejected ID` lists them); 1 a file could not be read; 3 a job failed or ' +
    'was cancelled (`threadgraph jobs retry ID` resumes it). With several files the worst wins: ' +
    '3, then 1, then 5. Lines refused by the authority rules (governance violations) do not ' +
    'count as rejected.',
  options: [
    [
      '--format F',
      `${IMPORT_FORMATS.join(', ')}; without it, told from each file's content and name`,
    ],
    [
      '--profile P',
      'CSV: the mapping profile — a file, or the name of a shipped one (importers/csv/profiles)',
    ],
    ['--site S', 'the site of records whose file does not say (B2MML, Catena-X, OPC UA NodeSet)'],
    ['--system N', 'the sending system, where the file does not say'],
    ['--timezone Z', 'IANA zone of local times without an offset (e.g. Europe/Berlin)'],
    [
      '--material-source ERP|PLM',
      'B2MML material masters: ERP (default: refused by the authority rule) or PLM',
    ],
    [
      '--requirement-id identifier|foreign-id',
      'ReqIF: which id becomes the requirement id (default the SPEC-OBJECT IDENTIFIER)',
    ],
    [
      '--plan FILE[:FILE]',
      "QIF: plan files the results are joined to (relative to the results file's folder)",
    ],
    ['--plan-revision R', 'QIF: the revision of the plan the file defines'],
    [
      '--id-from F',
      'OPC UA NodeSet: the property every Equipment id is taken from (assetId, productInstanceUri, ' +
        'serialNumber: Manufacturer/SerialNumber); default the first a machine has, in that order',
    ],
    [
      '--equipment-source OT|MES',
      'OPC UA NodeSet: OT (default: refused by the authority rule) or MES (the site makes the ' +
        "machine's nameplate its equipment record)",
    ],
    ['--no-wait', 'queue the jobs, print their ids and return (exit 1 if a file cannot be read)'],
    [
      '--json',
      'one JSON document on stdout: the exit status and, per file, its outcome, job and summary',
    ],
  ],
};

/** What became of one file; `outcome` decides its exit status. */
export type FileOutcomeKind =
  'completed' | 'completed-with-rejections' | 'failed' | 'cancelled' | 'unreadable' | 'queued';

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
      format: { type: 'string' },
      profile: { type: 'string' },
      site: { type: 'string' },
      system: { type: 'string' },
      timezone: { type: 'string' },
      'material-source': { type: 'string' },
      'requirement-id': { type: 'string' },
      plan: { type: 'string' },
      'plan-revision': { type: 'string' },
      'id-from': { type: 'string' },
      'equipment-source': { type: 'string' },
      'no-wait': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
    true,
  );
  if (values.format !== undefined && !isImportFormat(values.format)) {
    throw new UsageError(
      `unknown --format ${JSON.stringify(values.format)}: one of ${IMPORT_FORMATS.join(', ')}`,
    );
  }
  if (positionals.length === 0) throw new UsageError('which files? name at least one');
  const format = values.format;
  const formatOptions: FormatOptions = {
    ...(values.profile !== undefined ? { profile: values.profile } : {}),
    ...(values.site !== undefined ? { site: values.site } : {}),
    ...(values.system !== undefined ? { system: values.system } : {}),
    ...(values.timezone !== undefined ? { timezone: values.timezone } : {}),
    ...(values['material-source'] !== undefined
      ? { materialSource: values['material-source'] }
      : {}),
    ...(values['requirement-id'] !== undefined ? { requirementId: values['requirement-id'] } : {}),
    ...(values.plan !== undefined ? { plan: values.plan } : {}),
    ...(values['plan-revision'] !== undefined ? { planRevision: values['plan-revision'] } : {}),
    ...(values['id-from'] !== undefined ? { idFrom: values['id-from'] } : {}),
    ...(values['equipment-source'] !== undefined
      ? { equipmentSource: values['equipment-source'] }
      : {}),
  };
  const noWait = values['no-wait'];
  const json = values.json;
  const say = (text: string) => {
    if (!json) process.stdout.write(text);
  };

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
        const { job, created } = await jobs.jobs.submitPath(file, format, {
          first: alone,
          formatOptions,
        });
        outcomes.push({ file, job, created });
      } catch (e) {
        if (!(e instanceof ThreadgraphError) || e.code !== 'INVALID_INPUT') throw e;
        outcomes.push({ file, error: e.message });
      }
    }
    if (alone) outcomes.reverse();
    await recordImports(outcomes, graph, logger);

    if (noWait) {
      const code = worstExit(outcomes.map((o) => (o.error !== undefined ? EXIT.USAGE : EXIT.DONE)));
      if (json) {
        printJson(
          code,
          outcomes.map((o) =>
            o.job
              ? fileJson(o, o.job, o.created ? 'queued' : outcomeOf(o.job))
              : { file: o.file, outcome: 'unreadable', error: o.error },
          ),
        );
      }
      for (const o of outcomes) {
        say(
          o.job
            ? `${o.job.id}  ${o.created ? 'queued' : `already ${o.job.state.toLowerCase()}`}  ${o.file}\n`
            : `-  not queued: ${o.error}\n`,
        );
      }
      return code;
    }

    const waiting = outcomes.filter((o) => o.job && (o.created || !isFinal(o.job)));
    if (alone && waiting.length > 0) {
      process.stderr.write(
        'no import worker is running: this process works the queue until its jobs are done\n',
      );
      const s = await graph();
      worker = await runWorker(config, s, jobs, logger, 1);
    }
    const finished = new Map<string, ImportJob>();
    for (const o of outcomes)
      if (o.job && !o.created && isFinal(o.job)) finished.set(o.job.id, o.job);
    await followJobs(
      jobs,
      waiting.map((o) => o.job as ImportJob),
      finished,
      new Progress(),
    );

    const results: { o: FileOutcome; job?: ImportJob; outcome: FileOutcomeKind }[] = [];
    for (const o of outcomes) {
      if (o.error !== undefined) {
        say(`not imported: ${o.error}\n`);
        results.push({ o, outcome: 'unreadable' });
        continue;
      }
      const job = finished.get((o.job as ImportJob).id) as ImportJob;
      const outcome = outcomeOf(job);
      results.push({ o, job, outcome });
      if (!o.created && o.job && isFinal(o.job) && job.state === 'COMPLETED') {
        say(
          `${o.file} was imported before, as job ${job.id} (run ${job.run}); ` +
            `\`threadgraph jobs retry ${job.id}\` imports it again. Its summary:\n`,
        );
      }
      if (job.summary) {
        say(describeImport(job.summary, isLineFormat(job.input.format) ? 'lines' : 'records'));
      }
      if (job.state !== 'COMPLETED') {
        say(
          `${job.state === 'CANCELLED' ? 'CANCELLED' : 'FAILED'} ${o.file} (job ${job.id}): ${job.error ?? 'cancelled'}\n` +
            '  the batches before the failure are applied; `threadgraph jobs retry ' +
            `${job.id}\` resumes it where it stopped\n`,
        );
      }
    }
    const code = worstExit(results.map((r) => EXIT_OF[r.outcome]));
    if (outcomes.length > 1) {
      say(`${outcomes.length} files:\n`);
      for (const { o, job, outcome } of results) {
        say(
          `  ${o.file}: ${
            job === undefined
              ? 'not imported (cannot be read)'
              : `${job.state.toLowerCase()}${outcome === 'completed-with-rejections' ? `, ${(job.summary as ImportSummary).rejected} lines rejected` : ''} (job ${job.id})`
          }\n`,
        );
      }
    }
    if (json) {
      printJson(
        code,
        results.map(({ o, job, outcome }) =>
          job === undefined ? { file: o.file, outcome, error: o.error } : fileJson(o, job, outcome),
        ),
      );
    }
    return code;
  } finally {
    await worker?.close('drain');
    await jobs.close();
    await services?.executor.close();
  }
}

const EXIT_OF: Record<FileOutcomeKind, number> = {
  completed: EXIT.DONE,
  'completed-with-rejections': EXIT.REJECTED_LINES,
  failed: EXIT.UNAVAILABLE,
  cancelled: EXIT.UNAVAILABLE,
  unreadable: EXIT.USAGE,
  queued: EXIT.DONE,
};

function outcomeOf(job: ImportJob): FileOutcomeKind {
  switch (job.state) {
    case 'COMPLETED':
      return (job.summary?.rejected ?? 0) > 0 ? 'completed-with-rejections' : 'completed';
    case 'FAILED':
      return 'failed';
    case 'CANCELLED':
      return 'cancelled';
    default:
      return 'queued';
  }
}

function fileJson(o: FileOutcome, job: ImportJob, outcome: FileOutcomeKind) {
  return {
    file: o.file,
    outcome,
    jobId: job.id,
    state: job.state,
    submittedBefore: o.created === false,
    ...(job.summary ? { summary: job.summary } : {}),
    ...(job.error ? { error: job.error } : {}),
  };
}

function printJson(exitCode: number, files: readonly object[]): void {
  process.stdout.write(`${JSON.stringify({ exitCode, files }, null, 2)}\n`);
}

/**
 * Every import queued here is on the audit trail, by the operating-system user who ran the
 * command. The files are queued already: a trail that cannot be written is said, not fatal.
 */
async function recordImports(
  outcomes: readonly FileOutcome[],
  graph: () => Promise<Services>,
  logger: Logger,
): Promise<void> {
  const created = outcomes.filter((o) => o.job !== undefined && o.created === true);
  if (created.length === 0) return;
  try {
    const { auditTrail } = await graph();
    for (const o of created) {
      await auditTrail.record({
        actor: `cli:${userInfo().username}`,
        actorKind: 'cli',
        action: 'import.start',
        target: o.job?.id ?? null,
        from: null,
        reason: null,
        detail: { file: o.file, via: 'cli' },
      });
    }
  } catch (e) {
    logger.error({ err: e }, 'audit trail not written: the imports queued');
  }
}
