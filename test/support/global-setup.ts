import { startTestNeo4j } from './neo4j-for-tests';
import { startTestRedis } from './redis-for-tests';

export default async function globalSetup(): Promise<void> {
  const log = (m: string) => process.stderr.write(`\n[test services] ${m}`);
  const [neo4j, redis] = await Promise.all([startTestNeo4j(log), startTestRedis(log)]);
  (globalThis as { __startedTestNeo4j?: boolean }).__startedTestNeo4j = neo4j;
  (globalThis as { __startedTestRedis?: boolean }).__startedTestRedis = redis;
}
