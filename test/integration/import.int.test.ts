/**
 * The canonical importer on a real Neo4j: every rule of the canonical model (authority,
 * placeholders, idempotency, later recordedAt wins with history, provenance), rejected lines, and
 * a failure part-way through.
 */
import type { Executor, QueryRunner } from '../../src/graph/executor';
import { createServices } from '../../src/main';
import type { ImportSummary } from '../../src/services/import-service';
import { line, writeLines } from '../support/canonical';
import { graphSnapshot } from '../support/graph-snapshot';
import { clearGraph, testDriver, testExecutor } from '../support/neo4j-for-tests';

let executor: Executor;

beforeAll(async () => {
  executor = await testExecutor();
});
afterAll(() => executor.close());
beforeEach(() => clearGraph());

const importLines = (
  lines: string[],
  batchSize = 500,
  using: Executor = executor,
): Promise<ImportSummary> =>
  createServices(using).imports.importCanonicalFile(writeLines(lines), { batchSize });

/** Runs a read-only Cypher statement straight on the test database (assertions only). */
async function query(
  cypher: string,
  params: Record<string, unknown> = {},
): Promise<Record<string, unknown>[]> {
  const driver = testDriver({ disableLosslessIntegers: true });
  try {
    const result = await driver.executeQuery(cypher, params);
    return result.records.map((r) => r.toObject());
  } finally {
    await driver.close();
  }
}

/** A small thread: a part revision, its work order, one unit with an operation. */
const thread = [
  line('Part', { partNumber: 'P', name: 'Pump', tracking: 'SERIAL' }),
  line('PartRevision', {
    partNumber: 'P',
    revision: 'A',
    status: 'RELEASED',
    releasedAt: '2026-01-01T00:00:00Z',
    drawingNumber: 'D-P',
    drawingRevision: 'A',
    satisfies: ['R1'],
  }),
  line('DrawingRevision', {
    drawingNumber: 'D-P',
    revision: 'A',
    releasedAt: '2026-01-01T00:00:00Z',
  }),
  line('Requirement', { id: 'R1', title: 'Flow' }),
  line('WorkOrder', {
    id: 'WO-1',
    partNumber: 'P',
    revision: 'A',
    releasedAt: '2026-02-01T00:00:00Z',
    site: 'S1',
  }),
  line('Site', { code: 'S1', timezone: 'UTC' }),
  line('Unit', {
    serialNumber: 'U-1',
    partNumber: 'P',
    workOrderId: 'WO-1',
    site: 'S1',
    status: 'COMPLETE',
  }),
  line('OperationExecution', {
    id: 'OE-1',
    serialNumber: 'U-1',
    workOrderId: 'WO-1',
    opNumber: '10',
    equipmentId: 'E1',
    operatorId: 'O1',
    startedAt: '2026-02-02T08:00:00Z',
    status: 'COMPLETED',
  }),
  line('Equipment', { id: 'E1', site: 'S1' }),
  line('Operator', { id: 'O1' }),
  line('Lot', { lotNumber: 'L-1', partNumber: 'AL' }),
  line('Consumption', { parentSerialNumber: 'U-1', childLotNumber: 'L-1', quantity: 2 }),
];

describe('authority', () => {
  it('refuses a record from a system that is not its kind’s authority, and lists it', async () => {
    const summary = await importLines([
      line(
        'PartRevision',
        { partNumber: 'HX-100', revision: 'D', status: 'RELEASED' },
        '2026-01-10T08:00:00Z',
        { source: 'ERP', system: 'erp-eu' },
      ),
      line('PartRevision', { partNumber: 'HX-100', revision: 'C', status: 'RELEASED' }),
    ]);
    expect(summary).toMatchObject({ applied: 1, violations: 1, rejected: 0 });
    expect(await query('MATCH (r:PartRevision) RETURN r.revision AS revision')).toEqual([
      { revision: 'C' },
    ]);
    const page = await createServices(executor).governance.violations(10, undefined);
    expect(page.totalCount).toBe(1);
    expect(page.nodes[0]).toMatchObject({
      kind: 'PartRevision',
      source: 'ERP',
      system: 'erp-eu',
      key: 'HX-100/D',
      importId: summary.importId,
      line: 1,
    });
    expect(page.nodes[0]?.reason).toMatch(/authoritative from PLM only; this one came from ERP/);
  });

  it('records the same refused line once, however often it is imported', async () => {
    const refused = line('Unit', { serialNumber: 'U-9' }, '2026-01-10T08:00:00Z', {
      source: 'ERP',
    });
    await importLines([refused]);
    await importLines([refused]);
    expect((await createServices(executor).governance.violations(10, null)).totalCount).toBe(1);
  });
});

