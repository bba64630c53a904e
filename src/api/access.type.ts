import { Field, ObjectType } from 'type-graphql';
import { DateTimeScalar } from './scalars';

@ObjectType({ description: 'who this request is, as the server established it' })
export class Me {
  @Field({ description: 'local (no sign-in configured), user (a signed-in token) or api-key' })
  kind!: string;

  @Field({ description: "the token's subject, the API key's name, or local" })
  subject!: string;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => [String], { description: 'viewer, engineer, importer, admin' })
  roles!: string[];

  @Field(() => [String], {
    description: 'the actions the roles grant: read, export, import, retry, configure, audit',
  })
  permissions!: string[];

  @Field(() => [String], { nullable: true, description: 'the sites seen; null: every site' })
  sites!: string[] | null;

  @Field({
    description: 'whether this server requires sign-in (off: every request is the local user)',
  })
  signInRequired!: boolean;
}

@ObjectType({
  description: 'an API key, for import jobs, collectors and dashboards (never its secret)',
})
export class ApiKey {
  @Field()
  id!: string;

  @Field()
  name!: string;

  @Field()
  role!: string;

  @Field(() => [String], { nullable: true, description: 'null: every site' })
  sites!: readonly string[] | null;

  @Field(() => DateTimeScalar)
  createdAt!: string;

  @Field()
  createdBy!: string;

  @Field(() => DateTimeScalar, { nullable: true })
  expiresAt!: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  revokedAt!: string | null;

  @Field(() => String, { nullable: true })
  revokedBy!: string | null;
}

@ObjectType()
export class CreatedApiKey {
  @Field({ description: 'the key, shown this once: the server keeps only its hash' })
  key!: string;

  @Field(() => ApiKey)
  apiKey!: ApiKey;
}
