/**
 * Bearer tokens against a real OpenID Connect provider (oidc-provider in its own process): the
 * identity each client's token gives, and every kind of bad token refused with its reason. Needs
 * no Neo4j.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  SignJWT,
  decodeJwt,
  decodeProtectedHeader,
  exportSPKI,
  generateKeyPair,
  importJWK,
} from 'jose';
import type { JWK } from 'jose';
import { createTokenVerifier } from '../../src/api/bearer-tokens';
import type { TokenVerifierOptions } from '../../src/api/bearer-tokens';
import { ThreadgraphError } from '../../src/domain/errors';
import { signInAsBrowser, startOidcProvider } from '../support/oidc-provider';
import type { TestOidcProvider } from '../support/oidc-provider';

const AUDIENCE = 'urn:threadgraph:api';
// the browser app's address; nothing needs to listen there: the sign-in stops at the redirect
const SIGNED_IN = 'http://127.0.0.1:4999/signed-in';

let provider: TestOidcProvider;

beforeAll(async () => {
  provider = await startOidcProvider({
    audience: AUDIENCE,
    clients: [
      {
        clientId: 'engineer-a',
        clientSecret: 'secret-engineer-a',
        claims: { roles: ['engineer'], sites: ['PLANT-A'], name: 'Quality engineer, plant A' },
      },
      {
        clientId: 'admin-all',
        clientSecret: 'secret-admin-all',
        claims: { roles: ['admin', 'viewer', 'admin'], sites: ['*'] },
      },
      {
        // a space-separated string of roles, one of another application; comma-separated sites
        clientId: 'mes-bridge',
        clientSecret: 'secret mes/bridge+1',
        claims: {
          roles: 'importer other-app:writer',
          sites: 'PLANT-A, PLANT-B',
          preferred_username: 'MES bridge',
        },
      },
      {
        clientId: 'no-known-role',
        clientSecret: 'secret-no-known-role',
        claims: { roles: ['auditor'], email: 'someone@plant.example' },
      },
      { clientId: 'bare', clientSecret: 'secret-bare' },
      {
        // roles and sites under other claim names (a provider that namespaces its claims)
        clientId: 'namespaced',
        clientSecret: 'secret-namespaced',
        claims: {
          'https://threadgraph.example/roles': ['viewer'],
          groups: ['PLANT-C'],
          roles: ['admin'],
        },
      },
      {
        clientId: 'short-lived',
        clientSecret: 'secret-short-lived',
        claims: { roles: ['viewer'], sites: ['PLANT-B'] },
        ttlSeconds: 1,
      },
      {
        clientId: 'elsewhere',
        clientSecret: 'secret-elsewhere',
        claims: { roles: ['admin'], sites: ['*'] },
        audience: 'urn:another:api',
      },
    ],
    publicClients: [{ clientId: 'threadgraph-web', redirectUris: [SIGNED_IN] }],
    users: {
      'q.engineer': { roles: ['engineer', 'viewer'], sites: ['PLANT-B'], name: 'Quinn Engineer' },
    },
  });
});

afterAll(async () => {
  await provider?.stop();
});

function verifierFor(overrides: Partial<TokenVerifierOptions> = {}) {
  return createTokenVerifier({
    issuer: provider.issuer,
    audience: AUDIENCE,
    algorithms: ['RS256'],
    clockToleranceSeconds: 5,
    rolesClaim: 'roles',
    sitesClaim: 'sites',
    ...overrides,
  });
}

/** The code and message a rejected verification gives, to compare in one expectation. */
async function refusal(pending: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await pending;
  } catch (error) {
    if (!(error instanceof ThreadgraphError)) throw error;
    return { code: error.code, message: error.message };
  }
  throw new Error('the token was accepted');
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('a good token', () => {
  it("gives each client's identity: its subject, name, and the roles and sites it was given", async () => {
    const verifier = verifierFor();
    expect(await verifier.verify(await provider.tokenFor('engineer-a'))).toEqual({
      kind: 'user',
      subject: 'engineer-a',
      name: 'Quality engineer, plant A',
      roles: ['engineer'],
      sites: ['PLANT-A'],
    });
    // a role named twice counts once; `*` is every site
    expect(await verifier.verify(await provider.tokenFor('admin-all'))).toEqual({
      kind: 'user',
      subject: 'admin-all',
      name: undefined,
      roles: ['admin', 'viewer'],
      sites: 'all',
    });
    // another application's role is ignored; the name falls back to preferred_username
    expect(await verifier.verify(await provider.tokenFor('mes-bridge'))).toEqual({
      kind: 'user',
      subject: 'mes-bridge',
      name: 'MES bridge',
      roles: ['importer'],
      sites: ['PLANT-A', 'PLANT-B'],
    });
  });

  it('with no role the product knows, or no claims at all, still gives an identity (the policy refuses it)', async () => {
    const verifier = verifierFor();
    expect(await verifier.verify(await provider.tokenFor('no-known-role'))).toEqual({
      kind: 'user',
      subject: 'no-known-role',
      name: 'someone@plant.example',
      roles: [],
      sites: [],
    });
    expect(await verifier.verify(await provider.tokenFor('bare'))).toEqual({
      kind: 'user',
      subject: 'bare',
      name: undefined,
      roles: [],
      sites: [],
    });
  });

  it('verifies with the JWKS URI given instead of discovered, and with other claim names', async () => {
    const verifier = verifierFor({
      jwksUri: provider.jwksUri,
      rolesClaim: 'https://threadgraph.example/roles',
      sitesClaim: 'groups',
    });
    // its `roles` claim (admin) is not the one configured, so it counts for nothing
    expect(await verifier.verify(await provider.tokenFor('namespaced'))).toEqual({
      kind: 'user',
      subject: 'namespaced',
      name: undefined,
      roles: ['viewer'],
      sites: ['PLANT-C'],
    });
  });
});

