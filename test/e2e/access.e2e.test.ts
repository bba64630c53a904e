/**
 * Who may do what, as a client sees it (issue 13): a server with sign-in required, six API keys
 * (four roles, all sites or one), and every query, mutation, subscription, export and HTTP route
 * tried by each, and by no one. Which identities each operation lets through is written out by
 * hand below from the roles (viewer reads; engineer reads, exports, imports; importer imports;
 * admin everything) and the sites (PLANT-A's unit, PLANT-B's unit, or figures across sites).
 */
import { userInfo } from 'node:os';
import { createClient } from 'graphql-ws';
import pino from 'pino';
import WebSocket from 'ws';
import { FIELDS } from '../../src/api/access-policy';
import { buildApiSchema } from '../../src/api/schema';
import type { RunningApi } from '../../src/api/server';
import { loadConfig } from '../../src/config';
import { demoLines } from '../../src/demo/generate';
import type { Executor } from '../../src/graph/executor';
import type { Jobs } from '../../src/main';
import { createServices, openJobs, serve } from '../../src/main';
import { writeLines } from '../support/canonical';
import { clearGraph, runInTestGraph, testExecutor, testNeo4jEnv } from '../support/neo4j-for-tests';
import { testPrefix, testRedisUrl } from '../support/redis-for-tests';

const logger = pino({ level: process.env.TEST_LOG ?? 'silent' });
let executor: Executor;
let api: RunningApi;
let jobs: Jobs;
const keys = new Map<string, string>();
/** a finished unit of each site, a lot, a machine, found in the demo thread */
const at = { A: '', B: '', lot: '', machine: '', machineB: '', executionB: '' };

const WHO = ['viewer-all', 'viewer-A', 'engineer-A', 'importer', 'admin-all', 'admin-A'] as const;
type Who = (typeof WHO)[number] | 'nobody';

beforeAll(async () => {
  executor = await testExecutor();
  await clearGraph();
  const services = createServices(executor);
  await services.imports.importCanonicalFile(writeLines([...demoLines({ units: 40, seed: 3 })]), {
    batchSize: 2000,
  });
  const config = loadConfig({
    PORT: '0',
    LOG_LEVEL: 'silent',
    THREADGRAPH_SIGN_IN: 'required',
    ...testNeo4jEnv(),
    REDIS_URL: testRedisUrl(),
    THREADGRAPH_REDIS_PREFIX: testPrefix('access'),
  });
  jobs = await openJobs(config, executor, logger);
  api = await serve(services, config, logger, jobs);
  const make = async (name: string, role: string, sites: string[] | null) =>
    keys.set(
      name,
      (await services.apiKeys.create({ name, role, sites, expiresAt: null }, 'test')).key,
    );
  await make('viewer-all', 'viewer', null);
  await make('viewer-A', 'viewer', ['PLANT-A']);
  await make('engineer-A', 'engineer', ['PLANT-A']);
  await make('importer', 'importer', null);
  await make('admin-all', 'admin', null);
  await make('admin-A', 'admin', ['PLANT-A']);
  const rows = await runInTestGraph(
    `MATCH (u:Unit)-[:BUILT_UNDER]->(wo:WorkOrder) WHERE u.status = 'SHIPPED'
     WITH wo.site AS site, min(u.serialNumber) AS serial RETURN site, serial ORDER BY site`,
  );
  at.A = String(rows.find((r) => r.site === 'PLANT-A')?.serial);
  at.B = String(rows.find((r) => r.site === 'PLANT-B')?.serial);
  const [lot] = await runInTestGraph('MATCH (l:Lot) RETURN min(l.lotNumber) AS lot');
  at.lot = String(lot?.lot);
  const [machine] = await runInTestGraph(
    'MATCH (e:Equipment) RETURN min(e.id) AS a, max(e.id) AS b, min(e.site) AS siteA, max(e.site) AS siteB',
  );
  // the demo names machines by their site's letter: A-… at PLANT-A, B-… at PLANT-B
  expect(machine).toMatchObject({ siteA: 'PLANT-A', siteB: 'PLANT-B' });
  at.machine = String(machine?.a);
  at.machineB = String(machine?.b);
  const [execution] = await runInTestGraph(
    'MATCH (e:OperationExecution {serialNumber: $serial}) RETURN min(e.id) AS id',
    { serial: at.B },
  );
  at.executionB = String(execution?.id);
}, 180_000);
afterAll(async () => {
  await api.stop();
  await jobs.close();
  await executor.close();
});

