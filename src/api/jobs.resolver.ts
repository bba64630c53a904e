import {
  Arg,
  Ctx,
  Args,
  ArgsType,
  Field,
  FieldResolver,
  ID,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
  Subscription,
} from 'type-graphql';
import type { RequestContext } from './request-context';
import { ThreadgraphError } from '../domain/errors';
import type { FormatOptions, ImportFormat } from '../services/import-formats';
import { FORMAT_OPTION_NAMES } from '../services/import-formats';
import type {
  ImportJob as Job,
  ImportJobService,
  ImportJobState,
  ImportRun as Run,
} from '../services/import-jobs';
import { checkJobId, shippedProfiles } from '../services/import-jobs';
import type { ImportProgress as Progress } from '../services/import-service';
import {
  ImportFormatEnum,
  ImportJob,
  ImportJobConnection,
  ImportJobStateEnum,
  ImportProgress,
  ImportRun,
  RejectedLine,
} from './jobs.type';
import type { Upload } from './upload';
import { UploadScalar } from './upload';

@ArgsType()
class ImportJobsArgs {
  @Field(() => [ImportJobStateEnum], { nullable: true, description: 'every state when absent' })
  state?: ImportJobState[] | null;

  @Field(() => Int, { nullable: true, defaultValue: 20 })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;
}

@ArgsType()
class StartImportArgs {
  @Field(() => String, {
    nullable: true,
    description: 'a file on the server, inside a folder it imports from (THREADGRAPH_IMPORT_DIRS)',
  })
  path?: string | null;

  @Field(() => UploadScalar, { nullable: true, description: 'a file sent with the request' })
  file?: Upload | null;

  @Field(() => ImportFormatEnum, {
    nullable: true,
    description: 'null: told from the content and name of the file',
  })
  format?: ImportFormat | null;

  @Field(() => String, {
    nullable: true,
    description:
      'CSV: the mapping profile, by the name of a shipped profile (csvProfiles) or a path inside a folder the server imports from',
  })
  profile?: string | null;

  @Field(() => String, { nullable: true, description: 'the site, where the file does not say' })
  site?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'the sending system, where the file does not say',
  })
  system?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'IANA time zone of local times without an offset (e.g. Europe/Berlin)',
  })
  timezone?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'B2MML material masters: ERP (default; refused by the authority rule) or PLM',
  })
  materialSource?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'ReqIF: which id becomes the requirement id — identifier (default, the SPEC-OBJECT IDENTIFIER) or foreign-id',
  })
  requirementId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'QIF: the revision of the plan the file defines (QIF documents carry none)',
  })
  planRevision?: string | null;
}

/** What the API needs of import jobs, and where it may read server-side paths from. */
export interface JobsApi {
  readonly jobs: ImportJobService;
  readonly importDirs: readonly string[];
}

@Resolver(() => ImportJob)
export class JobsResolver {
  constructor(private readonly api: JobsApi | undefined) {}

  @Query(() => ImportJob, { nullable: true, description: 'null when there is no such job' })
  async importJob(@Arg('id', () => ID) id: string): Promise<ImportJob | null> {
    const job = await this.jobs().job(checkJobId(id));
    return job === undefined ? null : toGraph(job);
  }

  @Query(() => ImportJobConnection, { description: 'most recent activity first' })
  async importJobs(@Args(() => ImportJobsArgs) args: ImportJobsArgs): Promise<ImportJobConnection> {
    const first = args.first ?? 20;
    if (first < 1 || first > 500)
      throw new ThreadgraphError('INVALID_INPUT', 'first must be 1 to 500');
    const offset = args.after ? decodeCursor(args.after) : 0;
    const page = await this.jobs().list(args.state ?? undefined, offset, first);
    return {
      nodes: page.jobs.map(toGraph),
      pageInfo: {
        hasNextPage: page.hasMore,
        endCursor: page.jobs.length > 0 ? encodeCursor(offset + page.jobs.length) : null,
      },
    };
  }