describe('placeholders', () => {
  it('a reference to something not yet known creates a marked placeholder that the record later fills', async () => {
    await importLines([
      line('Unit', { serialNumber: 'U-1', partNumber: 'P', workOrderId: 'WO-7' }),
    ]);
    expect(
      await query(
        'MATCH (w:WorkOrder) RETURN w.id AS id, w.placeholder AS placeholder, w.status AS status',
      ),
    ).toEqual([{ id: 'WO-7', placeholder: true, status: null }]);
    expect(
      await query(
        'MATCH (:Unit {serialNumber: "U-1"})-[:BUILT_UNDER]->(w:WorkOrder) RETURN w.id AS id',
      ),
    ).toEqual([{ id: 'WO-7' }]);

    await importLines([
      line('WorkOrder', { id: 'WO-7', partNumber: 'P', revision: 'A', status: 'RELEASED' }),
    ]);
    expect(
      await query(
        'MATCH (w:WorkOrder) RETURN w.id AS id, w.placeholder AS placeholder, w.status AS status',
      ),
    ).toEqual([{ id: 'WO-7', placeholder: false, status: 'RELEASED' }]);
    // the unit's link survived the work order being filled in
    expect(
      await query(
        'MATCH (:Unit {serialNumber: "U-1"})-[:BUILT_UNDER]->(w:WorkOrder) RETURN w.id AS id',
      ),
    ).toEqual([{ id: 'WO-7' }]);
  });
});

describe('idempotency and order', () => {
  it('importing the same file again changes nothing but the import log', async () => {
    const first = await importLines(thread);
    const before = await graphSnapshot();
    const second = await importLines(thread);
    expect(await graphSnapshot()).toEqual(before);
    expect(first).toMatchObject({ applied: thread.length, unchanged: 0 });
    expect(second).toMatchObject({ applied: 0, unchanged: thread.length, history: 0 });
    expect(await query('MATCH (i:Import) RETURN count(i) AS imports')).toEqual([{ imports: 2 }]);
  });

  it('records arriving in any order, in any batches, end in the same graph', async () => {
    const versions = [
      ...thread,
      line(
        'Unit',
        {
          serialNumber: 'U-1',
          partNumber: 'P',
          workOrderId: 'WO-1',
          site: 'S1',
          status: 'SHIPPED',
        },
        '2026-03-01T00:00:00Z',
      ),
      line(
        'Unit',
        {
          serialNumber: 'U-1',
          partNumber: 'P',
          workOrderId: 'WO-1',
          site: 'S1',
          status: 'IN_PROCESS',
        },
        '2025-12-01T00:00:00Z',
      ),
    ];
    const ignore = ['importId', 'line', 'derivedAt'];
    await importLines(versions, 500);
    const forward = await graphSnapshot({ ignore });
    await clearGraph();
    await importLines([...versions].reverse(), 2);
    expect(await graphSnapshot({ ignore })).toEqual(forward);
    await clearGraph();
    for (const l of [
      versions[8],
      versions[12],
      versions[6],
      versions[0],
      versions[13],
      ...versions,
    ]) {
      await importLines([l as string], 1);
    }
    expect(await graphSnapshot({ ignore })).toEqual(forward);
    expect(await query('MATCH (u:Unit {serialNumber: "U-1"}) RETURN u.status AS status')).toEqual([
      { status: 'SHIPPED' },
    ]);
  });
});