const READERS = 'viewer-all viewer-A engineer-A admin-all admin-A';
const READERS_OF_ALL_SITES = 'viewer-all admin-all';
const IMPORTERS = 'engineer-A importer admin-all admin-A';
const EVERYONE = WHO.join(' ');

/** [what, GraphQL operation (A/B/LOT/MACHINE stand for the demo's), who gets it answered] */
const OPERATIONS: readonly (readonly [string, string, string])[] = [
  ['Query.me', '{ me { subject roles } }', EVERYONE],
  ['Query.evidenceChain', '{ evidenceChain(serialNumber: "A") { complete } }', READERS],
  [
    'Query.evidenceChain',
    '{ evidenceChain(serialNumber: "B") { complete } }',
    READERS_OF_ALL_SITES,
  ],
  ['Query.operationReadings', '{ operationReadings(executionId: "X") { tag } }', READERS],
  [
    'Query.operationReadings',
    '{ operationReadings(executionId: "EXECUTION_B") { tag } }',
    READERS_OF_ALL_SITES,
  ],
  ['Query.governanceViolations', '{ governanceViolations { totalCount } }', READERS_OF_ALL_SITES],
  [
    'Query.changeImpact',
    '{ changeImpact(changeOrderId: "ECO-0007") { changeOrderId } }',
    READERS_OF_ALL_SITES,
  ],
  [
    'Query.requirementCoverage',
    '{ requirementCoverage(partNumber: "PA-100", revision: "D") { partNumber } }',
    READERS_OF_ALL_SITES,
  ],
  ['Query.threadHealth', '{ threadHealth(site: "PLANT-A") { operations } }', READERS],
  ['Query.threadHealth', '{ threadHealth { operations } }', READERS_OF_ALL_SITES],
  [
    'Query.threadHealthSeries',
    '{ threadHealthSeries(site: "PLANT-B") { site } }',
    READERS_OF_ALL_SITES,
  ],
  ['Query.ownershipAudit', '{ ownershipAudit { kind } }', READERS_OF_ALL_SITES],
  ['Query.importJob', '{ importJob(id: "nope") { id } }', IMPORTERS],
  ['Query.importJobs', '{ importJobs { nodes { id } } }', IMPORTERS],
  ['Query.csvProfiles', '{ csvProfiles }', IMPORTERS],
  ['Query.record', '{ record(kind: "Unit", key: ["A"]) { kind } }', READERS],
  ['Query.record', '{ record(kind: "Unit", key: ["B"]) { kind } }', READERS_OF_ALL_SITES],
  ['Query.record', '{ record(kind: "Part", key: ["PA-100"]) { kind } }', READERS],
  ['Query.traceForward', '{ traceForward(serialNumber: "A") { totalCount } }', READERS],
  ['Query.traceForward', '{ traceForward(lotNumber: "LOT") { totalCount } }', READERS_OF_ALL_SITES],
  ['Query.traceBackward', '{ traceBackward(serialNumber: "B") { found } }', READERS_OF_ALL_SITES],
  ['Query.search', '{ search(prefix: "SN") { key } }', READERS],
  ['Query.machines', '{ machines(site: "PLANT-A") { equipmentId } }', READERS],
  ['Query.machines', '{ machines { equipmentId } }', READERS_OF_ALL_SITES],
  ['Query.motorHealthBySite', '{ motorHealthBySite { site } }', READERS_OF_ALL_SITES],
  [
    'Query.equipmentReadings',
    '{ equipmentReadings(equipmentId: "MACHINE", tag: "Temperature") { tag } }',
    READERS,
  ],
  [
    'Query.equipmentReadings',
    '{ equipmentReadings(equipmentId: "MACHINE_B", tag: "Temperature") { tag } }',
    READERS_OF_ALL_SITES,
  ],
  [
    'Query.energyByRoute',
    '{ energyByRoute(site: "PLANT-B") { partNumber } }',
    READERS_OF_ALL_SITES,
  ],
  ['Query.unitEnergy', '{ unitEnergy(serialNumber: "A") { serialNumber } }', READERS],
  ['Query.apiKeys', '{ apiKeys { name } }', 'admin-all admin-A'],
  ['Query.auditTrail', '{ auditTrail(first: 5) { nodes { seq action } } }', 'admin-all admin-A'],
  ['Query.auditVerification', '{ auditVerification { ok } }', 'admin-all admin-A'],
  [
    'Mutation.startImport',
    'mutation { startImport(path: "/nowhere/x.jsonl", site: "PLANT-A") { id } }',
    IMPORTERS,
  ],
  [
    'Mutation.startImport',
    'mutation { startImport(path: "/nowhere/x.jsonl", site: "PLANT-B") { id } }',
    'importer admin-all',
  ],
  ['Mutation.retryImport', 'mutation { retryImport(id: "nope") { id } }', IMPORTERS],
  ['Mutation.cancelImport', 'mutation { cancelImport(id: "nope") { id } }', IMPORTERS],
  [
    'Mutation.createApiKey',
    'mutation { createApiKey(name: "WHO-made", role: "viewer") { key } }',
    'admin-all admin-A',
  ],
  [
    'Mutation.revokeApiKey',
    'mutation { revokeApiKey(key: "WHO-made") { name } }',
    'admin-all admin-A',
  ],
];

