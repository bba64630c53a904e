import { startTestNeo4j } from './neo4j-for-tests';

export default async function globalSetup(): Promise<void> {
  const started = await startTestNeo4j((m) => process.stderr.write(`\n[test neo4j] ${m}`));
  (globalThis as { __startedTestNeo4j?: boolean }).__startedTestNeo4j = started;
}
