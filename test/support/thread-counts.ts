/**
 * What an import left in the graph, as counts to compare a faulted import against a clean one:
 * nodes per label, relationships per type, history versions, governance violations, the derived
 * state of units and operations, the daily health counts, and thread health itself.
 */
import type { Executor } from '../../src/graph/executor';
import { HealthService } from '../../src/services/health-service';
import { testDriver } from './neo4j-for-tests';

export async function threadCounts(executor: Executor): Promise<Record<string, unknown>> {
  const driver = testDriver({ disableLosslessIntegers: true });
  const q = async (cypher: string) =>
    (await driver.executeQuery(cypher)).records.map((r) => r.toObject());
  try {
    const health = await new HealthService(executor, {
      costPerEscape: 11000,
      changesPerYear: 500,
      currency: 'GBP',
    }).threadHealth(undefined, undefined, undefined);
    return {
      nodes: await q(
        `MATCH (n) WHERE NOT (n:Import OR n:SchemaMigration OR n:WriteLock OR n:DerivePending OR n:RejectedLines)
         WITH reduce(s = '', l IN labels(n) | s + ':' + l) + coalesce(' placeholder=' + toString(n.placeholder), '') AS what
         RETURN what, count(*) AS n ORDER BY what`,
      ),
      relationships: await q(
        'MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n ORDER BY type',
      ),
      history: await q(
        'MATCH (h:RecordVersion) RETURN count(h) AS n, count(DISTINCT h.rid) AS records',
      ),
      violations: await q('MATCH (g:GovernanceViolation) RETURN count(g) AS n'),
      units: await q(
        `MATCH (u:Unit) WHERE NOT u.placeholder
         RETURN count(u) AS units, sum(u.gapCount) AS gaps, sum(CASE WHEN u.complete THEN 1 ELSE 0 END) AS complete,
                sum(CASE WHEN u.builtToSuperseded THEN 1 ELSE 0 END) AS superseded,
                sum(size(coalesce(u.verifiedRequirements, []))) AS verified,
                sum(CASE WHEN u.derivedAt IS NULL THEN 1 ELSE 0 END) AS underived,
                count(u.shippedAt) AS shipped`,
      ),
      operations: await q(
        `MATCH (o:OperationExecution) WHERE NOT o.placeholder
         RETURN count(o) AS n, sum(CASE WHEN o.escaped THEN 1 ELSE 0 END) AS escaped, count(o.unitSite) AS sited`,
      ),
      days: await q(
        `MATCH (d:HealthDay) RETURN count(d) AS days, sum(d.operations) AS operations, sum(d.escapedOperations) AS escaped,
                sum(d.nonconformances) AS ncrs, sum(d.structuredNonconformances) AS structured,
                sum(d.shippedUnits) AS shipped, sum(d.completeShippedUnits) AS completeShipped`,
      ),
      pending: await q('MATCH (p:DerivePending) RETURN count(p) AS n'),
      health: JSON.parse(JSON.stringify(health)) as unknown,
    };
  } finally {
    await driver.close();
  }
}
