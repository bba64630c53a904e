/**
 * Sign-in as a client sees it (issue 13): a server configured with a real OpenID Connect provider
 * (oidc-provider in a child process) and API keys. Tokens of the provider sign people in with the
 * roles and sites they carry; forged, expired, wrong-audience, unsigned and key-confused tokens and
 * revoked or expired keys are refused with 401; operations too large are refused before they run;
 * with sign-in the schema is not handed out, nor hinted at.
 */
import { decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose';
import pino from 'pino';
import type { RunningApi } from '../../src/api/server';
import { loadConfig } from '../../src/config';
import { demoLines } from '../../src/demo/generate';
import type { Executor } from '../../src/graph/executor';
import type { Services } from '../../src/main';
import { createServices, serve } from '../../src/main';
import { writeLines } from '../support/canonical';
import { clearGraph, runInTestGraph, testExecutor } from '../support/neo4j-for-tests';
import type { TestOidcProvider } from '../support/oidc-provider';
import { startOidcProvider } from '../support/oidc-provider';

const AUDIENCE = 'urn:threadgraph:test-api';
let executor: Executor;
let services: Services;
let api: RunningApi;
let provider: TestOidcProvider;
const serial = { A: '', B: '' };

beforeAll(async () => {
  executor = await testExecutor();
  await clearGraph();
  services = createServices(executor);
  await services.imports.importCanonicalFile(writeLines([...demoLines({ units: 30, seed: 2 })]), {
    batchSize: 2000,
  });
  provider = await startOidcProvider({
    audience: AUDIENCE,
    clients: [
      {
        clientId: 'quality-a',
        clientSecret: 'secret-quality-a',
        claims: { roles: ['engineer'], sites: ['PLANT-A'], name: 'Quality, plant A' },
      },
      {
        clientId: 'auditor',
        clientSecret: 'secret-auditor',
        claims: { roles: ['admin'], sites: ['*'] },
      },
      {
        clientId: 'short',
        clientSecret: 'secret-short',
        claims: { roles: ['admin'], sites: ['*'] },
        ttlSeconds: 1,
      },
      {
        clientId: 'elsewhere',
        clientSecret: 'secret-elsewhere',
        claims: { roles: ['admin'], sites: ['*'] },
        audience: 'urn:another:api',
      },
    ],
  });
  api = await serve(
    services,
    loadConfig({
      PORT: '0',
      LOG_LEVEL: 'silent',
      THREADGRAPH_OIDC_ISSUER: provider.issuer,
      THREADGRAPH_OIDC_AUDIENCE: AUDIENCE,
      THREADGRAPH_OIDC_CLOCK_SKEW_S: '0',
      THREADGRAPH_RATE_LIMIT: '100000',
    }),
    pino({ level: 'silent' }),
  );
  const rows = await runInTestGraph(
    `MATCH (u:Unit)-[:BUILT_UNDER]->(wo:WorkOrder)
     WITH wo.site AS site, min(u.serialNumber) AS serial RETURN site, serial`,
  );
  serial.A = String(rows.find((r) => r.site === 'PLANT-A')?.serial);
  serial.B = String(rows.find((r) => r.site === 'PLANT-B')?.serial);
}, 180_000);
afterAll(async () => {
  await api.stop();
  await provider.stop();
  await executor.close();
});

async function post(body: unknown, credential?: string) {
  const res = await fetch(`${api.url}graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(credential ? { authorization: `Bearer ${credential}` } : {}),
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
}

const ask = (query: string, credential?: string) => post({ query }, credential);

describe('signed in through the provider', () => {
  it("a person's token gives the roles and sites the provider put in it", async () => {
    const token = await provider.tokenFor('quality-a');
    const me = await ask(
      '{ me { kind subject name roles permissions sites signInRequired } }',
      token,
    );
    expect(me.body.data.me).toEqual({
      kind: 'user',
      subject: 'quality-a',
      name: 'Quality, plant A',
      roles: ['engineer'],
      permissions: ['read', 'export', 'import', 'retry'],
      sites: ['PLANT-A'],
      signInRequired: true,
    });
    const own = await ask(`{ evidenceChain(serialNumber: "${serial.A}") { serialNumber } }`, token);
    expect(own.body.data.evidenceChain.serialNumber).toBe(serial.A);
    const other = await ask(
      `{ evidenceChain(serialNumber: "${serial.B}") { serialNumber } }`,
      token,
    );
    expect(other.status).toBe(403);
    expect(other.body.errors[0]).toMatchObject({
      message: `unit ${serial.B} is not of a site Quality, plant A sees`,
      extensions: { code: 'FORBIDDEN' },
    });
    const keys = await ask('{ apiKeys { name } }', token);
    expect(keys.body.errors[0].message).toBe(
      'Query.apiKeys needs the configure permission (admin); Quality, plant A has the role engineer',
    );
  });

  it('exports: the device history record of its own site, and not of another', async () => {
    const token = await provider.tokenFor('quality-a');
    const own = await fetch(`${api.url}dhr/${serial.A}.json`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(own.status).toBe(200);
    expect(((await own.json()) as any).header.serialNumber).toBe(serial.A);
    const other = await fetch(`${api.url}dhr/${serial.B}.json`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(other.status).toBe(403);
  });
});

describe('refused tokens and keys: 401, and nothing read', () => {
  const refusedWith = async (credential: string | undefined, reason: string) => {
    const res = await ask('{ me { subject } }', credential);
    expect({ status: res.status, body: res.body }).toEqual({
      status: 401,
      body: { error: reason, code: 'UNAUTHENTICATED' },
    });
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  };

  it('no credential', () =>
    refusedWith(
      undefined,
      'sign in: send Authorization: Bearer followed by an access token or an API key',
    ));

  it('forged with another key under the same kid', async () => {
    const good = await provider.tokenFor('quality-a');
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT({ ...decodeJwt(good), roles: ['admin'], sites: ['*'] })
      .setProtectedHeader(decodeProtectedHeader(good) as { alg: string; kid: string })
      .sign(privateKey);
    await refusedWith(forged, 'token signature invalid');
  });

  it('alg none', async () => {
    const good = await provider.tokenFor('quality-a');
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const unsigned = `${b64({ alg: 'none', kid: decodeProtectedHeader(good).kid })}.${b64({ ...decodeJwt(good), roles: ['admin'] })}.`;
    await refusedWith(unsigned, 'token algorithm not accepted');
  });

  it('meant for another audience', async () => {
    await refusedWith(await provider.tokenFor('elsewhere'), 'token audience not accepted');
  });

  it('expired', async () => {
    const token = await provider.tokenFor('short');
    await new Promise((resolve) => setTimeout(resolve, 2200));
    await refusedWith(token, 'token expired');
  });

  it('an API key: works, then revoked, refused; an expired one refused', async () => {
    const { key } = await services.apiKeys.create(
      { name: 'dashboard', role: 'viewer', sites: ['PLANT-B'], expiresAt: null },
      'test',
    );
    expect((await ask('{ me { kind subject sites } }', key)).body).toEqual({
      data: { me: { kind: 'api-key', subject: 'dashboard', sites: ['PLANT-B'] } },
    });
    await services.apiKeys.revoke('dashboard', 'test');
    await refusedWith(key, 'API key revoked');
    await refusedWith(
      `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`,
      'API key not accepted',
    );
    await refusedWith('tgk_nonsense', 'malformed API key');
    const soon = await services.apiKeys.create(
      { name: 'soon', role: 'viewer', expiresAt: new Date(Date.now() + 1500).toISOString() },
      'test',
    );
    expect((await ask('{ me { subject } }', soon.key)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1700));
    await refusedWith(soon.key, 'API key expired');
  });
});

describe('limits, before anything runs', () => {
  const timed = async (query: string, credential: string) => {
    const t0 = performance.now();
    const res = await ask(query, credential);
    return { ...res, ms: performance.now() - t0 };
  };

  it('refuses alias and cost bombs with QUERY_TOO_LARGE (times printed for the note)', async () => {
    const token = await provider.tokenFor('auditor');
    const aliased = (n: number) =>
      Array.from(
        { length: n },
        (_, i) => `e${i}: evidenceChain(serialNumber: "${serial.A}") { complete }`,
      ).join(' ');
    const aliases = aliased(2000);
    const aliasBomb = await timed(`{ ${aliases} }`, token);
    expect(aliasBomb.status).toBe(400);
    expect(aliasBomb.body.errors[0]).toMatchObject({
      message: 'the operation has more than 4000 tokens',
      extensions: { code: 'QUERY_TOO_LARGE' },
    });
    expect(aliasBomb.body.data).toBeUndefined();
    const fewer = await timed(`{ ${aliased(100)} }`, token);
    expect(fewer.status).toBe(400);
    expect(fewer.body.errors[0].message).toBe('the operation has 100 aliases; at most 30');
    const costBomb = await timed(
      `{ traceForward(serialNumber: "${serial.A}", first: 1000000) { units { serialNumber partNumber } } }`,
      token,
    );
    expect(costBomb.status).toBe(400);
    expect(costBomb.body.errors[0].message).toMatch(/^the operation costs 3000011; at most 50000/);
    process.stdout.write(
      `refused before running: 2 000 aliases in ${aliasBomb.ms.toFixed(1)} ms, 100 aliases in ${fewer.ms.toFixed(1)} ms, a page of a million in ${costBomb.ms.toFixed(1)} ms\n`,
    );
  });

  it('refuses a batch, and gives no schema or suggestions with sign-in', async () => {
    const token = await provider.tokenFor('auditor');
    const batch = await post(
      [{ query: '{ me { subject } }' }, { query: '{ me { subject } }' }],
      token,
    );
    expect(batch.status).toBe(400);
    const introspection = await ask('{ __schema { queryType { name } } }', token);
    expect(introspection.status).toBe(400);
    expect(introspection.body.errors[0].message).toMatch(/introspection is not allowed/i);
    const typo = await ask('{ evidenceChian(serialNumber: "X") { complete } }', token);
    expect(typo.body.errors[0].message).not.toMatch(/did you mean/i);
  });

  it('carries a correlation id on every answer', async () => {
    const res = await ask('{ me { subject } }', await provider.tokenFor('auditor'));
    expect(res.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
