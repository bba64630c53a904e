import { TEST_INSTANCE, testLocalNeo4j } from './neo4j-for-tests';

export default async function globalTeardown(): Promise<void> {
  // an instance someone started before the run (to keep it warm) is left running
  if ((globalThis as { __startedTestNeo4j?: boolean }).__startedTestNeo4j) {
    await testLocalNeo4j().stop(TEST_INSTANCE);
  }
}
