/**
 * Every Cypher file is loaded, used, documented, and planned by Neo4j against the migrated schema
 * with the index it says it relies on (no full scans where a key is given).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CYPHER_DIR, CypherRegistry, QUERY_NAMES } from '../../src/graph/cypher-registry';
import type { QueryName } from '../../src/graph/cypher-registry';
import { EVIDENCE_STATEMENTS } from '../../src/graph/evidence-reader';
import type { Executor } from '../../src/graph/executor';
import { testExecutor } from '../support/neo4j-for-tests';

const T = '2026-01-01T00:00:00.000000000Z';

/** Parameters of the shape each query receives, for EXPLAIN. */
const SAMPLE: Record<QueryName, Record<string, unknown>> = {
  'admin/await-indexes': {},
  'admin/count-artefacts': {},
  'admin/read-migrations': {},
  'admin/record-migration': { id: '001-x', checksum: 'abc' },
  'admin/lock-writes': { step: 1 },
  'admin/read-write-sequence': {},
  'import/claim-import': {
    id: 'j.1',
    jobId: 'j',
    run: 1,
    format: 'canonical',
    file: 'f',
    label: 'f',
    fileHash: 'h',
    fileSize: 1,
    totalLines: 1,
    runToken: 't',
    now: T,
  },
  'import/advance-import': {
    id: 'j.1',
    runToken: 't',
    fromLine: 0,
    line: 10,
    offset: 100,
    batches: 1,
    lines: 10,
    applied: 1,
    unchanged: 0,
    history: 0,
    rejected: 0,
    violations: 0,
    duplicates: 0,
    rejections: null,
    feeds: '[]',
    now: T,
  },
  'import/finish-import': {
    id: 'j.1',
    runToken: 't',
    status: 'COMPLETED',
    phase: 'derive',
    now: T,
    error: null,
    derivedUnits: 1,
    derivedDays: 1,
  },
  'import/mark-import-failed': { jobId: 'j', error: 'e', now: T },
  'import/record-rejections': { id: 'j.1#1', importId: 'j.1', batch: 1, rows: '[]', count: 0 },
  'import/read-rejections': { importId: 'j.1', afterBatch: -1, limit: 10 },
  'import/read-imports-of-jobs': { jobIds: ['j'] },
  'import/read-received-events': { keys: ['k'] },
  'import/record-received-events': {
    events: [{ key: 'k', rid: 'r', importId: 'j.1', line: 1, receivedAt: T }],
  },
  'import/read-artefact-versions': { rids: ['["Unit","SN-1"]'] },
  'import/read-consumption-versions': {
    rids: ['["Consumption","parentSerialNumber=SN-1","childLotNumber=L-1"]'],
  },
  'import/delete-declared-relationships': { rids: ['["Unit","SN-1"]'] },
  'import/upsert-artefacts': {
    rows: [{ rid: '["Unit","SN-1"]', label: 'Unit', props: { serialNumber: 'SN-1' } }],
  },
  'import/ensure-placeholders': {
    targets: [{ rid: '["Unit","SN-1"]', label: 'Unit', props: { serialNumber: 'SN-1' } }],
  },
  'import/create-relationships': {
    rels: [
      {
        from: 'a',
        to: 'b',
        type: 'BUILT_UNDER',
        importId: 'i',
        source: 'MES',
        system: null,
        recordedAt: T,
        characteristicId: null,
      },
    ],
  },
  'import/upsert-consumptions': { rows: [{ rid: 'c', parentRid: 'a', childRid: 'b', props: {} }] },
  'import/archive-versions': { versions: [{ id: 'v' }] },
  'import/record-violations': { rows: [{ id: 'v' }] },
  'evidence/read-units': { serialNumbers: ['SN-1'] },
  'evidence/read-executions': { serialNumbers: ['SN-1'] },
  'evidence/read-readings': { serialNumbers: ['SN-1'] },
  'evidence/read-work-instruction-revisions': { serialNumbers: ['SN-1'] },
  'evidence/read-plan-revisions': { planIds: ['IP-1'] },
  'evidence/read-plan-revisions-of-units': { serialNumbers: ['SN-1'] },
  'evidence/read-inspections': { serialNumbers: ['SN-1'] },
  'evidence/read-nonconformances': { rids: ['["Unit","SN-1"]'] },
  'genealogy/read-components': { rids: ['["Unit","SN-1"]'], maxDepth: 50 },
  'genealogy/read-containing-units': { rid: '["Lot","L-1"]' },
  'genealogy/read-parents': { eids: ['4:abc:1'] },
  'genealogy/read-element-ids': { rids: ['["Lot","L-1"]'] },
  'derive/all-units': { after: '', limit: 10 },
  'derive/mark-pending': { id: 'j.1#1', importId: 'j.1', seeds: '{}', createdAt: T },
  'derive/read-pending': { importId: 'j.1' },
  'derive/read-all-pending': {},
  'derive/clear-pending': { ids: ['j.1#1'] },
  'derive/names-of-capas': { ids: ['CAPA-1'] },
  'derive/parts-of-drawings': { drawingNumbers: ['D-1'] },
  'derive/parts-of-plans': { planIds: ['IP-1'] },
  'derive/parts-of-requirements': { ids: ['R-1'] },
  'derive/read-shipped-at': { serialNumbers: ['SN-1'] },
  'derive/units-of-executions': {
    ids: ['OE-1'],
    workInstructions: ['WI-1'],
    equipment: ['E-1'],
    operators: ['O-1'],
  },
  'derive/units-of-parts': { partNumbers: ['P-1'] },
  'derive/units-of-plan-results': { planIds: ['IP-1'] },
  'derive/units-of-sites': { codes: ['S-1'] },
  'derive/units-of-work-orders': { ids: ['WO-1'] },
  'derive/write-operations': { rows: [{ id: 'OE-1', escaped: false, unitSite: 'S-1' }] },
  'derive/write-units': {
    rows: [
      {
        serialNumber: 'SN-1',
        gapCodes: [],
        gapCount: 0,
        complete: true,
        verifiedRequirements: [],
        builtToSuperseded: false,
        shippedAt: null,
        derivedAt: T,
      },
    ],
  },
  'health/count-window': { from: T, to: T, site: null },
  'health/read-days': { fromDay: '2026-01-01', toDay: '2026-02-01', site: 'S-1' },
  'health/read-day-rows': { fromDay: '2026-01-01', toDay: '2026-02-01', site: null },
  'health/read-day-range': {},
  'health/read-release-to-floor': { from: T, to: T, site: null },
  'health/read-time-range': {},
  'health/replace-days': { days: ['2026-01-01'], rows: [] },
  'audit/read-feeds': {},
  'audit-trail/take-head': { genesis: '0'.repeat(64) },
  'audit-trail/append-event': {
    seq: 1,
    props: { at: T, actor: 'ana', actorKind: 'user', action: 'sign-in', prevHash: 'p', hash: 'h' },
    hash: 'h',
    at: T,
  },
  'audit-trail/read-head': {},
  'audit-trail/read-events': { after: 0, limit: 1000 },
  'audit-trail/read-page': { before: 100, limit: 51, actionPrefix: 'import.', actor: null },
  'coverage/count-verified': { partNumber: 'P-1', revision: 'A' },
  'coverage/read-part-revision': { partNumber: 'P-1', revision: 'A' },
  'impact/read-change-order': { id: 'ECO-1' },
  'impact/read-serials-of-part': { partNumber: 'P-1' },
  'impact/read-units-by-serial': { serialNumbers: ['SN-1'] },
  'impact/read-units-of-work-orders': { workOrderIds: ['WO-1'] },
  'impact/read-site-zones': { codes: ['S-1'] },
  'impact/read-work-orders-of-part': { partNumber: 'P-1' },
  'impact/read-work-order-ids-of-part': { partNumber: 'P-1' },
  'impact/read-work-order-ids-of-units': { partNumber: 'P-1' },
  'impact/read-work-orders': { ids: ['WO-1'] },
  'search/find-by-key-prefix': { prefix: 'SN-', kinds: ['Unit'], limit: 10 },
  'trace/read-records': { rids: ['["Unit","SN-1"]'] },
  'record/read-record': { rid: '["Unit","SN-1"]', limit: 200 },
  'record/read-versions': { rid: '["Unit","SN-1"]', prefix: '["Unit","SN-1"]#' },
  'access/create-api-key': {
    id: '0123456789abcdef',
    name: 'mes',
    hash: 'h',
    role: 'importer',
    sites: null,
    createdAt: T,
    createdBy: 'local',
    expiresAt: null,
  },
  'access/read-api-key': { id: '0123456789abcdef' },
  'access/list-api-keys': {},
  'access/revoke-api-key': { key: 'mes', revokedAt: T, revokedBy: 'local' },
  'access/read-unit-sites': { serialNumbers: ['SN-1'] },
  'access/read-machine-site': { id: 'M-1' },
  'access/read-execution-site': { id: 'OE-1' },
  'governance/count-violations': {},
  'governance/list-violations': { after: '', limit: 10 },
  'readings/all-executions': { after: '', limit: 10 },
  'readings/lock-equipment': {
    equipment: [{ equipmentId: 'E-1', site: null, lastReadingAt: T }],
  },
  'readings/read-series-heads': { series: [{ equipmentId: 'E-1', tag: 't' }] },
  'readings/read-chunk-times': {
    ranges: [{ equipmentId: 'E-1', tag: 't', from: T, to: T, seekFrom: T }],
  },
  'readings/create-chunks': {
    chunks: [
      { equipmentId: 'E-1', tag: 't', from: T, to: T, count: 1, dt: [0], v: [1], q: ['Good'] },
    ],
  },
  'readings/update-series': {
    series: [
      {
        equipmentId: 'E-1',
        tag: 't',
        site: null,
        meaning: null,
        unit: null,
        limits: null,
        high: T,
        lastAt: T,
        lastValue: 1,
        lastQuality: 'Good',
        added: 1,
      },
    ],
  },
  'readings/read-executions-in-ranges': { ranges: [{ equipmentId: 'E-1', from: T, to: T }] },
  'readings/write-summaries': { rows: [{ executionId: 'OE-1', tag: 't', props: { count: 1 } }] },
  'readings/read-execution-windows': { ids: ['OE-1'] },
  'readings/replace-summaries': { rows: [{ id: 'OE-1', windowEnd: T }] },
  'readings/read-window-points': {
    windows: [{ key: 'OE-1', equipmentId: 'E-1', from: T, to: T, seekFrom: T }],
  },
  'readings/read-latest': { equipmentIds: ['E-1'] },
  'readings/write-health': {
    rows: [{ equipmentId: 'E-1', health: 'GREEN', reason: 'r', lastReadingAt: T }],
    at: T,
  },
  'readings/read-machines': { site: 'S-1' },
  'readings/read-series-points': { equipmentId: 'E-1', tag: 't', from: T, to: T, seekFrom: T },
  'readings/read-energy-by-route': { from: T, to: T, site: null },
  'readings/read-unit-energy': { serialNumber: 'SN-1' },
};

