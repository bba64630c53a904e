import { Field, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from './scalars';

@ObjectType()
export class ImpactedUnit {
  @Field()
  serialNumber!: string;

  @Field(() => String, { nullable: true })
  workOrderId!: string | null;

  @Field(() => String, { nullable: true })
  builtToRevision!: string | null;

  @Field({ description: "inside the effectivity but built to the change's fromRevision" })
  builtToSupersededRevision!: boolean;

  @Field()
  partNumber!: string;

  @Field(() => String, { nullable: true })
  status!: string | null;

  @Field(() => String, { nullable: true })
  site!: string | null;
}

@ObjectType()
export class ImpactedWorkOrder {
  @Field()
  id!: string;

  @Field()
  partNumber!: string;

  @Field(() => String, { nullable: true, description: 'the part revision it is locked to' })
  revision!: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  releasedAt!: string | null;

  @Field(() => String, { nullable: true })
  site!: string | null;

  @Field(() => String, { nullable: true })
  status!: string | null;

  @Field({ description: "locked to a change's fromRevision" })
  lockedToSupersededRevision!: boolean;

  @Field(() => Int, { description: 'its units inside the effectivity' })
  units!: number;
}

@ObjectType()
export class EffectivityRange {
  @Field({ description: 'SERIAL, LOT or DATE' })
  type!: string;

  @Field(() => String, { nullable: true })
  from!: string | null;

  @Field(() => String, { nullable: true, description: 'open when absent' })
  to!: string | null;
}

@ObjectType()
export class PartChangeRef {
  @Field()
  partNumber!: string;

  @Field(() => String, { nullable: true })
  fromRevision!: string | null;

  @Field(() => String, { nullable: true })
  toRevision!: string | null;
}

@ObjectType()
export class ChangeImpact {
  @Field()
  changeOrderId!: string;

  @Field(() => [ImpactedUnit], { description: 'units inside the effectivity, natural order' })
  units!: ImpactedUnit[];

  @Field(() => Int, {
    description: 'units inside the effectivity built to the superseded revision',
  })
  escapeCount!: number;

  @Field(() => String, { nullable: true })
  title!: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  releasedAt!: string | null;

  @Field(() => EffectivityRange, { nullable: true })
  effectivity!: EffectivityRange | null;

  @Field(() => [PartChangeRef])
  changes!: PartChangeRef[];

  @Field(() => [ImpactedWorkOrder], { description: 'work orders inside the effectivity' })
  workOrders!: ImpactedWorkOrder[];
}
