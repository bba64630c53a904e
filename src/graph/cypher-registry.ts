/**
 * Every Cypher statement lives in cypher/<area>/<verb-object>.cypher, one statement a file, and
 * is loaded by name at start-up: a missing file stops the process before it serves anything.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ThreadgraphError } from '../domain/errors';
import { PACKAGE_ROOT } from '../paths';

export const QUERY_NAMES = [
  'admin/await-indexes',
  'admin/count-artefacts',
  'admin/read-migrations',
  'admin/record-migration',
  'admin/lock-writes',
  'admin/read-write-sequence',
  'import/claim-import',
  'import/advance-import',
  'import/finish-import',
  'import/mark-import-failed',
  'import/record-rejections',
  'import/read-rejections',
  'import/read-imports-of-jobs',
  'import/read-received-events',
  'import/record-received-events',
  'import/read-artefact-versions',
  'import/read-consumption-versions',
  'import/delete-declared-relationships',
  'import/upsert-artefacts',
  'import/ensure-placeholders',
  'import/create-relationships',
  'import/upsert-consumptions',
  'import/archive-versions',
  'import/record-violations',
  'evidence/read-units',
  'evidence/read-executions',
  'evidence/read-readings',
  'evidence/read-work-instruction-revisions',
  'evidence/read-plan-revisions',
  'evidence/read-plan-revisions-of-units',
  'evidence/read-inspections',
  'evidence/read-nonconformances',
  'derive/all-units',
  'derive/mark-pending',
  'derive/read-pending',
  'derive/read-all-pending',
  'derive/clear-pending',
  'derive/names-of-capas',
  'derive/parts-of-drawings',
  'derive/parts-of-plans',
  'derive/parts-of-requirements',
  'derive/read-shipped-at',
  'derive/units-of-executions',
  'derive/units-of-parts',
  'derive/units-of-plan-results',
  'derive/units-of-sites',
  'derive/units-of-work-orders',
  'derive/write-operations',
  'derive/write-units',
  'health/count-window',
  'health/read-days',
  'health/read-day-rows',
  'health/read-day-range',
  'health/read-release-to-floor',
  'health/read-time-range',
  'health/replace-days',
  'genealogy/read-components',
  'genealogy/read-containing-units',
  'genealogy/read-element-ids',
  'genealogy/read-parents',
  'audit/read-feeds',
  'audit-trail/take-head',
  'audit-trail/append-event',
  'audit-trail/read-head',
  'audit-trail/read-events',
  'audit-trail/read-page',
  'coverage/count-verified',
  'coverage/read-part-revision',
  'impact/read-change-order',
  'impact/read-serials-of-part',
  'impact/read-site-zones',
  'impact/read-units-by-serial',
  'impact/read-units-of-work-orders',
  'impact/read-work-orders-of-part',
  'impact/read-work-order-ids-of-part',
  'impact/read-work-order-ids-of-units',
  'impact/read-work-orders',
  'search/find-by-key-prefix',
  'trace/read-records',
  'record/read-record',
  'record/read-versions',
  'access/create-api-key',
  'access/read-api-key',
  'access/list-api-keys',
  'access/revoke-api-key',
  'access/read-unit-sites',
  'access/read-machine-site',
  'access/read-execution-site',
  'governance/count-violations',
  'governance/list-violations',
  'readings/all-executions',
  'readings/lock-equipment',
  'readings/read-series-heads',
  'readings/read-chunk-times',
  'readings/create-chunks',
  'readings/update-series',
  'readings/read-executions-in-ranges',
  'readings/write-summaries',
  'readings/read-execution-windows',
  'readings/replace-summaries',
  'readings/read-window-points',
  'readings/read-latest',
  'readings/write-health',
  'readings/read-machines',
  'readings/read-series-points',
  'readings/read-energy-by-route',
  'readings/read-unit-energy',
] as const;

export type QueryName = (typeof QUERY_NAMES)[number];

export const CYPHER_DIR = join(PACKAGE_ROOT, 'cypher');

export class CypherRegistry {
  private readonly texts: ReadonlyMap<QueryName, string>;

  private constructor(texts: Map<QueryName, string>) {
    this.texts = texts;
  }

  static load(dir: string = CYPHER_DIR): CypherRegistry {
    const texts = new Map<QueryName, string>();
    const missing: string[] = [];
    for (const name of QUERY_NAMES) {
      try {
        texts.set(name, readFileSync(join(dir, `${name}.cypher`), 'utf8'));
      } catch {
        missing.push(`${name}.cypher`);
      }
    }
    if (missing.length > 0) {
      throw new ThreadgraphError(
        'INTERNAL',
        `missing Cypher files in ${dir}: ${missing.join(', ')}`,
      );
    }
    return new CypherRegistry(texts);
  }

  get(name: QueryName): string {
    const text = this.texts.get(name);
    if (text === undefined) throw new ThreadgraphError('INTERNAL', `unknown query ${name}`);
    return text;
  }
}