/** Queries that read a whole label on purpose (counts, the migration table). */
const SCANS_BY_DESIGN = new Set<QueryName>([
  'admin/count-artefacts',
  'audit/read-feeds',
  'admin/read-migrations',
  'admin/record-migration',
  'governance/count-violations',
  'derive/read-all-pending',
  'readings/read-machines',
  'access/list-api-keys',
]);

function cypherFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return cypherFiles(path);
    return entry.endsWith('.cypher') ? [relative(CYPHER_DIR, path).replace(/\.cypher$/, '')] : [];
  });
}

describe('the Cypher registry', () => {
  it('loads every query the code names', () => {
    expect(() => CypherRegistry.load()).not.toThrow();
  });

  it('has no file the code does not use', () => {
    expect(cypherFiles(CYPHER_DIR).sort()).toEqual([...QUERY_NAMES].sort());
  });

  it('refuses to start when a file is missing', () => {
    expect(() => CypherRegistry.load(join(CYPHER_DIR, 'no-such-dir'))).toThrow(
      /missing Cypher files/,
    );
  });

  it.each(QUERY_NAMES.map((n) => [n]))(
    '%s opens with purpose, parameters, returns and index',
    (name) => {
      const text = readFileSync(join(CYPHER_DIR, `${name}.cypher`), 'utf8');
      const header = text
        .split('\n')
        .filter((l) => l.startsWith('//'))
        .join('\n');
      for (const part of ['Purpose:', 'Parameters:', 'Returns:', 'Index:'])
        expect(header).toContain(part);
    },
  );

  it('uses parameters only: no string building in any file', () => {
    for (const name of QUERY_NAMES) {
      const text = readFileSync(join(CYPHER_DIR, `${name}.cypher`), 'utf8');
      expect(text).not.toMatch(/\$\{/); // no template placeholders
    }
  });
});

describe('EXPLAIN against the migrated schema', () => {
  let executor: Executor;
  beforeAll(async () => {
    executor = await testExecutor();
  });
  afterAll(() => executor.close());

  it.each(QUERY_NAMES.map((n) => [n]))(
    '%s plans, without a full scan where a key is given',
    async (name) => {
      const operators = await executor.explain(name, SAMPLE[name]);
      expect(operators.length).toBeGreaterThan(0);
      expect(operators).not.toContain('AllNodesScan');
      if (!SCANS_BY_DESIGN.has(name)) {
        expect(operators).not.toContain('NodeByLabelScan');
        expect(operators).not.toContain('DirectedAllRelationshipsScan');
        expect(operators).not.toContain('UndirectedAllRelationshipsScan');
      }
    },
  );

  it('plans the evidence statements run together as one, without a full scan', async () => {
    const operators = await executor.explain(EVIDENCE_STATEMENTS, {
      serialNumbers: ['SN-1'],
      rids: ['["Unit","SN-1"]'],
      maxDepth: 50,
    });
    expect(operators.filter((o) => o.startsWith('ProduceResults'))).toHaveLength(1);
    for (const scan of ['AllNodesScan', 'NodeByLabelScan', 'DirectedAllRelationshipsScan'])
      expect(operators).not.toContain(scan);
  });
});
