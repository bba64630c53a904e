/**
 * `threadgraph keys`: API keys for import jobs, collectors and dashboards, made and revoked by
 * whoever runs the server (the command reaches the graph directly: it is how the first admin key
 * of a server with sign-in is made).
 */
import { userInfo } from 'node:os';
import type { Logger } from 'pino';
import type { Config } from '../../config';
import { ROLES } from '../../domain/access';
import type { ApiKeyInfo } from '../../services/api-key-service';
import type { AuditEventInput } from '../../services/audit-trail-service';
import type { CommandHelp } from '../args';
import { actionOf, parse, print, UsageError } from '../args';
import { EXIT } from '../exit-codes';
import { withServices } from './with-services';

const ACTIONS = ['create', 'list', 'revoke'] as const;

export const keysHelp: CommandHelp = {
  usage: [
    'threadgraph keys create NAME --role ROLE [--site SITE]… [--expires DAYS|never] [--json]',
    'threadgraph keys list [--json]',
    'threadgraph keys revoke NAME|ID',
  ],
  summary: 'API keys: create (printed once), list, revoke',
  description:
    `An API key signs an import job, a collector or a dashboard in when THREADGRAPH_SIGN_IN is ` +
    `required: send it as Authorization: Bearer KEY. Roles: ${ROLES.join(', ')} (viewer reads; ` +
    'engineer reads, exports and imports; importer imports only; admin also manages keys and ' +
    'reads the audit trail). Without --site the key sees every site. The key is printed once: ' +
    'the server keeps only its hash. Creating and revoking are on the audit trail.',
  options: [
    ['--role ROLE', `create: ${ROLES.join(', ')}`],
    ['--site SITE', 'create: a site the key may see (repeat for several; none: every site)'],
    ['--expires DAYS|never', 'create: days until it stops working (default 90), or never'],
    ['--json', 'the answer as JSON'],
  ],
};

export async function keysCommand(args: string[], config: Config, logger: Logger): Promise<number> {
  const [typed, ...rest] = args;
  actionOf(typed, ACTIONS);
  const by = `cli:${userInfo().username}`;
  if (typed === 'list') {
    const { values } = parse(rest, { json: { type: 'boolean', default: false } });
    return withServices(config, logger, async (s) => {
      const keys = await s.apiKeys.list();
      print(values.json, keys, () => renderKeys(keys));
      return EXIT.DONE;
    });
  }
  if (typed === 'revoke') {
    const { positionals } = parse(rest, {}, true);
    if (positionals.length !== 1) throw new UsageError('give the name or id of one key');
    return withServices(config, logger, async (s) => {
      const revoked = await s.apiKeys.revoke(positionals[0] as string, by);
      await s.auditTrail.record(cliEvent(by, 'api-key.revoke', revoked.name, { id: revoked.id }));
      process.stdout.write(`revoked ${revoked.name} (${revoked.id})\n`);
      return EXIT.DONE;
    });
  }
  const { values, positionals } = parse(
    rest,
    {
      role: { type: 'string' },
      site: { type: 'string', multiple: true },
      expires: { type: 'string', default: '90' },
      json: { type: 'boolean', default: false },
    },
    true,
  );
  if (positionals.length !== 1) throw new UsageError('give the key one NAME');
  if (values.role === undefined) throw new UsageError(`--role is needed: ${ROLES.join(', ')}`);
  let expiresAt: string | null = null;
  if (values.expires !== 'never') {
    const days = Number(values.expires);
    if (!Number.isInteger(days) || days < 1 || days > 3650) {
      throw new UsageError(
        `--expires must be a number of days from 1 to 3650, or never, not ${values.expires}`,
      );
    }
    expiresAt = new Date(Date.now() + days * 86_400_000).toISOString();
  }
  return withServices(config, logger, async (s) => {
    const made = await s.apiKeys.create(
      {
        name: positionals[0] as string,
        role: values.role as string,
        sites: values.site ?? null,
        expiresAt,
      },
      by,
    );
    await s.auditTrail.record(
      cliEvent(by, 'api-key.create', made.info.name, {
        role: made.info.role,
        sites: made.info.sites?.join(',') ?? '*',
      }),
    );
    print(
      values.json,
      made,
      () =>
        `${made.key}\n\nAPI key ${made.info.name} (${made.info.id}): role ${made.info.role}, ` +
        `${made.info.sites === null ? 'every site' : `sites ${made.info.sites.join(', ')}`}, ` +
        `${made.info.expiresAt === null ? 'never expires' : `expires ${made.info.expiresAt}`}.\n` +
        'Keep it now: it is not shown again. Send it as Authorization: Bearer KEY.\n',
    );
    return EXIT.DONE;
  });
}

/** An action of this command on the audit trail: by the operating-system user who ran it. */
function cliEvent(
  actor: string,
  action: string,
  target: string,
  detail: Record<string, string>,
): Omit<AuditEventInput, 'at'> {
  return { actor, actorKind: 'cli', action, target, from: null, reason: null, detail };
}

function renderKeys(keys: readonly ApiKeyInfo[]): string {
  if (keys.length === 0) return 'no API keys (threadgraph keys create NAME --role ROLE)\n';
  const rows = keys.map((k) => [
    k.name,
    k.id,
    k.role,
    k.sites === null ? '*' : k.sites.join(','),
    k.revokedAt !== null
      ? `revoked ${k.revokedAt.slice(0, 10)}`
      : k.expiresAt === null
        ? 'never expires'
        : `expires ${k.expiresAt.slice(0, 10)}`,
    `${k.createdAt.slice(0, 10)} by ${k.createdBy}`,
  ]);
  const head = ['name', 'id', 'role', 'sites', 'state', 'created'];
  const widths = head.map((h, i) =>
    Math.max(h.length, ...rows.map((r) => (r[i] as string).length)),
  );
  return (
    [head, ...rows]
      .map((r) =>
        r
          .map((c, i) => c.padEnd(widths[i] as number))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}