const SUBSCRIPTIONS: readonly (readonly [string, string, string])[] = [
  [
    'Subscription.importJobProgress',
    'subscription { importJobProgress(id: "nope") { id } }',
    IMPORTERS,
  ],
  [
    'Subscription.equipmentReadingsLive',
    'subscription { equipmentReadingsLive(equipmentId: "MACHINE") { tag } }',
    READERS,
  ],
  [
    'Subscription.equipmentReadingsLive',
    'subscription { equipmentReadingsLive(equipmentId: "MACHINE_B") { tag } }',
    READERS_OF_ALL_SITES,
  ],
  [
    'Subscription.healthChanges',
    'subscription { healthChanges(site: "PLANT-B") { health } }',
    READERS_OF_ALL_SITES,
  ],
  [
    'Subscription.healthChanges',
    'subscription { healthChanges(site: "PLANT-A") { health } }',
    READERS,
  ],
];

/** [route, method, path, who gets it answered] */
const ROUTES: readonly (readonly [string, string, string, string])[] = [
  ['dhr', 'GET', '/dhr/A.json', 'engineer-A admin-all admin-A'],
  ['dhr', 'GET', '/dhr/B.pdf', 'admin-all'],
  ['recall', 'GET', '/exports/recall.csv?serialNumber=A', 'engineer-A admin-all admin-A'],
  ['recall', 'GET', '/exports/recall.csv?lotNumber=LOT', 'admin-all'],
  ['rejected', 'GET', '/imports/nope/rejected.csv', IMPORTERS],
  ['events', 'POST', '/events', IMPORTERS],
  ['metrics', 'GET', '/metrics', READERS_OF_ALL_SITES],
  ['graphql', 'GET', '/graphql?query=%7B__typename%7D', EVERYONE],
  ['healthz', 'GET', '/healthz', `${EVERYONE} nobody`],
  ['auth config', 'GET', '/auth/config', `${EVERYONE} nobody`],
  ['app', 'GET', '/', `${EVERYONE} nobody`],
];

