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
