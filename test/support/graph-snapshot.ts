/**
 * The whole graph as a canonical, comparable value: nodes by label and properties, relationships
 * by type, ends and properties. For "re-import changes nothing" and "any order ends the same".
 */
import { testDriver, testTarget } from './neo4j-for-tests';

export interface SnapshotOptions {
  /** properties that legitimately differ between runs (e.g. importId, line) */
  readonly ignore?: readonly string[];
}

export async function graphSnapshot(options: SnapshotOptions = {}): Promise<string[]> {
  const ignore = new Set(options.ignore ?? []);
  const target = testTarget();
  const driver = testDriver({ disableLosslessIntegers: true });
  const session = driver.session(target.database ? { database: target.database } : {});
  const clean = (props: Record<string, unknown>) =>
    JSON.stringify(
      Object.keys(props)
        .filter((k) => !ignore.has(k))
        .sort()
        .map((k) => [k, String(props[k])]),
    );
  try {
    // the bookkeeping of import runs (audit records, the write lock, pending derives, rejected
    // lines) is not the data: two imports of the same records leave different bookkeeping
    const nodes = await session.run(
      'MATCH (n) WHERE NOT (n:Import OR n:SchemaMigration OR n:WriteLock OR n:DerivePending OR n:RejectedLines) RETURN labels(n) AS labels, properties(n) AS props',
    );
    const rels = await session.run(
      'MATCH (a)-[r]->(b) RETURN type(r) AS type, coalesce(a.rid, a.id) AS from, coalesce(b.rid, b.id) AS to, properties(r) AS props',
    );
    return [
      ...nodes.records.map(
        (r) =>
          `N ${[...(r.get('labels') as string[])].sort().join(':')} ${clean(r.get('props') as Record<string, unknown>)}`,
      ),
      ...rels.records.map(
        (r) =>
          `R ${r.get('type')} ${r.get('from')} -> ${r.get('to')} ${clean(r.get('props') as Record<string, unknown>)}`,
      ),
    ].sort();
  } finally {
    await session.close();
    await driver.close();
  }
}