describe('a person signed in through the browser app (authorization code + PKCE)', () => {
  it('gets a token for the API that gives the roles and sites given to their login', async () => {
    const signedIn = await signInAsBrowser(provider, {
      clientId: 'threadgraph-web',
      redirectUri: SIGNED_IN,
      login: 'q.engineer',
    });
    // the token endpoint answers the app's own origin (a public client's redirect URI origin)
    expect(signedIn.allowedOrigin).toBe('http://127.0.0.1:4999');
    expect(decodeJwt(signedIn.accessToken)).toMatchObject({
      aud: AUDIENCE,
      client_id: 'threadgraph-web',
    });
    expect(await verifierFor().verify(signedIn.accessToken)).toEqual({
      kind: 'user',
      subject: 'q.engineer',
      name: 'Quinn Engineer',
      roles: ['engineer', 'viewer'],
      sites: ['PLANT-B'],
    });
    // a login the provider gives nothing: signed in, with no role (the policy refuses it)
    const stranger = await signInAsBrowser(provider, {
      clientId: 'threadgraph-web',
      redirectUri: SIGNED_IN,
      login: 'stranger',
    });
    expect(await verifierFor().verify(stranger.accessToken)).toEqual({
      kind: 'user',
      subject: 'stranger',
      name: undefined,
      roles: [],
      sites: [],
    });
  });

  it('the ID token is not a token for the API', async () => {
    const { idToken } = await signInAsBrowser(provider, {
      clientId: 'threadgraph-web',
      redirectUri: SIGNED_IN,
      login: 'q.engineer',
    });
    if (idToken === undefined) throw new Error('no ID token');
    // its audience is the app's client id
    expect(await refusal(verifierFor().verify(idToken))).toEqual({
      code: 'UNAUTHENTICATED',
      message: 'token audience not accepted',
    });
  });
});

