import {
  Arg,
  Args,
  ArgsType,
  Field,
  FieldResolver,
  Float,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import type { ThreadHealth as Health } from '../services/health-service';
import { AuditService } from '../services/audit-service';
import { CoverageService } from '../services/coverage-service';
import { HealthService } from '../services/health-service';
import { ImpactService } from '../services/impact-service';
import type { ArtefactClassOwnership as Ownership } from '../services/audit-service';
import { ArtefactClassOwnership } from './audit.type';
import { RequirementCoverage } from './coverage.type';
import { BrokenBoundaryCost, HealthBucketEnum, HealthPoint, ThreadHealth } from './health.type';
import type { HealthBucket } from '../domain/health';
import { ChangeImpact } from './impact.type';
import { DateTimeScalar } from './scalars';

@ArgsType()
class ThreadHealthArgs {
  @Field(() => String, { nullable: true, description: 'one site, or every site when absent' })
  site?: string | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'window start (inclusive); open when absent',
  })
  from?: string | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'window end (exclusive); open when absent',
  })
  to?: string | null;
}

@ArgsType()
class ThreadHealthSeriesArgs extends ThreadHealthArgs {
  @Field(() => HealthBucketEnum, { nullable: true, defaultValue: 'WEEK' })
  bucket?: HealthBucket | null;
}

@ArgsType()
class CoverageArgs {
  @Field()
  partNumber!: string;

  @Field()
  revision!: string;
}

@ArgsType()
class BoundaryCostArgs {
  @Field(() => Float, {
    nullable: true,
    description: 'cost of one escaped change (default: configuration)',
  })
  costPerEscape?: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'engineering changes a year (default: configuration)',
  })
  changesPerYear?: number | null;
}

/** The questions quality engineers ask: change impact, coverage, thread health, ownership. */
@Resolver()
export class QuestionsResolver {
  constructor(
    private readonly impact: ImpactService,
    private readonly coverage: CoverageService,
    private readonly health: HealthService,
    private readonly audit: AuditService,
  ) {}

  @Query(() => ChangeImpact, {
    nullable: true,
    description: "the units and work orders inside a change order's effectivity",
  })
  changeImpact(
    @Arg('changeOrderId', () => String) changeOrderId: string,
  ): Promise<ChangeImpact | null> {
    return this.impact.changeImpact(changeOrderId) as Promise<ChangeImpact | null>;
  }

  @Query(() => RequirementCoverage, { nullable: true })
  requirementCoverage(
    @Args(() => CoverageArgs) { partNumber, revision }: CoverageArgs,
  ): Promise<RequirementCoverage | null> {
    return this.coverage.requirementCoverage(
      partNumber,
      revision,
    ) as Promise<RequirementCoverage | null>;
  }

  @Query(() => ThreadHealth)
  threadHealth(
    @Args(() => ThreadHealthArgs) { site, from, to }: ThreadHealthArgs,
  ): Promise<Health> {
    return this.health.threadHealth(site, from, to);
  }

  @Query(() => [HealthPoint], {
    description:
      'the three rates and their counts over time: per bucket and site, and every site together',
  })
  threadHealthSeries(
    @Args(() => ThreadHealthSeriesArgs) { site, from, to, bucket }: ThreadHealthSeriesArgs,
  ): Promise<HealthPoint[]> {
    return this.health.series(site, from, to, bucket ?? 'WEEK');
  }

  @Query(() => [ArtefactClassOwnership], {
    description: 'per artefact class: authority, senders, versioning, readers',
  })
  ownershipAudit(): Promise<Ownership[]> {
    return this.audit.ownership();
  }
}

@Resolver(() => ThreadHealth)
export class ThreadHealthResolver {
  @FieldResolver(() => BrokenBoundaryCost, {
    description: 'the cost of broken boundaries for the window',
  })
  brokenBoundaryCost(
    @Root() health: Health,
    @Args(() => BoundaryCostArgs) { costPerEscape, changesPerYear }: BoundaryCostArgs,
  ): BrokenBoundaryCost {
    return health.brokenBoundaryCost(costPerEscape, changesPerYear);
  }
}