describe('the later recordedAt wins', () => {
  const v1 = line(
    'Unit',
    { serialNumber: 'U-1', partNumber: 'P', status: 'IN_PROCESS' },
    '2026-02-01T00:00:00Z',
    { system: 'mes-a' },
  );
  const v2 = line(
    'Unit',
    { serialNumber: 'U-1', partNumber: 'P', status: 'COMPLETE' },
    '2026-02-03T00:00:00Z',
    { system: 'mes-a' },
  );

  it('a stale record does not overwrite, and is kept as history', async () => {
    await importLines([v2]);
    const stale = await importLines([v1]);
    expect(stale).toMatchObject({ applied: 0, history: 1 });
    expect(
      await query('MATCH (u:Unit) RETURN u.status AS status, u.recordedAt AS recordedAt'),
    ).toEqual([{ status: 'COMPLETE', recordedAt: '2026-02-03T00:00:00.000000000Z' }]);
    expect(
      await query(
        'MATCH (v:RecordVersion) RETURN v.kind AS kind, v.key AS key, v.recordedAt AS recordedAt, v.record AS record',
      ),
    ).toEqual([
      { kind: 'Unit', key: 'U-1', recordedAt: '2026-02-01T00:00:00.000000000Z', record: v1 },
    ]);
  });

  it('a newer record replaces the current one, which is kept as history with its provenance', async () => {
    const first = await importLines([v1]);
    const second = await importLines([v2]);
    expect(second).toMatchObject({ applied: 1, history: 0 });
    expect(
      await query(
        'MATCH (u:Unit) RETURN u.status AS status, u.importId AS importId, u.system AS system',
      ),
    ).toEqual([{ status: 'COMPLETE', importId: second.importId, system: 'mes-a' }]);
    expect(
      await query(
        'MATCH (v:RecordVersion) RETURN v.importId AS importId, v.record AS record, v.line AS line',
      ),
    ).toEqual([{ importId: first.importId, record: v1, line: 1 }]);
  });

  it('a changed unit keeps what it consumed (consumption belongs to its own records)', async () => {
    await importLines(thread);
    await importLines([
      line(
        'Unit',
        {
          serialNumber: 'U-1',
          partNumber: 'P',
          workOrderId: 'WO-2',
          site: 'S1',
          status: 'SHIPPED',
        },
        '2026-04-01T00:00:00Z',
      ),
    ]);
    expect(
      await query(
        'MATCH (:Unit {serialNumber: "U-1"})-[r]->(n) RETURN type(r) AS type, coalesce(n.id, n.lotNumber) AS to ORDER BY type',
      ),
    ).toEqual([
      { type: 'BUILT_UNDER', to: 'WO-2' },
      { type: 'CONSUMED', to: 'L-1' },
    ]);
  });
});

describe('provenance', () => {
  it('every node and relationship written names the import, source, system and recordedAt', async () => {
    const summary = await importLines([
      line('Unit', { serialNumber: 'U-1', workOrderId: 'WO-1' }, '2026-02-01T10:00:00+02:00', {
        system: 'mes-a',
        site: 'S1',
      }),
    ]);
    const [unit] = await query(
      'MATCH (u:Unit)-[r:BUILT_UNDER]->(w) RETURN properties(u) AS u, properties(r) AS r, properties(w) AS w',
    );
    expect(unit?.u).toMatchObject({
      importId: summary.importId,
      source: 'MES',
      system: 'mes-a',
      recordedAt: '2026-02-01T08:00:00.000000000Z',
      line: 1,
      site: 'S1',
    });
    expect(unit?.r).toMatchObject({
      importId: summary.importId,
      source: 'MES',
      system: 'mes-a',
      recordedAt: '2026-02-01T08:00:00.000000000Z',
    });
    // the placeholder names the import and record that first referenced it
    expect(unit?.w).toMatchObject({ placeholder: true, importId: summary.importId, source: 'MES' });
    expect(
      await query('MATCH (i:Import {id: $id}) RETURN i.fileHash AS fileHash, i.status AS status', {
        id: summary.importId,
      }),
    ).toEqual([{ fileHash: summary.fileHash, status: 'COMPLETED' }]);
  });
});

