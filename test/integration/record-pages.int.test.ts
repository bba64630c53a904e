/**
 * What the web app's pages read beside the questions: any record with its provenance, history,
 * refused versions and links; thread health over time; an operation's readings point by point.
 */
import type { Executor } from '../../src/graph/executor';
import type { Services } from '../../src/main';
import { createServices } from '../../src/main';
import { line, writeLines } from '../support/canonical';
import { clearGraph, testExecutor } from '../support/neo4j-for-tests';

let executor: Executor;
let services: Services;

beforeAll(async () => {
  executor = await testExecutor();
  services = createServices(executor);
  await clearGraph();
  const imp = (lines: string[]) =>
    services.imports.importCanonicalFile(writeLines(lines), { batchSize: 100 });
  await imp([
    line('Site', { code: 'S1', timezone: 'UTC' }),
    line('Part', { partNumber: 'P' }),
    line('PartRevision', {
      partNumber: 'P',
      revision: 'A',
      status: 'RELEASED',
      releasedAt: '2026-01-01T00:00:00Z',
    }),
    line('WorkOrder', {
      id: 'WO-1',
      partNumber: 'P',
      revision: 'A',
      site: 'S1',
      releasedAt: '2026-02-01T00:00:00Z',
    }),
    line(
      'Unit',
      {
        serialNumber: 'U-1',
        partNumber: 'P',
        workOrderId: 'WO-1',
        site: 'S1',
        status: 'IN_PROCESS',
      },
      '2026-02-01T00:00:00Z',
    ),
    line('Equipment', { id: 'EQ-1', site: 'S1' }),
    // Monday 2 March and Sunday 8 March: one ISO week; Monday 9 March: the next
    line('OperationExecution', {
      id: 'OE-1',
      serialNumber: 'U-1',
      opNumber: '10',
      equipmentId: 'EQ-1',
      startedAt: '2026-03-02T10:00:00Z',
      completedAt: '2026-03-02T10:10:00Z',
      status: 'COMPLETED',
    }),
    line('OperationExecution', {
      id: 'OE-2',
      serialNumber: 'U-1',
      opNumber: '20',
      startedAt: '2026-03-08T10:00:00Z',
      status: 'COMPLETED',
    }),
    line('OperationExecution', {
      id: 'OE-3',
      serialNumber: 'U-1',
      opNumber: '30',
      startedAt: '2026-03-09T10:00:00Z',
      status: 'COMPLETED',
    }),
    ...[0, 1, 2, 3, 4].map((i) =>
      line('Reading', {
        equipmentId: 'EQ-1',
        tag: 'temp',
        sourceTimestamp: `2026-03-02T10:0${i * 2}:00Z`,
        value: 20 + i,
        unit: 'Cel',
      }),
    ),
    // outside OE-1's window
    line('Reading', {
      equipmentId: 'EQ-1',
      tag: 'temp',
      sourceTimestamp: '2026-03-02T10:11:00Z',
      value: 99,
    }),
  ]);
  // a later version of the unit, and one refused (ERP is not the authority for units)
  await imp([
    line(
      'Unit',
      { serialNumber: 'U-1', partNumber: 'P', workOrderId: 'WO-1', site: 'S1', status: 'COMPLETE' },
      '2026-03-10T00:00:00Z',
      { system: 'mes-1' },
    ),
    line(
      'Unit',
      { serialNumber: 'U-1', partNumber: 'P', status: 'SHIPPED' },
      '2026-03-11T00:00:00Z',
      { source: 'ERP' },
    ),
  ]);
});
afterAll(() => executor.close());

