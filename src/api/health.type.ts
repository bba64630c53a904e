import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { HEALTH_BUCKETS } from '../domain/health';
import { DateTimeScalar } from './scalars';

@ObjectType({
  description: 'thread-health counts and rates of one site (or of records naming none)',
})
export class SiteHealth {
  @Field(() => String, { nullable: true })
  site!: string | null;

  @Field(() => Float)
  revisionEscapeRate!: number;

  @Field(() => Float)
  structuredNcrRate!: number;

  @Field(() => Float)
  evidenceCompleteness!: number;

  @Field(() => Int)
  operations!: number;

  @Field(() => Int)
  escapedOperations!: number;

  @Field(() => Int)
  nonconformances!: number;

  @Field(() => Int)
  structuredNonconformances!: number;

  @Field(() => Int)
  shippedUnits!: number;

  @Field(() => Int)
  completeShippedUnits!: number;
}

@ObjectType({ description: 'thread health of one bucket of days, for one site or every site' })
export class HealthPoint extends SiteHealth {
  @Field({ description: 'the first day of the bucket (YYYY-MM-DD, UTC)' })
  start!: string;

  @Field({ description: 'every site together (site is then null)' })
  allSites!: boolean;
}

@ObjectType()
export class RevisionReleaseToFloor {
  @Field()
  partNumber!: string;

  @Field()
  revision!: string;

  @Field(() => DateTimeScalar)
  releasedAt!: string;

  @Field(() => String, { nullable: true })
  firstWorkOrderId!: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  firstWorkOrderAt!: string | null;

  @Field(() => Float, { nullable: true, description: 'null while no work order is locked to it' })
  hours!: number | null;
}

@ObjectType({ description: 'from a revision’s release to the first work order locked to it' })
export class ReleaseToFloor {
  @Field(() => [RevisionReleaseToFloor])
  revisions!: RevisionReleaseToFloor[];

  @Field(() => Float, { nullable: true })
  medianHours!: number | null;

  @Field(() => Float, { nullable: true })
  maxHours!: number | null;
}

@ObjectType({ description: 'Pmiss × changes per year × cost per escape (seed 001: 15 % → £825k)' })
export class BrokenBoundaryCost {
  @Field(() => Float, { description: 'the revision escape rate of the window' })
  pmiss!: number;

  @Field(() => Float)
  changesPerYear!: number;

  @Field(() => Float)
  costPerEscape!: number;

  @Field(() => Float)
  expectedEscapesPerYear!: number;

  @Field(() => Float)
  annualCost!: number;

  @Field()
  currency!: string;
}

@ObjectType()
export class ThreadHealth {
  @Field(() => Float, {
    description: 'operations run on a revision superseded at their start / operations',
  })
  revisionEscapeRate!: number;

  @Field(() => Float, { description: 'structured NCRs / NCRs' })
  structuredNcrRate!: number;

  @Field(() => Float, { description: 'shipped units with a complete chain / shipped units' })
  evidenceCompleteness!: number;

  @Field(() => Int)
  operations!: number;

  @Field(() => Int)
  nonconformances!: number;

  @Field(() => Int)
  shippedUnits!: number;

  @Field(() => Int)
  escapedOperations!: number;

  @Field(() => Int)
  structuredNonconformances!: number;

  @Field(() => Int)
  completeShippedUnits!: number;

  @Field(() => String, { nullable: true })
  site!: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  from!: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  to!: string | null;

  @Field(() => [SiteHealth], { description: 'the same per site' })
  bySite!: SiteHealth[];

  @Field(() => ReleaseToFloor)
  releaseToFloor!: ReleaseToFloor;
}

export const HealthBucketEnum = Object.fromEntries(HEALTH_BUCKETS.map((b) => [b, b])) as {
  [K in (typeof HEALTH_BUCKETS)[number]]: K;
};
registerEnumType(HealthBucketEnum, {
  name: 'HealthBucket',
  description: 'DAY, WEEK (ISO, from Monday) or MONTH, in UTC',
});