describe('bad lines', () => {
  it('are reported with line number and field while the good lines apply', async () => {
    const summary = await importLines([
      line('Part', { partNumber: 'P' }),
      '{"kind": "Part", "source": "PLM", ',
      line('Widget', { id: 'W' }),
      line('Unit', { partNumber: 'P' }),
      line('OperationExecution', { id: 'OE-1', startedAt: '2 Feb 2026' }),
      '',
      line('Part', { partNumber: 'Q' }),
    ]);
    expect(summary).toMatchObject({
      lines: 6,
      applied: 2,
      rejected: 4,
      violations: 0,
      status: 'COMPLETED',
    });
    expect(summary.rejections.map((r) => [r.line, r.field])).toEqual([
      [2, undefined],
      [3, 'kind'],
      [4, 'data.serialNumber'],
      [5, 'data.startedAt'],
    ]);
    expect(await query('MATCH (p:Part) RETURN p.partNumber AS p ORDER BY p')).toEqual([
      { p: 'P' },
      { p: 'Q' },
    ]);
    const [audit] = await query(
      'MATCH (i:Import) RETURN i.rejected AS rejected, i.rejections AS rejections',
    );
    expect(audit?.rejected).toBe(4);
    expect(JSON.parse(audit?.rejections as string)).toHaveLength(4);
  });

  it('a file that cannot be read stops the import before anything is written', async () => {
    await expect(
      createServices(executor).imports.importCanonicalFile('/no/such/file.jsonl', {
        batchSize: 10,
      }),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    expect(await query('MATCH (n) WHERE NOT n:SchemaMigration RETURN count(n) AS n')).toEqual([
      { n: 0 },
    ]);
  });
});

describe('a failure part-way', () => {
  it('leaves no half-written batch, and running the import again completes it', async () => {
    // a clean import, for comparison
    await importLines(thread, 4);
    const complete = await graphSnapshot({ ignore: ['importId', 'derivedAt'] });
    await clearGraph();

    // the second batch fails after all its statements ran, before its commit
    let batches = 0;
    const faulty = Object.create(executor) as Executor;
    faulty.write = <T>(operation: string, work: (q: QueryRunner) => Promise<T>) =>
      operation === 'import:batch' && ++batches === 2
        ? executor.write(operation, async (q) => {
            await work(q);
            throw new Error('disk on fire');
          })
        : executor.write(operation, work);
    const file = writeLines(thread);
    const request = { jobId: 'job-fire', run: 1, file, format: 'canonical' as const };
    await expect(createServices(faulty).imports.run(request, { batchSize: 4 })).rejects.toThrow(
      'disk on fire',
    );
    // exactly the first batch (lines 1-4) and what it referenced
    const nodes = await query(
      'MATCH (n:Artefact) RETURN labels(n) AS labels, n.placeholder AS placeholder ORDER BY n.rid',
    );
    expect(nodes.filter((n) => n.placeholder === false)).toHaveLength(4);
    expect(await query('MATCH (n:Unit) RETURN count(n) AS units')).toEqual([{ units: 0 }]);
    expect(
      await query(
        'MATCH (i:Import) RETURN i.status AS status, i.line AS line, i.applied AS applied, i.error AS error',
      ),
    ).toEqual([{ status: 'INTERRUPTED', line: 4, applied: 4, error: 'disk on fire' }]);

    // the run resumes from its checkpoint: counts as if it had never stopped
    const again = await createServices(executor).imports.run(request, { batchSize: 4 });
    expect(again).toMatchObject({
      status: 'COMPLETED',
      applied: thread.length,
      unchanged: 0,
      attempts: 2,
    });
    expect(await graphSnapshot({ ignore: ['importId', 'derivedAt'] })).toEqual(complete);
  });
});

describe('hostile lines', () => {
  it('each becomes its own rejection; the good lines beside them in the same batch apply', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`; // written out: JSON.stringify would overflow
    const lines = [
      line('Part', { partNumber: 'P-OK-1' }),
      line('Unit', { serialNumber: 'SN-DEEP', legacy: 0 }).replace(
        '"legacy":0',
        `"legacy":${deep}`,
      ),
      line('OperationExecution', { id: 'OE-Y0', startedAt: '0001-01-01T00:30:00+01:00' }),
      line('Unit', { serialNumber: 'S'.repeat(9000) }),
      line('Unit', { serialNumber: '   ' }),
      '{"kind":"Unit","source":"MES","recordedAt":"2026-01-01T00:00:00Z","data":{"serialNumber":"SN-\\ud800"}}',
      '{"kind":"Unit","source":"MES","recordedAt":"2026-01-01T00:00:00Z","data":{"serialNumber":12345678901234567890}}',
      line('OperationExecution', { id: 'OE-Y50', startedAt: '0050-06-01T12:00:00Z' }),
      line('Part', { partNumber: 'P-OK-2' }),
    ];
    // all nine lines in one batch: before, a single bad line failed the whole batch
    const summary = await importLines(lines, 2000);
    expect(summary).toMatchObject({ status: 'COMPLETED', lines: 9, applied: 4, rejected: 5 });
    expect(summary.rejections.map((r) => [r.line, r.field])).toEqual([
      [2, `data.legacy${'[0]'.repeat(30)}`],
      [3, 'data.startedAt'],
      [4, 'data.serialNumber'],
      [5, 'data.serialNumber'],
      [6, 'data.serialNumber'],
    ]);
    expect(
      await query(
        'MATCH (n:Artefact) WHERE NOT n.placeholder RETURN n.rid AS rid, n.startedAt AS startedAt ORDER BY rid',
      ),
    ).toEqual([
      { rid: '["OperationExecution","OE-Y50"]', startedAt: '0050-06-01T12:00:00.000000000Z' },
      { rid: '["Part","P-OK-1"]', startedAt: null },
      { rid: '["Part","P-OK-2"]', startedAt: null },
      { rid: '["Unit","12345678901234567890"]', startedAt: null },
    ]);
    // the rejected lines are kept with the run, each with the start of the line
    const kept = await query('MATCH (r:RejectedLines) RETURN r.count AS count, r.rows AS rows');
    expect(kept).toHaveLength(1);
    const rows = JSON.parse(kept[0]?.rows as string) as { line: number; excerpt: string }[];
    expect(rows.map((r) => r.line)).toEqual([2, 3, 4, 5, 6]);
    expect(rows[2]?.excerpt).toHaveLength(200);
  });
});
