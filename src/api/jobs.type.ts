import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IMPORT_FORMATS } from '../services/import-formats';
import { IMPORT_JOB_STATES } from '../services/import-jobs';
import { PageInfo } from './governance.type';
import { DateTimeScalar } from './scalars';

export const ImportJobStateEnum = Object.fromEntries(IMPORT_JOB_STATES.map((s) => [s, s])) as {
  [K in (typeof IMPORT_JOB_STATES)[number]]: K;
};
registerEnumType(ImportJobStateEnum, {
  name: 'ImportJobState',
  description:
    'WAITING for a worker; ACTIVE (running); DELAYED (waiting to retry after a transient fault); ' +
    'COMPLETED; FAILED (invalid input, or its retries spent: retryImport resumes it); CANCELLED',
});

/** A format's GraphQL name: upper case, `-` as `_` (GraphQL names allow no hyphen). */
type EnumName<F extends string> = F extends `${infer A}-${infer B}`
  ? `${Uppercase<A>}_${EnumName<B>}`
  : Uppercase<F>;
export const ImportFormatEnum = Object.fromEntries(
  IMPORT_FORMATS.map((f) => [f.toUpperCase().replace(/-/g, '_'), f]),
) as { [F in (typeof IMPORT_FORMATS)[number] as EnumName<F>]: F };
registerEnumType(ImportFormatEnum, { name: 'ImportFormat' });

@ObjectType({ description: 'How far a job has come: counts of the lines it has committed' })
export class ImportProgress {
  @Field({ description: 'records (reading and writing) or derive (working out derived state)' })
  phase!: string;

  @Field(() => Int, { description: 'the last line read and committed (blank lines included)' })
  read!: number;

  @Field(() => Int, { nullable: true, description: 'lines in the file' })
  total!: number | null;

  @Field(() => Int, { description: 'non-blank lines read' })
  lines!: number;

  @Field(() => Int)
  applied!: number;

  @Field(() => Int)
  unchanged!: number;

  @Field(() => Int, { description: 'kept as history only (an earlier version than the current)' })
  history!: number;

  @Field(() => Int)
  rejected!: number;

  @Field(() => Int, { description: 'refused: the source is not the authority for the class' })
  governanceViolations!: number;

  @Field(() => Int, { description: 'events whose idempotency key was received before' })
  duplicates!: number;

  @Field(() => Float, { nullable: true, description: 'bytes read of the file' })
  bytesRead!: number | null;

  @Field(() => Float, { nullable: true })
  bytesTotal!: number | null;
}

@ObjectType()
export class RejectedLine {
  @Field(() => Int)
  line!: number;

  @Field(() => String, { nullable: true, description: 'the field the first problem is about' })
  field!: string | null;

  @Field()
  reason!: string;

  @Field(() => String, { nullable: true, description: 'the start of the line as received' })
  excerpt!: string | null;
}

@ObjectType({ description: 'One run of a job as the graph recorded it (the audit record)' })
export class ImportRun {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  run!: number;

  @Field({ description: 'NEW, RUNNING, INTERRUPTED (will resume), COMPLETED, FAILED, CANCELLED' })
  status!: string;

  @Field(() => DateTimeScalar)
  startedAt!: string;

  @Field(() => DateTimeScalar, { nullable: true })
  resumedAt!: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  finishedAt!: string | null;

  @Field(() => Int, { description: 'how many times a worker took the run up' })
  attempts!: number;

  @Field(() => Int, { nullable: true, description: 'units whose derived state was worked out' })
  derivedUnits!: number | null;

  @Field(() => String, { nullable: true })
  error!: string | null;

  @Field(() => ImportProgress)
  progress!: ImportProgress;
}

@ObjectType()
export class ImportOption {
  @Field()
  name!: string;

  @Field()
  value!: string;
}

@ObjectType()
export class ImportJob {
  @Field(() => ID, {
    description: 'from the content hash and the options: the same input is one job',
  })
  id!: string;

  @Field(() => ImportJobStateEnum)
  state!: string;

  @Field({ description: 'the file as people know it (an upload keeps its own name)' })
  file!: string;

  @Field(() => ImportFormatEnum)
  format!: string;

  @Field(() => [ImportOption], {
    description:
      'what the format is read with: profile (id@version) and profileHash of a CSV mapping profile, site, system, timezone, materialSource',
  })
  options!: ImportOption[];

  @Field({ description: 'path (a file on the server), upload, or events (CloudEvents over HTTP)' })
  origin!: string;

  @Field()
  fileHash!: string;

  @Field(() => Float)
  fileSize!: number;

  @Field(() => Int, { description: 'which run: a completed job run again is run 2, …' })
  run!: number;

  @Field(() => DateTimeScalar)
  submittedAt!: string;

  @Field(() => DateTimeScalar, { nullable: true })
  startedAt!: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  finishedAt!: string | null;

  @Field(() => Float, { nullable: true, description: 'from start to finish, in milliseconds' })
  durationMs!: number | null;

  @Field(() => Int, {
    description: 'attempts made (a drained or resumed run is not a failed attempt)',
  })
  attempts!: number;

  @Field(() => Int)
  maxAttempts!: number;

  @Field(() => DateTimeScalar, { nullable: true, description: 'when a DELAYED job tries again' })
  nextAttemptAt!: string | null;

  @Field(() => ImportProgress, { nullable: true })
  progress!: ImportProgress | null;

  @Field(() => String, { nullable: true })
  error!: string | null;

  @Field()
  cancelRequested!: boolean;

  @Field({ description: 'every rejected line as CSV (GET)' })
  rejectedLinesUrl!: string;
}

@ObjectType()
export class ImportJobConnection {
  @Field(() => [ImportJob])
  nodes!: ImportJob[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
