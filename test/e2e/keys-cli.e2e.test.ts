/**
 * `threadgraph keys` against the test Neo4j: a key made is printed once and works as its role;
 * the graph keeps only its hash; list never shows it; revoke ends it; each is on the audit trail.
 */
import { createHash } from 'node:crypto';
import { userInfo } from 'node:os';
import { main } from '../../src/cli';
import type { Executor } from '../../src/graph/executor';
import { ApiKeyService } from '../../src/services/api-key-service';
import { AuditTrail } from '../../src/services/audit-trail-service';
import { runInTestGraph, testExecutor, testNeo4jEnv } from '../support/neo4j-for-tests';

let output = '';
let env: NodeJS.ProcessEnv;
let executor: Executor;

beforeAll(async () => {
  env = { ...process.env };
  Object.assign(process.env, testNeo4jEnv());
  process.env.LOG_LEVEL = 'silent';
  executor = await testExecutor();
  await runInTestGraph('MATCH (n) WHERE n:ApiKey OR n:AuditEvent OR n:AuditHead DETACH DELETE n');
});
afterAll(async () => {
  process.env = env;
  await executor.close();
});
beforeEach(() => {
  output = '';
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    output += String(chunk);
    return true;
  });
});
afterEach(() => jest.restoreAllMocks());

describe('threadgraph keys', () => {
  it('creates a key, shown once, kept as a hash, working as its role and sites', async () => {
    expect(
      await main([
        'keys',
        'create',
        'mes-bridge',
        '--role',
        'importer',
        '--site',
        'PLANT-A',
        '--expires',
        '30',
      ]),
    ).toBe(0);
    const key = output.split('\n')[0] as string;
    expect(key).toMatch(/^tgk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(output).toContain('API key mes-bridge');
    expect(output).toContain('role importer, sites PLANT-A, expires ');
    expect(output).toContain('it is not shown again');
    const [stored] = await runInTestGraph(
      'MATCH (k:ApiKey {name: $name}) RETURN properties(k) AS p',
      {
        name: 'mes-bridge',
      },
    );
    const props = stored?.p as Record<string, unknown>;
    expect(props.hash).toBe(createHash('sha256').update(key).digest('hex'));
    expect(JSON.stringify(props)).not.toContain(key.slice(21));
    // 30 days from now, to the minute
    expect(
      Math.abs(Date.parse(String(props.expiresAt)) - (Date.now() + 30 * 86_400_000)),
    ).toBeLessThan(60_000);
    expect(await new ApiKeyService(executor).identify(key)).toEqual({
      kind: 'api-key',
      subject: 'mes-bridge',
      roles: ['importer'],
      sites: ['PLANT-A'],
    });
  });

  it('lists keys without their secrets, refuses a name in use, and revokes', async () => {
    output = '';
    expect(await main(['keys', 'list', '--json'])).toBe(0);
    const listed = JSON.parse(output) as Record<string, unknown>[];
    expect(listed.map((k) => [k.name, k.role, k.sites, k.revokedAt])).toEqual([
      ['mes-bridge', 'importer', ['PLANT-A'], null],
    ]);
    expect(Object.keys(listed[0] ?? {})).not.toContain('hash');
    await expect(main(['keys', 'create', 'mes-bridge', '--role', 'viewer'])).rejects.toThrow(
      'an API key named "mes-bridge" exists: revoke it first or choose another name',
    );
    await expect(main(['keys', 'create', 'x', '--role', 'owner'])).rejects.toThrow(
      'role must be one of viewer, engineer, importer, admin, not "owner"',
    );
    output = '';
    expect(await main(['keys', 'revoke', 'mes-bridge'])).toBe(0);
    expect(output).toMatch(/^revoked mes-bridge \([0-9a-f]{16}\)\n$/);
    await expect(main(['keys', 'revoke', 'mes-bridge'])).rejects.toThrow(
      'no API key "mes-bridge" that is not revoked',
    );
  });

  it('put both on the audit trail, by the user who ran the command', async () => {
    const trail = await new AuditTrail(executor).page(10);
    expect(trail.nodes.map((e) => [e.actor, e.actorKind, e.action, e.target])).toEqual([
      [`cli:${userInfo().username}`, 'cli', 'api-key.revoke', 'mes-bridge'],
      [`cli:${userInfo().username}`, 'cli', 'api-key.create', 'mes-bridge'],
    ]);
    expect((await new AuditTrail(executor).verify()).ok).toBe(true);
  });
});
