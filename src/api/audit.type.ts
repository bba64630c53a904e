import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType()
export class ClassSender {
  @Field()
  source!: string;

  @Field(() => String, { nullable: true })
  system!: string | null;

  @Field(() => Int, { description: 'records received' })
  records!: number;

  @Field(() => Int, { description: 'of them refused: the source is not the authority' })
  refused!: number;
}

@ObjectType()
export class ArtefactClassOwnership {
  @Field()
  kind!: string;

  @Field({ description: 'the one authoritative system type' })
  authority!: string;

  @Field(() => [ClassSender], { description: 'the systems that sent records of it' })
  senders!: ClassSender[];

  @Field({ description: 'more than one source claims to own it' })
  contested!: boolean;

  @Field({
    description: 'REVISION, PARENT_REVISION or RECORD_HISTORY (no versioning scheme of its own)',
  })
  versioning!: string;

  @Field(() => [String], {
    description: 'the classes that reference it and the questions that use it',
  })
  readBy!: string[];

  @Field(() => [String], { description: 'why it stands out in the audit' })
  findings!: string[];
}
