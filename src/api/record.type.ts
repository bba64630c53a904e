import { Field, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from './scalars';

@ObjectType()
export class RecordField {
  @Field()
  name!: string;

  @Field({ description: 'as stored; lists and nested values as JSON' })
  value!: string;
}

@ObjectType({ description: 'one version of a record: who said it, when, through which import' })
export class RecordVersion {
  @Field(() => String, { nullable: true })
  versionHash!: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  recordedAt!: string | null;

  @Field(() => String, { nullable: true, description: 'ALM, PLM, ERP, MES, QMS, OT or MRO' })
  source!: string | null;

  @Field(() => String, { nullable: true, description: 'the concrete system instance' })
  system!: string | null;

  @Field(() => String, { nullable: true })
  site!: string | null;

  @Field(() => String, { nullable: true })
  importId!: string | null;

  @Field(() => Int, { nullable: true, description: 'its line in that import file' })
  line!: number | null;

  @Field(() => String, { nullable: true, description: 'the line as received, verbatim' })
  record!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'the event as received, when it came as one',
  })
  original!: string | null;
}

@ObjectType()
export class RefusedVersion {
  @Field()
  source!: string;

  @Field(() => String, { nullable: true })
  system!: string | null;

  @Field()
  reason!: string;

  @Field(() => String, { nullable: true })
  importId!: string | null;

  @Field(() => Int, { nullable: true })
  line!: number | null;

  @Field(() => DateTimeScalar, { nullable: true })
  recordedAt!: string | null;

  @Field(() => DateTimeScalar)
  detectedAt!: string;

  @Field(() => String, { nullable: true })
  record!: string | null;
}

@ObjectType()
export class ImportRunRef {
  @Field(() => String, { nullable: true })
  label!: string | null;

  @Field(() => String, { nullable: true })
  jobId!: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  startedAt!: string | null;
}

@ObjectType()
export class RecordLink {
  @Field({ description: 'OUT: this record names it; IN: it names this record' })
  direction!: string;

  @Field({ description: 'the relationship, or `field` for a reference kept as a field' })
  via!: string;

  @Field()
  kind!: string;

  @Field(() => [String], { description: 'the key values, in key order' })
  key!: string[];

  @Field()
  displayKey!: string;

  @Field({ description: 'referenced, but no record of it received yet' })
  placeholder!: boolean;
}

@ObjectType({ description: 'a record as the graph holds it, with its provenance and history' })
export class RecordDetails {
  @Field()
  kind!: string;

  @Field(() => [String])
  key!: string[];

  @Field()
  displayKey!: string;

  @Field({ description: 'referenced, but no record of it received yet' })
  placeholder!: boolean;

  @Field(() => [RecordField])
  fields!: RecordField[];

  @Field(() => RecordVersion, { description: 'the version the graph holds as current' })
  current!: RecordVersion;

  @Field(() => ImportRunRef, { nullable: true, description: 'the import run that wrote it' })
  importRun!: ImportRunRef | null;

  @Field(() => [RecordVersion], { description: 'earlier and stale versions, newest first' })
  history!: RecordVersion[];

  @Field(() => [RefusedVersion], { description: 'versions refused by the authority rule' })
  refused!: RefusedVersion[];

  @Field(() => [RecordLink])
  links!: RecordLink[];

  @Field(() => Int, { description: 'relationships not listed (over 200 a direction)' })
  linksNotShown!: number;
}