describe('a token refused', () => {
  it('expired: past its lifetime and the clock tolerance', async () => {
    const verifier = verifierFor({ clockToleranceSeconds: 1 });
    const token = await provider.tokenFor('short-lived');
    // good while fresh: only time makes it fail
    expect(await verifier.verify(token)).toMatchObject({ roles: ['viewer'], sites: ['PLANT-B'] });
    // exp is iat + 1 s (whole seconds); past exp + 1 s of tolerance
    await new Promise((r) => setTimeout(r, 3200));
    expect(await refusal(verifier.verify(token))).toEqual({
      code: 'UNAUTHENTICATED',
      message: 'token expired',
    });
  });

  it('for another audience', async () => {
    const token = await provider.tokenFor('elsewhere');
    expect(decodeJwt(token).aud).toBe('urn:another:api');
    expect(await refusal(verifierFor().verify(token))).toEqual({
      code: 'UNAUTHENTICATED',
      message: 'token audience not accepted',
    });
  });

  it('from another issuer than the one configured', async () => {
    const verifier = verifierFor({
      issuer: 'https://login.plant.example/realms/threadgraph',
      jwksUri: provider.jwksUri,
    });
    expect(await refusal(verifier.verify(await provider.tokenFor('engineer-a')))).toEqual({
      code: 'UNAUTHENTICATED',
      message: 'token issuer not accepted',
    });
  });

  it('forged: the same claims and kid, signed with another RSA key', async () => {
    const good = await provider.tokenFor('engineer-a');
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT(decodeJwt(good))
      .setProtectedHeader(decodeProtectedHeader(good) as { alg: string; kid: string })
      .sign(privateKey);
    expect(decodeProtectedHeader(forged)).toEqual(decodeProtectedHeader(good));
    expect(await refusal(verifierFor().verify(forged))).toEqual({
      code: 'UNAUTHENTICATED',
      message: 'token signature invalid',
    });
  });

  it('tampered: roles and sites changed, the signature kept', async () => {
    const [header, , signature] = (await provider.tokenFor('engineer-a')).split('.');
    const payload = {
      ...decodeJwt(await provider.tokenFor('engineer-a')),
      roles: ['admin'],
      sites: ['*'],
    };
    const tampered = `${header}.${b64(payload)}.${signature}`;
    expect(await refusal(verifierFor().verify(tampered))).toEqual({
      code: 'UNAUTHENTICATED',
      message: 'token signature invalid',
    });
  });

  it('unsigned (`alg: none`), however good its claims', async () => {
    const good = await provider.tokenFor('engineer-a');
    const { kid } = decodeProtectedHeader(good);
    const unsigned = `${b64({ alg: 'none', kid })}.${b64({ ...decodeJwt(good), roles: ['admin'] })}.`;
    expect(await refusal(verifierFor().verify(unsigned))).toEqual({
      code: 'UNAUTHENTICATED',
      message: 'token algorithm not accepted',
    });
  });

  it("key confusion: HS256 with the provider's public key as the HMAC secret", async () => {
    const good = await provider.tokenFor('engineer-a');
    const { kid } = decodeProtectedHeader(good);
    const { keys } = (await (await fetch(provider.jwksUri)).json()) as { keys: JWK[] };
    const jwk = keys.find((k) => k.kid === kid);
    if (jwk === undefined) throw new Error('the provider publishes no key with the token kid');
    const pem = await exportSPKI(
      (await importJWK(jwk, 'RS256')) as Parameters<typeof exportSPKI>[0],
    );
    const claims = { ...decodeJwt(good), roles: ['admin'], sites: ['*'] };
    const verifier = verifierFor();
    // the secret as the PEM text, and as the key's JWK text: both ways an attacker might guess
    for (const secret of [pem, JSON.stringify(jwk)]) {
      const confused = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256', kid })
        .sign(new TextEncoder().encode(secret));
      expect(await refusal(verifier.verify(confused))).toEqual({
        code: 'UNAUTHENTICATED',
        message: 'token algorithm not accepted',
      });
    }
  });

  it('garbage', async () => {
    const verifier = verifierFor();
    const good = await provider.tokenFor('engineer-a');
    for (const garbage of [
      '',
      'not-a-token',
      'a.b',
      'YWJj.YWJj.YWJj',
      '!!.??.**',
      `Bearer ${good}`,
      `${good}.extra.parts`,
      `${good.slice(0, 40)}.${good.slice(41)}`,
      'x'.repeat(20_000),
    ]) {
      expect([garbage.slice(0, 20), await refusal(verifier.verify(garbage))]).toEqual([
        garbage.slice(0, 20),
        { code: 'UNAUTHENTICATED', message: 'malformed token' },
      ]);
    }
  });

  it('never names the token in its message', async () => {
    const good = await provider.tokenFor('elsewhere');
    const { message } = await refusal(verifierFor().verify(good));
    expect(message).not.toContain(good.split('.')[1]);
  });
});

describe('the provider unreachable', () => {
  it('is UNAVAILABLE, not UNAUTHENTICATED: for discovery, and for the keys', async () => {
    const gone = await startOidcProvider({ audience: AUDIENCE, clients: [] });
    await gone.stop();
    const token = await provider.tokenFor('engineer-a');
    const discovering = verifierFor({ issuer: gone.issuer });
    expect(await refusal(discovering.verify(token))).toEqual({
      code: 'UNAVAILABLE',
      message: `the sign-in provider ${gone.issuer} cannot be reached; try again`,
    });
    const keyless = verifierFor({ issuer: gone.issuer, jwksUri: gone.jwksUri });
    expect(await refusal(keyless.verify(token))).toEqual({
      code: 'UNAVAILABLE',
      message: "the sign-in provider's keys could not be fetched; try again",
    });
  });

  it('a failed discovery is tried again; a discovery document naming another issuer is refused', async () => {
    // a stand-in for a provider's discovery endpoint: down first, then up, then misconfigured
    let answer: 'down' | 'up' | 'other issuer' = 'down';
    const server = createServer((_req, res) => {
      if (answer === 'down') {
        res.writeHead(503).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          issuer: answer === 'up' ? standIn : 'https://somewhere.example',
          jwks_uri: provider.jwksUri,
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const standIn = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const token = await provider.tokenFor('engineer-a');
      const verifier = verifierFor({ issuer: standIn });
      expect(await refusal(verifier.verify(token))).toEqual({
        code: 'UNAVAILABLE',
        message: `the sign-in provider ${standIn} answered its discovery document with HTTP 503`,
      });
      answer = 'up';
      // discovered now, with the real provider's keys: the token is checked (and its issuer,
      // the real provider's, is not the stand-in's)
      expect(await refusal(verifier.verify(token))).toEqual({
        code: 'UNAUTHENTICATED',
        message: 'token issuer not accepted',
      });
      answer = 'other issuer';
      expect(await refusal(verifierFor({ issuer: standIn }).verify(token))).toEqual({
        code: 'UNAVAILABLE',
        message: `the sign-in provider ${standIn} names another issuer ("https://somewhere.example") in its discovery document`,
      });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
