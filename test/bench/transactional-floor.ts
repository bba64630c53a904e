/**
 * The transactional floor (`npm run bench:floor`, step 2; `npm run bench:peers` beside the import):
 * the importer's own upsert statement alone — one MERGE of one node per record with its label and
 * properties, one uniqueness constraint, one writer, batches as the importer sends them — no
 * relationships, placeholders, history, other indexes or derived state. Into an emptied instance,
 * emptied again after.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CanonicalRecord } from '../../src/domain/canonical';
import { CypherRegistry } from '../../src/graph/cypher-registry';
import { Executor } from '../../src/graph/executor';
import type { PreparedBatch } from '../../src/graph/import-writer';
import { prepareBatch } from '../../src/graph/import-writer';
import type { LocalNeo4j } from '../../src/graph/local-neo4j';
import { readCanonical } from '../../importers/canonical/read-canonical';

const CTX = { importId: 'floor', startedAt: '2026-01-01T00:00:00.000Z' };

/** The file's valid records, prepared as the importer prepares its batches. */
export async function* batches(file: string, size: number): AsyncGenerator<PreparedBatch> {
  let batch: CanonicalRecord[] = [];
  for await (const { parsed } of readCanonical(file)) {
    if (parsed?.ok) batch.push(parsed.record);
    if (batch.length >= size) {
      yield prepareBatch(batch, CTX);
      batch = [];
    }
  }
  if (batch.length > 0) yield prepareBatch(batch, CTX);
}

/** Seconds to write the file's records so (their preparation not timed). */
export async function transactionalFloor(
  local: LocalNeo4j,
  instance: string,
  file: string,
  batchSize: number,
): Promise<number> {
  rmSync(join(local.instanceDir(instance), 'data'), { recursive: true, force: true });
  const state = await local.start(instance, { boltPort: 0 });
  const executor = Executor.connect(local.target(instance, state.boltPort), CypherRegistry.load());
  try {
    await executor.runSchema(
      'CREATE CONSTRAINT artefact_rid IF NOT EXISTS FOR (n:Artefact) REQUIRE n.rid IS UNIQUE',
    );
    // only the writes are timed: this step measures the database, not Node. Each batch is prepared
    // just before it is written (all of them held at once took more than 4 GiB at 100 000 units)
    let writing = 0;
    for await (const batch of batches(file, batchSize)) {
      const rows = batch.groups.map((g) => ({
        rid: g.rid,
        label: g.row.label ?? 'Consumption',
        props: g.row.props,
      }));
      const started = performance.now();
      await executor.write('floor', (q) => q.run('import/upsert-artefacts', { rows }));
      writing += performance.now() - started;
    }
    return writing / 1000;
  } finally {
    await executor.close();
    await local.stop(instance);
    rmSync(join(local.instanceDir(instance), 'data'), { recursive: true, force: true });
  }
}
