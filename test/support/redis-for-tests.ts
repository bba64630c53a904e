/**
 * The Redis the tests run against: their own redis-server (AOF on, noeviction) on a free port,
 * started by the global setup and stopped by the teardown — never the machine's shared Redis.
 * THREADGRAPH_TEST_REDIS_URL overrides it (a Redis the tests may fill and flush).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalRedis } from '../../src/jobs/local-redis';

const URL_VARIABLE = 'THREADGRAPH_TEST_REDIS_URL';
const HOME_VARIABLE = 'THREADGRAPH_TEST_REDIS_HOME';
export const TEST_REDIS = 'test';

/** Called once before all tests; returns whether it started one. */
export async function startTestRedis(log: (m: string) => void): Promise<boolean> {
  if (process.env[URL_VARIABLE]) return false;
  const home = mkdtempSync(join(tmpdir(), 'threadgraph-test-redis-'));
  const state = await new LocalRedis(home).start(TEST_REDIS, { port: 0, log });
  process.env[HOME_VARIABLE] = home;
  process.env[URL_VARIABLE] = `redis://127.0.0.1:${state.port}`;
  return true;
}

export async function stopTestRedis(): Promise<void> {
  const home = process.env[HOME_VARIABLE];
  if (home) await new LocalRedis(home).stop(TEST_REDIS);
}

export function testRedisUrl(): string {
  const url = process.env[URL_VARIABLE];
  if (!url)
    throw new Error(`${URL_VARIABLE} is not set: run the tests through jest (global setup)`);
  return url;
}

/** A key prefix of its own for every test that uses queues: tests never see each other's jobs. */
export function testPrefix(name: string): string {
  return `tgtest-${name}-${process.pid}-${Date.now().toString(36)}`;
}

/** Stops the tests' Redis (SIGTERM: it writes its append-only file) and starts it again. */
export async function restartTestRedis(downMs: number): Promise<void> {
  const home = process.env[HOME_VARIABLE];
  if (!home) throw new Error('the tests did not start this Redis: cannot restart it');
  const port = Number(new URL(testRedisUrl()).port);
  const local = new LocalRedis(home);
  await local.stop(TEST_REDIS);
  await new Promise((r) => setTimeout(r, downMs));
  await local.start(TEST_REDIS, { port });
}
