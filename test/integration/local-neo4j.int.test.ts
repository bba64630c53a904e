/** The local Neo4j the tests themselves run on: started once, `start` again is a no-op. */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import { TEST_INSTANCE, testLocalNeo4j } from '../support/neo4j-for-tests';

const local = loadConfig().neo4j.mode === 'local';
const maybe = local ? describe : describe.skip;

maybe('the local Neo4j', () => {
  it('reports the running instance with its Bolt port and data directory', async () => {
    const status = await testLocalNeo4j().status(TEST_INSTANCE);
    expect(status.running).toBe(true);
    expect(status.state?.boltPort).toBeGreaterThan(0);
    expect(status.dir).toMatch(/instances[/\\]test$/);
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
});
