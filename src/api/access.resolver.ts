import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { permissionsOf } from '../domain/access';
import type { ApiKeyService } from '../services/api-key-service';
import { ApiKey, CreatedApiKey, Me } from './access.type';
import type { RequestContext } from './request-context';
import { DateTimeScalar } from './scalars';

/** Who is asking, and the API keys (admins). The access policy ran before any of these. */
@Resolver()
export class AccessResolver {
  constructor(private readonly keys: ApiKeyService | undefined) {}

  @Query(() => Me, { description: 'who this request is: roles, permissions and sites' })
  me(@Ctx() context: RequestContext): Me {
    const { identity } = context;
    return {
      kind: identity.kind,
      subject: identity.subject,
      name: identity.name ?? null,
      roles: [...identity.roles],
      permissions: [...permissionsOf(identity)],
      sites: identity.sites === 'all' ? null : [...identity.sites],
      signInRequired: context.signInRequired,
    };
  }

  @Query(() => [ApiKey], { description: 'every API key, revoked ones too (admin)' })
  apiKeys(): Promise<ApiKey[]> {
    return this.service().list();
  }

  @Mutation(() => CreatedApiKey, {
    description: 'a new API key with one role (admin); its secret is in this answer only',
  })
  async createApiKey(
    @Ctx() context: RequestContext,
    @Arg('name') name: string,
    @Arg('role', { description: 'viewer, engineer, importer or admin' }) role: string,
    @Arg('expiresAt', () => DateTimeScalar, {
      nullable: true,
      description: 'when it stops working; null: never',
    })
    expiresAt: string | null,
    @Arg('sites', () => [String], { nullable: true, description: 'null: every site' })
    sites: string[] | null,
  ): Promise<CreatedApiKey> {
    const made = await this.service().create(
      { name, role, sites, expiresAt: expiresAt ?? null },
      context.identity.subject,
    );
    await context.audit('api-key.create', made.info.name, { role, sites: sites?.join(',') ?? '*' });
    return { key: made.key, apiKey: made.info };
  }

  @Mutation(() => ApiKey, { description: 'revoke an API key by id or name (admin)' })
  async revokeApiKey(@Ctx() context: RequestContext, @Arg('key') key: string): Promise<ApiKey> {
    const revoked = await this.service().revoke(key, context.identity.subject);
    await context.audit('api-key.revoke', revoked.name, { id: revoked.id });
    return revoked;
  }

  private service(): ApiKeyService {
    if (this.keys === undefined) throw new Error('API keys are not wired');
    return this.keys;
  }
}
