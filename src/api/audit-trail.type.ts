import { Field, Int, ObjectType } from 'type-graphql';
import { PageInfo } from './governance.type';
import { DateTimeScalar } from './scalars';

@ObjectType({ description: 'one action on the audit trail, chained to the one before by its hash' })
export class AuditEventNode {
  @Field(() => Int, { description: '1, 2, 3, … with no gaps' })
  seq!: number;

  @Field(() => DateTimeScalar)
  at!: string;

  @Field({ description: "who: a token's subject, an API key's name, local, or cli:<user>" })
  actor!: string;

  @Field({ description: 'local, user, api-key or cli' })
  actorKind!: string;

  @Field({ description: 'import.start, export.dhr, sign-in, api-key.create, config.change, …' })
  action!: string;

  @Field(() => String, { nullable: true })
  target!: string | null;

  @Field(() => String, { nullable: true, description: "the client's address" })
  from!: string | null;

  @Field(() => String, { nullable: true })
  reason!: string | null;

  @Field(() => String, { nullable: true, description: 'what else was recorded, as JSON' })
  detail!: string | null;

  @Field()
  prevHash!: string;

  @Field()
  hash!: string;
}

@ObjectType()
export class AuditEventConnection {
  @Field(() => [AuditEventNode], { description: 'newest first' })
  nodes!: AuditEventNode[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

@ObjectType()
export class AuditTrailProblem {
  @Field(() => Int, { description: 'the event it is about (0: the trail as a whole)' })
  seq!: number;

  @Field()
  problem!: string;
}

@ObjectType({ description: 'the whole trail checked: every hash, every number, and its head' })
export class AuditVerification {
  @Field()
  ok!: boolean;

  @Field(() => Int)
  count!: number;

  @Field(() => Int, { nullable: true, description: 'the last event: note it with its hash' })
  headSeq!: number | null;

  @Field(() => String, { nullable: true })
  headHash!: string | null;

  @Field(() => [AuditTrailProblem])
  problems!: AuditTrailProblem[];
}