  @Mutation(() => ImportJob, {
    description:
      'queues an import of a server-side path or an uploaded file; the same content with the same ' +
      'options is the same job (then it is answered, not queued again)',
  })
  async startImport(
    @Ctx() context: RequestContext,
    @Args(() => StartImportArgs) args: StartImportArgs,
  ): Promise<ImportJob> {
    const format = args.format ?? undefined;
    const dirs = this.api?.importDirs ?? [];
    const options: FormatOptions = {
      ...(args.profile ? { profile: await this.jobs().profileFromClient(args.profile, dirs) } : {}),
      ...(args.site ? { site: args.site } : {}),
      ...(args.system ? { system: args.system } : {}),
      ...(args.timezone ? { timezone: args.timezone } : {}),
      ...(args.materialSource ? { materialSource: args.materialSource } : {}),
      ...(args.requirementId ? { requirementId: args.requirementId } : {}),
      ...(args.planRevision ? { planRevision: args.planRevision } : {}),
    };
    if ((args.path ? 1 : 0) + (args.file ? 1 : 0) !== 1) {
      throw new ThreadgraphError('INVALID_INPUT', 'give either path or file');
    }
    if (args.file) {
      if (args.file.truncated) {
        throw new ThreadgraphError(
          'INVALID_INPUT',
          `${args.file.filename} is larger than the upload limit (THREADGRAPH_UPLOAD_MAX_BYTES, ${args.file.size} bytes read)`,
        );
      }
      const { job } = await this.jobs().submitReceived(
        args.file.path,
        args.file.filename,
        format,
        'upload',
        options,
      );
      await context.audit('import.start', job.id, { file: args.file.filename, via: 'upload' });
      return toGraph(job);
    }
    const { job } = await this.jobs().submitServerPath(args.path as string, format, dirs, options);
    await context.audit('import.start', job.id, { file: args.path as string, via: 'path' });
    return toGraph(job);
  }

  @Query(() => [String], { description: 'the CSV mapping profiles shipped with threadgraph' })
  async csvProfiles(): Promise<string[]> {
    return shippedProfiles();
  }

  @Mutation(() => ImportJob, {
    description:
      'a failed or cancelled job resumes from its checkpoint; a completed one runs again',
  })
  async retryImport(
    @Ctx() context: RequestContext,
    @Arg('id', () => ID) id: string,
  ): Promise<ImportJob> {
    const job = await this.jobs().retry(checkJobId(id));
    await context.audit('import.retry', job.id);
    return toGraph(job);
  }

  @Mutation(() => ImportJob, {
    description: 'a waiting job will not run; a running one stops after its batch in flight',
  })
  async cancelImport(
    @Ctx() context: RequestContext,
    @Arg('id', () => ID) id: string,
  ): Promise<ImportJob> {
    const job = await this.jobs().cancel(checkJobId(id));
    await context.audit('import.cancel', job.id);
    return toGraph(job);
  }

  @Subscription(() => ImportJob, {
    description: 'the job now, then after every change of state or progress until it ends',
    subscribe: ({ args, context }) =>
      watchJob((context as { jobs?: ImportJobService }).jobs, String((args as { id: string }).id)),
  })
  importJobProgress(@Root() job: Job, @Arg('id', () => ID) _id: string): ImportJob {
    return toGraph(job);
  }

  @FieldResolver(() => [RejectedLine], {
    description: 'the first rejected lines of the latest run',
  })
  async rejectedLines(
    @Root() job: ImportJob,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
  ): Promise<RejectedLine[]> {
    const out: RejectedLine[] = [];
    if (first < 1) return out;
    for await (const r of this.jobs().rejectedLines(job.id)) {
      out.push({
        line: r.line,
        field: r.field ?? null,
        reason: r.reason,
        excerpt: r.excerpt ?? null,
      });
      if (out.length >= Math.min(first, 1000)) break;
    }
    return out;
  }

  @FieldResolver(() => [ImportRun], {
    description: 'its runs as the graph recorded them, newest first',
  })
  async runs(@Root() job: ImportJob): Promise<ImportRun[]> {
    return (await this.jobs().runsOf(job.id)).map(runToGraph);
  }

  private jobs(): ImportJobService {
    if (this.api === undefined) {
      throw new ThreadgraphError(
        'UNAVAILABLE',
        'import jobs are not available: this server has no Redis',
      );
    }
    return this.api.jobs;
  }
}