describe('a record page', () => {
  it('holds the fields, the current version with its import, the earlier version and the refused one', async () => {
    const r = await services.records.record('Unit', ['U-1']);
    expect(r).toMatchObject({ kind: 'Unit', key: ['U-1'], displayKey: 'U-1', placeholder: false });
    expect(r?.fields.slice(0, 5)).toEqual([
      { name: 'serialNumber', value: 'U-1' },
      { name: 'partNumber', value: 'P' },
      { name: 'workOrderId', value: 'WO-1' },
      { name: 'site', value: 'S1' },
      { name: 'status', value: 'COMPLETE' },
    ]);
    expect(r?.current).toMatchObject({
      source: 'MES',
      system: 'mes-1',
      recordedAt: '2026-03-10T00:00:00.000000000Z',
      line: 1,
    });
    expect(r?.current.record).toContain('"COMPLETE"');
    expect(r?.importRun?.jobId).toMatch(/^direct-/);
    expect(r?.history.map((h) => [h.recordedAt, h.source])).toEqual([
      ['2026-02-01T00:00:00.000000000Z', 'MES'],
    ]);
    expect(r?.refused.map((v) => [v.source, v.reason])).toEqual([
      ['ERP', 'Unit records are authoritative from MES only; this one came from ERP'],
    ]);
  });

  it('links both ways, and through reference fields kept as properties', async () => {
    const unit = await services.records.record('Unit', ['U-1']);
    const links = (unit?.links ?? [])
      .map((l) => `${l.direction} ${l.via} ${l.kind} ${l.displayKey}`)
      .sort();
    expect(links).toEqual([
      'IN PERFORMED_ON OperationExecution OE-1',
      'IN PERFORMED_ON OperationExecution OE-2',
      'IN PERFORMED_ON OperationExecution OE-3',
      'OUT BUILT_UNDER WorkOrder WO-1',
      'OUT field Part P',
      'OUT field Site S1',
    ]);
    const revision = await services.records.record('PartRevision', ['P', 'A']);
    expect(revision?.displayKey).toBe('P/A');
    expect(revision?.links.map((l) => `${l.direction} ${l.via} ${l.displayKey}`).sort()).toEqual([
      'IN LOCKED_TO WO-1',
      'OUT REVISION_OF P',
    ]);
  });

  it('is null for an unknown record, and refuses a key of the wrong shape', async () => {
    expect(await services.records.record('Unit', ['NOPE'])).toBeNull();
    await expect(services.records.record('PartRevision', ['P'])).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(services.records.record('Widget', ['x'])).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });
});

describe('thread health over time', () => {
  it('buckets the daily counts by ISO week, per site and for every site', async () => {
    const weeks = await services.health.series(null, null, null, 'WEEK');
    // operations on Mon 2 and Sun 8 March fall in the week of 2 March; Mon 9 March starts the next
    expect(weeks.map((p) => [p.start, p.allSites, p.site, p.operations])).toEqual([
      ['2026-03-02', true, null, 2],
      ['2026-03-02', false, 'S1', 2],
      ['2026-03-09', true, null, 1],
      ['2026-03-09', false, 'S1', 1],
    ]);
    const days = await services.health.series(
      'S1',
      '2026-03-08T00:00:00Z',
      '2026-03-09T00:00:00Z',
      'DAY',
    );
    expect(days.map((p) => [p.start, p.operations])).toEqual([['2026-03-08', 1]]);
  });
});

describe('the readings of an operation', () => {
  it('are the equipment readings inside its window, point by point, thinned evenly past the limit', async () => {
    const [all] = await services.evidence.readings('OE-1', 200);
    expect(all).toMatchObject({ tag: 'temp', unit: 'Cel', count: 5 });
    expect(all?.points.map((p) => p.value)).toEqual([20, 21, 22, 23, 24]);
    // 5 points, at most 2: every third (0, 3)
    const [thin] = await services.evidence.readings('OE-1', 2);
    expect(thin?.points.map((p) => p.value)).toEqual([20, 23]);
    expect(await services.evidence.readings('OE-2', 200)).toEqual([]); // no equipment named
    await expect(services.evidence.readings('OE-1', 0)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });
});
