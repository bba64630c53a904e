import { Field, Int, ObjectType } from 'type-graphql';
import { PageInfo } from './governance.type';

@ObjectType()
export class AffectedUnit {
  @Field()
  serialNumber!: string;

  @Field(() => String, { nullable: true })
  partNumber!: string | null;

  @Field(() => Int, { description: '1 when the unit consumed the lot or serial directly' })
  depth!: number;

  @Field({
    description: 'the serial or lot it was reached through (it consumed that one, at depth − 1)',
  })
  viaId!: string;

  @Field(() => String, { nullable: true })
  status!: string | null;

  @Field(() => String, { nullable: true, description: 'the latest shipment that names the unit' })
  shipmentId!: string | null;

  @Field(() => String, { nullable: true })
  customer!: string | null;
}

@ObjectType()
export class ForwardTrace {
  @Field(() => Int)
  totalCount!: number;

  @Field(() => [AffectedUnit])
  units!: AffectedUnit[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field({
    description: 'whether the lot or serial traced is known at all (as a record or a reference)',
  })
  found!: boolean;

  @Field(() => Int, { description: 'how many of the units have shipped' })
  shippedCount!: number;
}

@ObjectType()
export class BackwardNode {
  @Field({ description: 'SERIAL or LOT' })
  kind!: string;

  @Field()
  id!: string;

  @Field(() => String, { nullable: true })
  partNumber!: string | null;

  @Field(() => String, { nullable: true })
  status!: string | null;

  @Field({ description: 'referenced, but no record of it received yet' })
  placeholder!: boolean;

  @Field(() => Int, { description: '1 for direct children; the least depth it occurs at' })
  depth!: number;

  @Field({ description: 'the serial or lot it was consumed into' })
  parentId!: string;
}

@ObjectType()
export class ConsumptionCycle {
  @Field()
  parentId!: string;

  @Field()
  childId!: string;
}

@ObjectType()
export class BackwardTrace {
  @Field()
  root!: string;

  @Field()
  found!: boolean;

  @Field(() => [BackwardNode], { description: 'each consumption edge of the as-built tree once' })
  nodes!: BackwardNode[];

  @Field({ description: 'the depth bound cut the walk short' })
  truncated!: boolean;

  @Field(() => [ConsumptionCycle], {
    description: 'consumption records that close a cycle (bad data)',
  })
  cycles!: ConsumptionCycle[];
}

@ObjectType()
export class SearchHit {
  @Field()
  kind!: string;

  @Field()
  key!: string;

  @Field(() => String, { nullable: true })
  partNumber!: string | null;

  @Field(() => String, { nullable: true })
  status!: string | null;

  @Field()
  placeholder!: boolean;
}
