/**
 * The `threadgraph` command as its own process, where what matters is how the process ends: a
 * reader that goes away (`generate … | head`), and `serve` on a busy port — each ends at once,
 * with its exit status and no stack trace.
 */
import type { AddressInfo, Server } from 'node:net';
import { createServer } from 'node:net';
import { spawnCli } from '../support/cli-process';
import { testNeo4jEnv } from '../support/neo4j-for-tests';
import { testPrefix, testRedisUrl } from '../support/redis-for-tests';

describe('threadgraph, as a process', () => {
  it('generate | head: the reader going away ends it quietly, exit 0', async () => {
    // 2 000 units are megabytes: far more than a pipe holds, so writes go on after the reader left
    const cli = spawnCli(['generate', '--units', '2000'], {});
    const { stdout, stderr } = cli.child;
    if (stdout === null || stderr === null) throw new Error('no pipes');
    let errors = '';
    stderr.on('data', (d: Buffer) => (errors += d.toString()));
    await new Promise<void>((resolve) => stdout.once('data', () => resolve()));
    stdout.destroy(); // as `head` does once it has its lines
    expect(await cli.exited()).toBe(0);
    expect(errors).toBe('');
  });

  it('serve on a busy port: one line on stderr and exit 1, at once', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      const cli = spawnCli(['serve'], {
        HOST: '127.0.0.1',
        PORT: String(port),
        ...testNeo4jEnv(),
        REDIS_URL: testRedisUrl(),
        THREADGRAPH_REDIS_PREFIX: testPrefix('cli-process'),
        LOG_LEVEL: 'silent',
      });
      expect(await cli.exited()).toBe(1);
      expect(cli.output()).toBe(`threadgraph: port ${port} on 127.0.0.1 is in use: set PORT\n`);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('db status with a password in NEO4J_URI prints the URI with the password hidden', async () => {
    const uri = 'bolt://neo4j:s3cret-pw@db.plant.example:7687';
    for (const args of [
      ['db', 'status'],
      ['db', 'status', '--json'],
    ]) {
      const cli = spawnCli(args, { NEO4J_URI: uri, LOG_LEVEL: 'silent' });
      expect(await cli.exited()).toBe(0);
      expect(cli.output()).toContain('bolt://neo4j:***@db.plant.example:7687');
      expect(cli.output()).not.toContain('s3cret-pw');
    }
  });

  const everyInterface = {
    HOST: '0.0.0.0',
    PORT: '0',
    ...testNeo4jEnv(),
    REDIS_URL: testRedisUrl(),
    THREADGRAPH_REDIS_PREFIX: testPrefix('cli-process'),
    LOG_LEVEL: 'warn',
  };

  it('serve on every interface without sign-in is refused at start, saying how to sign in', async () => {
    const cli = spawnCli(['serve'], everyInterface);
    expect(await cli.exited()).toBe(1);
    expect(cli.output()).toContain(
      'HOST=0.0.0.0 listens beyond this machine, and no sign-in is configured',
    );
    expect(cli.output()).toContain('THREADGRAPH_SIGN_IN=required');
    expect(cli.output()).not.toContain('is ready');
  }, 90_000);

  it('serve on every interface with sign-in starts, warns of any Host name, and asks who you are', async () => {
    const cli = spawnCli(['serve'], { ...everyInterface, THREADGRAPH_SIGN_IN: 'required' });
    try {
      const deadline = Date.now() + 60_000;
      while (!/is ready: open \S+/.test(cli.output()) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(cli.output()).toContain('is ready');
      expect(cli.output()).toContain('any Host name is answered');
      const port = /:(\d+)\//.exec(/is ready: open (\S+)/.exec(cli.output())?.[1] ?? '')?.[1];
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      expect(await res.json()).toEqual({
        error: 'sign in: send Authorization: Bearer followed by an access token or an API key',
        code: 'UNAUTHENTICATED',
      });
    } finally {
      cli.child.kill('SIGINT');
      await cli.exited();
    }
  }, 90_000);
});
