import { Field, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from './scalars';

@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType()
export class GovernanceViolation {
  @Field()
  kind!: string;

  @Field()
  source!: string;

  @Field({ description: "the record's key fields joined with '/', e.g. HX-100/D" })
  key!: string;

  @Field()
  reason!: string;

  @Field(() => String, { nullable: true })
  importId?: string;

  @Field(() => String, { nullable: true, description: 'the concrete system instance that sent it' })
  system?: string;

  @Field(() => String, { nullable: true })
  site?: string;

  @Field(() => Int, { nullable: true, description: 'line of the record in its import file' })
  line?: number;

  @Field(() => DateTimeScalar, { nullable: true })
  recordedAt?: string;

  @Field(() => DateTimeScalar, { description: 'when the import that refused it started' })
  detectedAt!: string;
}

@ObjectType()
export class GovernanceViolationConnection {
  @Field(() => Int)
  totalCount!: number;

  @Field(() => [GovernanceViolation])
  nodes!: GovernanceViolation[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
