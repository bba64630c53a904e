import { ArgsType, Field, Int } from 'type-graphql';

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, defaultValue: 100 })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string;
}