const fill = (text: string, who: Who) =>
  text
    .replaceAll('"A"', JSON.stringify(at.A))
    .replaceAll('"B"', JSON.stringify(at.B))
    .replaceAll('["A"]', JSON.stringify([at.A]))
    .replaceAll('["B"]', JSON.stringify([at.B]))
    .replaceAll('/A.', `/${at.A}.`)
    .replaceAll('/B.', `/${at.B}.`)
    .replaceAll('=A', `=${at.A}`)
    .replaceAll('LOT', at.lot)
    .replaceAll('MACHINE_B', at.machineB)
    .replaceAll('EXECUTION_B', at.executionB)
    .replaceAll('MACHINE', at.machine)
    .replaceAll('WHO', who);

const auth = (who: Who): Record<string, string> =>
  who === 'nobody' ? {} : { authorization: `Bearer ${keys.get(who)}` };

/** answered: the policy let it through (whatever the question then said); refused: 401/403 */
async function tryOperation(who: Who, query: string): Promise<'answered' | 'refused'> {
  const res = await fetch(`${api.url}graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth(who) },
    body: JSON.stringify({ query: fill(query, who) }),
  });
  const body = (await res.json()) as {
    code?: string;
    errors?: { extensions?: { code?: string } }[];
  };
  // refused before GraphQL (no credential): 401 and the route's JSON; by the policy: 403 and
  // the operation's errors
  if (res.status === 401) {
    expect(body.code).toBe('UNAUTHENTICATED');
    return 'refused';
  }
  const codes = (body.errors ?? []).map((e) => e.extensions?.code);
  expect(codes).not.toContain('INTERNAL');
  const refused = codes.includes('FORBIDDEN');
  expect(refused).toBe(res.status === 403);
  return refused ? 'refused' : 'answered';
}

async function trySubscription(who: Who, query: string): Promise<'answered' | 'refused'> {
  const client = createClient({
    url: `${api.url.replace('http', 'ws')}graphql`,
    webSocketImpl: WebSocket,
    connectionParams: who === 'nobody' ? {} : { authorization: `Bearer ${keys.get(who)}` },
    retryAttempts: 0,
    lazy: true,
  });
  try {
    return await new Promise((resolve) => {
      const stop = client.subscribe(
        { query: fill(query, who) },
        {
          next: () => resolve('answered'),
          error: (e: unknown) => {
            const errors = Array.isArray(e) ? (e as { extensions?: { code?: string } }[]) : [];
            const closed = (e as { code?: number }).code !== undefined;
            resolve(
              closed || errors.some((x) => x.extensions?.code === 'FORBIDDEN')
                ? 'refused'
                : 'answered',
            );
          },
          complete: () => resolve('answered'),
        },
      );
      // subscribed and nothing refused it: the policy let it through
      setTimeout(() => {
        stop();
        resolve('answered');
      }, 600);
    });
  } finally {
    await client.dispose();
  }
}

async function tryRoute(who: Who, method: string, path: string): Promise<'answered' | 'refused'> {
  const res = await fetch(`${api.url.replace(/\/$/, '')}${fill(path, who)}`, {
    method,
    headers: {
      ...auth(who),
      ...(method === 'POST' ? { 'content-type': 'application/cloudevents+json' } : {}),
    },
    ...(method === 'POST' ? { body: '{}' } : {}),
  });
  await res.arrayBuffer();
  expect(res.status).not.toBe(500);
  return res.status === 401 || res.status === 403 ? 'refused' : 'answered';
}

const expected = (allowed: string) =>
  Object.fromEntries(
    [...WHO, 'nobody'].map((w) => [w, allowed.split(' ').includes(w) ? 'answered' : 'refused']),
  );

describe('every operation, per role and site', () => {
  it.each(OPERATIONS.map(([what, q, allowed]) => [what, q, allowed]))(
    '%s: %s',
    async (_what, query, allowed) => {
      const got: Record<string, string> = {};
      for (const who of [...WHO, 'nobody'] as Who[]) got[who] = await tryOperation(who, query);
      expect(got).toEqual(expected(allowed));
    },
  );

  it.each(SUBSCRIPTIONS.map(([what, q, allowed]) => [what, q, allowed]))(
    '%s: %s',
    async (_what, query, allowed) => {
      const got: Record<string, string> = {};
      for (const who of [...WHO, 'nobody'] as Who[]) got[who] = await trySubscription(who, query);
      expect(got).toEqual(expected(allowed));
    },
  );

  it.each(ROUTES.map(([what, m, p, allowed]) => [what, m, p, allowed]))(
    '%s: %s %s',
    async (_what, method, path, allowed) => {
      const got: Record<string, string> = {};
      for (const who of [...WHO, 'nobody'] as Who[]) got[who] = await tryRoute(who, method, path);
      expect(got).toEqual(expected(allowed));
    },
  );

  it('tries every root field of the schema, and the policy places every one', async () => {
    const schema = await buildApiSchema(createServices({} as Executor));
    const fields = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]
      .flatMap((t) => (t ? Object.keys(t.getFields()).map((f) => `${t.name}.${f}`) : []))
      .sort();
    const tried = new Set([...OPERATIONS, ...SUBSCRIPTIONS].map(([what]) => what));
    expect(fields.filter((f) => !tried.has(f))).toEqual([]);
    expect(Object.keys(FIELDS).sort()).toEqual(fields);
  });

  it('a person of one site finds only its units by number', async () => {
    const search = async (who: Who) => {
      const res = await fetch(`${api.url}graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth(who) },
        body: JSON.stringify({
          query: '{ search(prefix: "SN", kinds: ["Unit"], first: 100) { key } }',
        }),
      });
      return ((await res.json()) as any).data.search.map((h: { key: string }) => h.key) as string[];
    };
    const all = await search('viewer-all');
    const mine = await search('viewer-A');
    expect(all).toContain(at.A);
    expect(all).toContain(at.B);
    expect(mine).toContain(at.A);
    expect(mine).not.toContain(at.B);
    const sites = await runInTestGraph(
      `UNWIND $serials AS s MATCH (u:Unit {serialNumber: s})-[:BUILT_UNDER]->(wo:WorkOrder)
       RETURN collect(DISTINCT wo.site) AS sites`,
      { serials: mine },
    );
    expect(sites[0]?.sites).toEqual(['PLANT-A']);
  });

  it('put who did what on the audit trail, intact', async () => {
    const admin = { authorization: `Bearer ${keys.get('admin-all')}` };
    const res = await fetch(`${api.url}graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...admin },
      body: JSON.stringify({
        query: `{ auditVerification { ok count problems { problem } }
                  auditTrail(first: 500) { nodes { actor actorKind action target from } } }`,
      }),
    });
    const { data } = (await res.json()) as any;
    expect(data.auditVerification).toMatchObject({ ok: true, problems: [] });
    const seen = new Set(
      (data.auditTrail.nodes as any[]).map((e) =>
        `${e.actor} ${e.action} ${e.target ?? ''}`.trim(),
      ),
    );
    // each key's first request is its sign-in, from this machine
    for (const who of WHO) expect(seen).toContain(`${who} sign-in`);
    expect(data.auditTrail.nodes.find((e: any) => e.action === 'sign-in')).toMatchObject({
      actorKind: 'api-key',
      from: expect.stringMatching(/127\.0\.0\.1/),
    });
    // what the allowed ones did, and nothing the refused ones tried
    expect(seen).toContain('admin-all api-key.create admin-all-made');
    expect(seen).toContain('admin-A api-key.revoke admin-A-made');
    expect(seen).toContain(`engineer-A export.dhr ${at.A}`);
    expect(seen).toContain(`admin-all export.dhr ${at.B}`);
    expect(seen).toContain(`admin-A export.recall ${at.A}`);
    expect(seen).not.toContain(`viewer-all export.dhr ${at.A}`);
    expect(seen).not.toContain('viewer-all api-key.create viewer-all-made');
    // the configuration this server started with
    expect(seen).toContain(`os:${userInfo().username} config.change`);
  });
});