/** The job's changes as a subscription: ends when the job ends or the client leaves. */
function watchJob(jobs: ImportJobService | undefined, id: string): AsyncIterable<Job> {
  if (jobs === undefined) {
    throw new ThreadgraphError(
      'UNAVAILABLE',
      'import jobs are not available: this server has no Redis',
    );
  }
  const controller = new AbortController();
  const inner = jobs.watch(checkJobId(id), controller.signal)[Symbol.asyncIterator]();
  return {
    [Symbol.asyncIterator]: () => ({
      next: () => inner.next(),
      return: async () => {
        controller.abort();
        await inner.return?.();
        return { done: true, value: undefined };
      },
    }),
  };
}

export function toGraph(job: Job): ImportJob {
  const progress = job.progress ?? job.summary;
  return {
    id: job.id,
    state: job.state,
    file: job.input.label,
    format: job.input.format,
    options: optionsToGraph(job.input.options ?? {}),
    origin: job.input.origin,
    fileHash: job.input.fileHash,
    fileSize: job.input.fileSize,
    run: job.run,
    submittedAt: job.submittedAt,
    startedAt: job.startedAt ?? null,
    finishedAt: job.finishedAt ?? null,
    durationMs:
      job.startedAt && job.finishedAt
        ? Date.parse(job.finishedAt.slice(0, 23) + 'Z') -
          Date.parse(job.startedAt.slice(0, 23) + 'Z')
        : null,
    attempts: job.attemptsMade,
    maxAttempts: job.attemptsMax,
    nextAttemptAt: job.nextAttemptAt ?? null,
    progress:
      progress === undefined
        ? null
        : progressToGraph(
            progress,
            job.input.totalLines,
            job.input.fileSize,
            job.state === 'COMPLETED',
          ),
    error: job.error ?? null,
    cancelRequested: job.cancelRequested,
    rejectedLinesUrl: `/imports/${job.id}/rejected.csv`,
  };
}

/**
 * A job's options as people read them: the CSV profile by its id@version and sha256 (the kept
 * copy's path is the server's business), then the others.
 */
function optionsToGraph(options: FormatOptions): { name: string; value: string }[] {
  return FORMAT_OPTION_NAMES.flatMap((key) => {
    const value = options[key];
    if (value === undefined || key === 'profile') return [];
    return [{ name: key === 'profileName' ? 'profile' : key, value }];
  });
}

function progressToGraph(
  p: Omit<Progress, 'importId' | 'phase' | 'line' | 'totalLines' | 'offset' | 'fileSize'> &
    Partial<Progress>,
  totalLines: number,
  fileSize: number,
  done: boolean,
): ImportProgress {
  return {
    phase: done ? 'done' : (p.phase ?? 'records'),
    // a format that is not a record a line has no total until it is read: records count
    read: done ? totalLines || p.lines : (p.line ?? 0),
    total: totalLines > 0 ? totalLines : done ? p.lines : null,
    lines: p.lines,
    applied: p.applied,
    unchanged: p.unchanged,
    history: p.history,
    rejected: p.rejected,
    governanceViolations: p.violations,
    duplicates: p.duplicates ?? 0,
    bytesRead: done ? fileSize : totalLines > 0 ? (p.offset ?? null) : null,
    bytesTotal: fileSize,
  };
}

function runToGraph(r: Run): ImportRun {
  return {
    id: r.id,
    run: r.run,
    status: r.status,
    startedAt: r.startedAt,
    resumedAt: r.resumedAt ?? null,
    finishedAt: r.finishedAt ?? null,
    attempts: r.attempts,
    derivedUnits: r.derivedUnits ?? null,
    error: r.error ?? null,
    progress: {
      phase: r.status === 'COMPLETED' ? 'done' : r.phase,
      read: r.line,
      total: r.totalLines ? r.totalLines : null,
      lines: r.lines,
      applied: r.applied,
      unchanged: r.unchanged,
      history: r.history,
      rejected: r.rejected,
      governanceViolations: r.violations,
      duplicates: r.duplicates,
      bytesRead: null,
      bytesTotal: null,
    },
  };
}

function encodeCursor(offset: number): string {
  return Buffer.from(`jobs:${offset}`).toString('base64url');
}

function decodeCursor(cursor: string): number {
  const m = /^jobs:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m)
    throw new ThreadgraphError(
      'INVALID_INPUT',
      `not a cursor of importJobs: ${JSON.stringify(cursor.slice(0, 40))}`,
    );
  return Number(m[1]);
}
