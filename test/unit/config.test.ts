import { loadConfig } from '../../src/config';

describe('loadConfig', () => {
  it('uses the local Neo4j when NEO4J_URI is unset', () => {
    const config = loadConfig({ THREADGRAPH_HOME: '/var/lib/threadgraph' });
    expect(config.neo4j).toMatchObject({ mode: 'local', uri: 'bolt://127.0.0.1:7687' });
    expect(config.local.home).toBe('/var/lib/threadgraph');
    expect(config.http).toEqual({ host: '127.0.0.1', port: 4000 });
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
