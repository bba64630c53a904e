/** What the logger writes: secrets censored wherever an entry carries them, the rest as given. */
import { createLogger, REDACTED } from '../../src/logger';

/** Everything a JSON logger writes, one parsed entry per line. */
function jsonLogger() {
  const lines: string[] = [];
  const logger = createLogger('info', false, { write: (line: string) => lines.push(line) });
  return { logger, entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('the logger', () => {
  it('censors credentials in headers, passwords, tokens and the configuration secrets', () => {
    const { logger, entries } = jsonLogger();
    logger.warn(
      {
        req: {
          method: 'POST',
          url: '/graphql',
          headers: {
            authorization: 'Bearer eyJhbGciOi.secret-token',
            cookie: 'session=s3cret-cookie',
            'x-api-key': 'tg_key_s3cret',
            'set-cookie': 'session=s3cret-set-cookie',
            'content-type': 'application/json',
          },
        },
        password: 'top-level-pw',
        neo4j: { uri: 'bolt://127.0.0.1:7687', user: 'neo4j', password: 'nested-pw' },
        config: { secrets: { OPCUA_PASSWORD: 'env-pw' }, neo4j: { password: 'deep-pw' } },
        oidc: { clientSecret: 'client-s3cret', token: 'tok' },
        env: { NEO4J_PASSWORD: 'env-neo4j-pw' },
      },
      'request refused',
    );
    const [entry] = entries();
    expect(entry).toMatchObject({
      msg: 'request refused',
      req: {
        method: 'POST',
        url: '/graphql',
        headers: {
          authorization: REDACTED,
          cookie: REDACTED,
          'x-api-key': REDACTED,
          'set-cookie': REDACTED,
          'content-type': 'application/json',
        },
      },
      password: REDACTED,
      neo4j: { uri: 'bolt://127.0.0.1:7687', user: 'neo4j', password: REDACTED },
      config: { secrets: REDACTED, neo4j: { password: REDACTED } },
      oidc: { clientSecret: REDACTED, token: REDACTED },
      env: { NEO4J_PASSWORD: REDACTED },
    });
    const text = JSON.stringify(entries());
    for (const secret of [
      'secret-token',
      's3cret-cookie',
      's3cret-set-cookie',
      'tg_key_s3cret',
      'top-level-pw',
      'nested-pw',
      'env-pw',
      'deep-pw',
      'client-s3cret',
      '"tok"',
      'env-neo4j-pw',
    ])
      expect(text).not.toContain(secret);
  });

  it('leaves an entry without secrets as it was', () => {
    const { logger, entries } = jsonLogger();
    logger.info({ jobId: 'imp-1', lines: 3 }, 'import done');
    expect(entries()[0]).toMatchObject({ app: 'threadgraph', jobId: 'imp-1', lines: 3 });
  });

  it('censors in the lines it writes for a person too', () => {
    let written = '';
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      written += String(chunk);
      return true;
    });
    try {
      createLogger('info', true).error({ neo4j: { password: 'human-pw' } }, 'cannot connect');
    } finally {
      spy.mockRestore();
    }
    expect(written).toMatch(/ error cannot connect neo4j=\{"password":"\[redacted\]"\}\n$/);
  });
});
