import { ArgsType, Field, Int } from 'type-graphql';

@ArgsType()
export class TraceForwardArgs {
  @Field(() => String, { nullable: true })
  lotNumber?: string | null;

  @Field(() => String, { nullable: true })
  serialNumber?: string | null;

  @Field(() => Int, { nullable: true, defaultValue: 100 })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;
}

@ArgsType()
export class TraceBackwardArgs {
  @Field(() => String, { nullable: true })
  serialNumber?: string | null;

  @Field(() => String, { nullable: true })
  lotNumber?: string | null;

  @Field(() => Int, { nullable: true, defaultValue: 50, description: 'levels to walk, 1 to 50' })
  maxDepth?: number | null;
}

@ArgsType()
export class SearchArgs {
  @Field({
    description: 'the beginning of a serial, lot, work order, part, NCR or change order number',
  })
  prefix!: string;

  @Field(() => [String], {
    nullable: true,
    description:
      'Unit, Lot, WorkOrder, Part, Nonconformance, ChangeOrder, Capa (every kind when absent)',
  })
  kinds?: string[] | null;

  @Field(() => Int, { nullable: true, defaultValue: 20 })
  first?: number | null;
}
