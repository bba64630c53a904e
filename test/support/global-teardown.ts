import { TEST_INSTANCE, testLocalNeo4j } from './neo4j-for-tests';
import { stopTestRedis } from './redis-for-tests';

export default async function globalTeardown(): Promise<void> {
  const started = globalThis as { __startedTestNeo4j?: boolean; __startedTestRedis?: boolean };
  if (started.__startedTestRedis) await stopTestRedis();
  // an instance someone started before the run (to keep it warm) is left running
  if (started.__startedTestNeo4j) await testLocalNeo4j().stop(TEST_INSTANCE);
}
