/**
 * The Neo4j the tests run against: NEO4J_URI when set, else a throwaway local instance
 * ("test", on a free port, small heap, authentication on like every local instance) that the
 * global setup starts and the teardown stops.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Driver } from 'neo4j-driver';
import neo4j from 'neo4j-driver';
import { loadConfig } from '../../src/config';
import type { Neo4jTarget } from '../../src/config';
import { CypherRegistry } from '../../src/graph/cypher-registry';
import { Executor } from '../../src/graph/executor';
import { LocalNeo4j } from '../../src/graph/local-neo4j';
import { migrate } from '../../src/graph/migrations';

export const TEST_INSTANCE = 'test';
const URI_VARIABLE = 'THREADGRAPH_TEST_NEO4J_URI';

export function testLocalNeo4j(): LocalNeo4j {
  const { local } = loadConfig();
  return new LocalNeo4j({ ...local, heap: '768m', pageCache: '128m' });
}

/** Called once before all tests; returns whether it started an instance. */
export async function startTestNeo4j(log: (m: string) => void): Promise<boolean> {
  const config = loadConfig();
  if (config.neo4j.mode === 'external') {
    process.env[URI_VARIABLE] = config.neo4j.uri;
    return false;
  }
  const local = testLocalNeo4j();
  const running = await local.status(TEST_INSTANCE);
  if (!running.running) {
    // a fresh database for every run; an instance kept warm between runs is reused as it is
    rmSync(join(local.instanceDir(TEST_INSTANCE), 'data'), { recursive: true, force: true });
  }
  const state =
    running.running && running.state
      ? running.state
      : await local.start(TEST_INSTANCE, { boltPort: 0, log });
  process.env[URI_VARIABLE] = `bolt://127.0.0.1:${state.boltPort}`;
  return !running.running;
}

export function testTarget(): Neo4jTarget {
  const config = loadConfig();
  if (config.neo4j.mode === 'external') return config.neo4j;
  const uri = process.env[URI_VARIABLE];
  if (!uri)
    throw new Error(`${URI_VARIABLE} is not set: run the tests through jest (global setup)`);
  // the port from the global setup (a test file runs in its own process), the password from
  // the instance's file, as the product reads it
  return testLocalNeo4j().target(TEST_INSTANCE, Number(new URL(uri).port));
}

/**
 * The environment that points a `threadgraph` process (or this one's loadConfig) at the test
 * Neo4j: NEO4J_URI with its user and password.
 */
export function testNeo4jEnv(): {
  NEO4J_URI: string;
  NEO4J_USER?: string;
  NEO4J_PASSWORD?: string;
} {
  const target = testTarget();
  return {
    NEO4J_URI: target.uri,
    ...(target.user !== undefined ? { NEO4J_USER: target.user } : {}),
    ...(target.password !== undefined ? { NEO4J_PASSWORD: target.password } : {}),
  };
}

/** A migrated executor on the test database. */
export async function testExecutor(): Promise<Executor> {
  const executor = Executor.connect(testTarget(), CypherRegistry.load());
  await migrate(executor);
  return executor;
}

/** Deletes every node and relationship (the schema stays). */
export async function clearGraph(): Promise<void> {
  await runInTestGraph(
    'MATCH (n) WHERE NOT n:SchemaMigration CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 2000 ROWS',
  );
}

/** Forgets that a migration was applied (its schema stays; applying it again is a no-op). */
export async function forgetMigration(id: string): Promise<void> {
  await runInTestGraph('MATCH (m:SchemaMigration {id: $id}) DELETE m', { id });
}

/** A driver on the test database with its credentials, for assertions outside the product. */
export function testDriver(options: { disableLosslessIntegers?: boolean } = {}): Driver {
  const target = testTarget();
  return neo4j.driver(
    target.uri,
    target.user !== undefined ? neo4j.auth.basic(target.user, target.password ?? '') : undefined,
    options,
  );
}

/** Test housekeeping outside the product's statements, in an auto-commit transaction. */
export async function runInTestGraph(
  statement: string,
  params: Record<string, unknown> = {},
): Promise<Record<string, unknown>[]> {
  const target = testTarget();
  const driver = testDriver();
  const session = driver.session(target.database ? { database: target.database } : {});
  try {
    return (await session.run(statement, params)).records.map((r) => r.toObject());
  } finally {
    await session.close();
    await driver.close();
  }
}

/** Kills the tests' Neo4j (-9), waits, and starts it again on the same port with its data. */
export async function killAndRestartTestNeo4j(downMs: number): Promise<void> {
  const local = testLocalNeo4j();
  const status = await local.status(TEST_INSTANCE);
  if (!status.running || status.state === undefined) {
    throw new Error('the tests did not start this Neo4j: cannot restart it');
  }
  process.kill(status.state.pid, 'SIGKILL');
  await new Promise((r) => setTimeout(r, downMs));
  await local.start(TEST_INSTANCE, { boltPort: status.state.boltPort });
}
