/**
 * The local Neo4j the tests themselves run on: started once, `start` again is a no-op; it asks
 * for the password in its instance's file. An instance made before authentication was on is
 * upgraded at its next start (one more Neo4j, started the old way and then the new one).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import neo4j from 'neo4j-driver';
import { loadConfig } from '../../src/config';
import type { LocalNeo4j } from '../../src/graph/local-neo4j';
import { freePort, processLives } from '../../src/ports';
import { TEST_INSTANCE, testLocalNeo4j } from '../support/neo4j-for-tests';

const local = loadConfig().neo4j.mode === 'local';
const maybe = local ? describe : describe.skip;

const UNAUTHORIZED = 'Neo.ClientError.Security.Unauthorized';

/** The first column of the first row of one auto-commit statement, with these credentials. */
async function first(
  port: number,
  auth: ReturnType<typeof neo4j.auth.basic> | undefined,
  cypher = 'MATCH (n) RETURN count(n)',
): Promise<unknown> {
  const driver = neo4j.driver(`bolt://127.0.0.1:${port}`, auth, {
    disableLosslessIntegers: true,
    connectionTimeout: 5000,
  });
  try {
    return (await driver.executeQuery(cypher)).records[0]?.get(0);
  } finally {
    await driver.close();
  }
}

maybe('the local Neo4j', () => {
  it('reports the running instance with its Bolt port, data directory and password file', async () => {
    const status = await testLocalNeo4j().status(TEST_INSTANCE);
    expect(status.running).toBe(true);
    expect(status.state?.boltPort).toBeGreaterThan(0);
    expect(status.dir).toMatch(/instances[/\\]test$/);
    expect(status.passwordFile).toBe(join(status.dir, 'neo4j-password'));
    // the store, its logs and configuration: the owner's alone
    for (const dir of [status.dir, join(status.dir, 'data'), join(status.dir, 'conf')])
      expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('start is a no-op when it already runs', async () => {
    const neo4j = testLocalNeo4j();
    const before = await neo4j.status(TEST_INSTANCE);
    const state = await neo4j.start(TEST_INSTANCE, { boltPort: 0 });
    expect(state.pid).toBe(before.state?.pid);
    expect(state.boltPort).toBe(before.state?.boltPort);
  });

  it('an instance never started is not running, and stopping it is harmless', async () => {
    const neo4j = testLocalNeo4j();
    expect((await neo4j.status('never-started')).running).toBe(false);
    expect(await neo4j.stop('never-started')).toBe(false);
  });

  describe('authentication', () => {
    it('is on: the password is in a file of mode 600, 64 hex digits (256 bits)', async () => {
      const status = await testLocalNeo4j().status(TEST_INSTANCE);
      expect(statSync(status.passwordFile).mode & 0o777).toBe(0o600);
      expect(readFileSync(status.passwordFile, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
      expect(readFileSync(join(status.dir, 'conf', 'neo4j.conf'), 'utf8')).toContain(
        'dbms.security.auth_enabled=true\n',
      );
    });

    // one wrong password only: a third failure in a row would lock user neo4j out for 5 s, and
    // every later test file uses this instance
    it('refuses a connection without a password, and one with a wrong password', async () => {
      const port = (await testLocalNeo4j().status(TEST_INSTANCE)).state?.boltPort ?? 0;
      await expect(first(port, undefined)).rejects.toMatchObject({ code: UNAUTHORIZED });
      await expect(
        first(port, neo4j.auth.basic('neo4j', 'not-the-password')),
      ).rejects.toMatchObject({ code: UNAUTHORIZED });
    });

    it("answers with the file's password, which target() hands to the product", async () => {
      const instance = testLocalNeo4j();
      const status = await instance.status(TEST_INSTANCE);
      const port = status.state?.boltPort ?? 0;
      const password = readFileSync(status.passwordFile, 'utf8').trim();
      expect(instance.target(TEST_INSTANCE, port)).toEqual({
        mode: 'local',
        uri: `bolt://127.0.0.1:${port}`,
        user: 'neo4j',
        password,
      });
      expect(await first(port, neo4j.auth.basic('neo4j', password), 'RETURN 41 + 1')).toBe(42);
      // nor is it on the server's command line, which every user of the machine can read
      const pid = status.state?.pid ?? 0;
      expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8')).not.toContain(password);
    });

    it('an instance made with authentication off is upgraded at its next start', async () => {
      const instance = testLocalNeo4j();
      const name = `upgrade-${process.pid}`;
      const dir = instance.instanceDir(name);
      rmSync(dir, { recursive: true, force: true });
      try {
        // as `db start` made it before: no password file, auth off, one node in the graph
        const port = await freePort();
        await runTheOldWay(instance, dir, port, async () => {
          expect(
            await first(port, undefined, 'CREATE (n:KeptAcrossTheUpgrade) RETURN count(n)'),
          ).toBe(1);
        });

        const state = await instance.start(name, { boltPort: port });
        const password = readFileSync(instance.passwordFile(name), 'utf8').trim();
        expect(password).toMatch(/^[0-9a-f]{64}$/);
        expect(statSync(instance.passwordFile(name)).mode & 0o777).toBe(0o600);
        await expect(first(state.boltPort, undefined)).rejects.toMatchObject({
          code: UNAUTHORIZED,
        });
        // the node made before: same store, now behind the password
        expect(
          await first(
            state.boltPort,
            neo4j.auth.basic('neo4j', password),
            'MATCH (n:KeptAcrossTheUpgrade) RETURN count(n)',
          ),
        ).toBe(1);
        // what the server and the admin tool wrote holds no password in the clear
        for (const file of readdirSync(join(dir, 'logs')))
          expect(readFileSync(join(dir, 'logs', file), 'utf8')).not.toContain(password);
      } finally {
        await instance.stop(name);
        rmSync(dir, { recursive: true, force: true });
      }
    }, 120_000);
  });
});

/**
 * Starts a Neo4j on `dir` as `db start` did before authentication was on (its configuration
 * then, no password), runs `body`, and stops it.
 */
async function runTheOldWay(
  instance: LocalNeo4j,
  dir: string,
  port: number,
  body: () => Promise<void>,
): Promise<void> {
  for (const sub of ['conf', 'data', 'logs', 'run', 'plugins'])
    mkdirSync(join(dir, sub), { recursive: true });
  writeFileSync(
    join(dir, 'conf', 'neo4j.conf'),
    [
      'server.default_listen_address=127.0.0.1',
      `server.bolt.listen_address=127.0.0.1:${port}`,
      'server.http.enabled=false',
      'server.https.enabled=false',
      'dbms.security.auth_enabled=false',
      `server.directories.data=${join(dir, 'data')}`,
      `server.directories.logs=${join(dir, 'logs')}`,
      `server.directories.run=${join(dir, 'run')}`,
      `server.directories.plugins=${join(dir, 'plugins')}`,
      'server.memory.pagecache.size=64m',
      'dbms.usage_report.enabled=false',
      '',
    ].join('\n'),
  );
  const child = spawn(
    instance.java(),
    [
      '-Xmx512m',
      '--add-opens=java.base/java.nio=ALL-UNNAMED',
      '--add-opens=java.base/java.io=ALL-UNNAMED',
      '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
      '-cp',
      join(instance.ensureJars(), '*'),
      'org.neo4j.server.CommunityEntryPoint',
      `--home-dir=${dir}`,
      `--config-dir=${join(dir, 'conf')}`,
      '--console-mode',
    ],
    { stdio: 'ignore' },
  );
  const pid = child.pid ?? 0;
  try {
    const deadline = Date.now() + 90_000;
    for (;;) {
      try {
        await first(port, undefined);
        break;
      } catch (e) {
        if (Date.now() > deadline || !processLives(pid, 'CommunityEntryPoint')) throw e;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    await body();
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}
