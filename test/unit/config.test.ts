import { loadConfig, redactedUrl } from '../../src/config';

describe('loadConfig', () => {
  it('uses the local Neo4j when NEO4J_URI is unset', () => {
    const config = loadConfig({ THREADGRAPH_HOME: '/var/lib/threadgraph' });
    expect(config.neo4j).toMatchObject({ mode: 'local', uri: 'bolt://127.0.0.1:7687' });
    expect(config.local.home).toBe('/var/lib/threadgraph');
    expect(config.http).toEqual({ host: '127.0.0.1', port: 4000, allowedHosts: [] });
  });

  it('reads the Host names to answer besides loopback ones', () => {
    expect(
      loadConfig({ THREADGRAPH_ALLOWED_HOSTS: ' pumps.plant.example, ,tg.local ' }).http
        .allowedHosts,
    ).toEqual(['pumps.plant.example', 'tg.local']);
  });

  it('uses NEO4J_URI with its credentials', () => {
    const config = loadConfig({
      NEO4J_URI: 'neo4j+s://x.databases.neo4j.io',
      NEO4J_USER: 'u',
      NEO4J_PASSWORD: 'p',
    });
    expect(config.neo4j).toMatchObject({
      mode: 'external',
      uri: 'neo4j+s://x.databases.neo4j.io',
      user: 'u',
      password: 'p',
    });
  });

  it('reports every problem at once', () => {
    let message = '';
    try {
      loadConfig({
        PORT: 'eighty',
        NEO4J_PASSWORD: 'secret',
        LOG_LEVEL: 'loud',
        THREADGRAPH_NEO4J_HEAP: 'lots',
      });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message.split('\n').filter((l) => l.startsWith('  - '))).toHaveLength(4);
    for (const name of ['PORT', 'THREADGRAPH_NEO4J_HEAP', 'NEO4J_URI is not', 'LOG_LEVEL'])
      expect(message).toContain(name);
  });

  it('refuses a URI that is not Bolt', () => {
    expect(() => loadConfig({ NEO4J_URI: 'http://localhost:7474' })).toThrow(
      /neo4j:\/\/ or bolt:\/\//,
    );
  });
});

describe('redactedUrl', () => {
  it('hides the password of a Neo4j, Redis or PostgreSQL URL and keeps the rest', () => {
    expect(redactedUrl('bolt://neo4j:s3cret@db.plant:7687')).toBe('bolt://neo4j:***@db.plant:7687');
    expect(redactedUrl('redis://:s3cret@127.0.0.1:6379/2')).toBe('redis://:***@127.0.0.1:6379/2');
    expect(redactedUrl('postgres://pg:s3cret@h/db')).toBe('postgres://pg:***@h/db');
    expect(redactedUrl('neo4j://db.plant:7687')).toBe('neo4j://db.plant:7687');
  });

  it('hides it in text that is no URL at all', () => {
    expect(redactedUrl('bolt://neo4j:s3 cret@db')).not.toContain('s3');
    expect(redactedUrl('bolt://neo4j:s3cret@db:port')).toBe('bolt://neo4j:***@db:port');
  });

  it('keeps a password out of the message about a bad NEO4J_URI', () => {
    expect(() => loadConfig({ NEO4J_URI: 'http://neo4j:s3cret@localhost:7474' })).toThrow(
      /http:\/\/neo4j:\*\*\*@localhost:7474/,
    );
  });
});

describe('sign-in settings', () => {
  it('has no sign-in by default, and the limits of api/limits.ts', () => {
    expect(loadConfig({}).access).toEqual({
      signIn: false,
      oidc: undefined,
      maxDepth: 12,
      maxAliases: 30,
      maxCost: 50_000,
      ratePerMinute: 1200,
    });
  });

  it('requires sign-in with a provider, whose settings are read and defaulted', () => {
    const { access } = loadConfig({
      THREADGRAPH_OIDC_ISSUER: 'https://login.plant.example/realms/a',
      THREADGRAPH_OIDC_AUDIENCE: 'urn:threadgraph:api',
      THREADGRAPH_OIDC_ALGORITHMS: 'RS256, ES256',
      THREADGRAPH_OIDC_WEB_CLIENT_ID: 'threadgraph-web',
      // compose sets unused ones empty: blank is unset
      THREADGRAPH_OIDC_JWKS_URI: '',
    });
    expect(access.signIn).toBe(true);
    expect(access.oidc).toEqual({
      issuer: 'https://login.plant.example/realms/a',
      audience: 'urn:threadgraph:api',
      jwksUri: undefined,
      algorithms: ['RS256', 'ES256'],
      clockToleranceSeconds: 60,
      rolesClaim: 'roles',
      sitesClaim: 'sites',
      webClientId: 'threadgraph-web',
      webScopes: 'openid profile',
    });
  });

  it('refuses contradictions and weak algorithms, every problem at once', () => {
    let message = '';
    try {
      loadConfig({
        THREADGRAPH_SIGN_IN: 'maybe',
        THREADGRAPH_OIDC_ISSUER: 'login.example',
        THREADGRAPH_OIDC_ALGORITHMS: 'HS256,none',
      });
    } catch (e) {
      message = (e as Error).message;
    }
    for (const part of [
      'THREADGRAPH_SIGN_IN must be required or off, not "maybe"',
      'THREADGRAPH_OIDC_ISSUER is set but THREADGRAPH_OIDC_AUDIENCE is not',
      'THREADGRAPH_OIDC_ISSUER must be an http(s) URL, not "login.example"',
      'not "HS256" (none and HMAC are never accepted)',
      'not "none" (none and HMAC are never accepted)',
    ])
      expect(message).toContain(part);
    expect(() =>
      loadConfig({
        THREADGRAPH_SIGN_IN: 'off',
        THREADGRAPH_OIDC_ISSUER: 'https://x',
        THREADGRAPH_OIDC_AUDIENCE: 'a',
      }),
    ).toThrow('THREADGRAPH_SIGN_IN is off but THREADGRAPH_OIDC_ISSUER is set: unset one');
  });
});
