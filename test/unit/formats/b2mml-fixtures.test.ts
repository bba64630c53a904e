/**
 * The hand-written V0600 and V0700 OperationsPerformance files (test/fixtures/b2mml, see its
 * README) yield what was worked out by hand: executions per segment response (nested included),
 * units per produced sublot, a lot per produced lot, consumptions with their parent.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CanonicalRecord, ParsedLine } from '../../../src/domain/canonical';
import { displayKey } from '../../../src/domain/canonical';
import { looksLikeB2mml, parseB2mml } from '../../../importers/b2mml';

const FIXTURES = join(__dirname, '../../fixtures/b2mml');

async function parse(file: string, options: Record<string, string> = {}): Promise<ParsedLine[]> {
  const out: ParsedLine[] = [];
  for await (const p of parseB2mml(join(FIXTURES, file), options)) out.push(p);
  return out;
}
const records = (lines: ParsedLine[]): CanonicalRecord[] =>
  lines.flatMap((l) => (l.ok ? [l.record] : []));
const keys = (rs: CanonicalRecord[]) => rs.map((r) => `${r.kind} ${displayKey(r.kind, r.data)}`);

test('V0600 OperationsPerformance: 3 executions, 3 units, 4 consumptions', async () => {
  const lines = await parse('operations-performance-v0600.xml');
  expect(lines.filter((l) => !l.ok)).toEqual([]);
  const rs = records(lines);
  expect(keys(rs)).toEqual([
    'OperationExecution RESP-1001-0047/OP-010',
    'Unit SN-0047',
    'Consumption SN-0047/L-7781',
    'Consumption SN-0047/SN-C-9001',
    'OperationExecution RESP-1001-0047/OP-020',
    'Unit SN-0047',
    'Consumption SN-0047/L-7790',
    'OperationExecution RESP-1001-0048/OP-010',
    'Unit SN-0048',
    'Consumption SN-0048/L-7781',
  ]);
  expect(
    rs.every((r) => r.system === 'mes-plant-a' && r.site === 'PLANT-A' && r.source === 'MES'),
  ).toBe(true);
  expect(rs.every((r) => r.recordedAt === '2026-03-04T16:30:00.000000000Z')).toBe(true);
  expect(rs[0]?.data).toEqual({
    id: 'RESP-1001-0047/OP-010',
    serialNumber: 'SN-0047',
    workOrderId: 'WO-1001',
    opNumber: '010',
    equipmentId: 'FURNACE-02',
    operatorId: 'jdoe',
    startedAt: '2026-03-04T05:05:00.000000000Z',
    completedAt: '2026-03-04T07:15:30.250000000Z',
    status: 'COMPLETED',
  });
  expect(rs[1]?.data).toEqual({
    serialNumber: 'SN-0047',
    partNumber: 'HX-100',
    workOrderId: 'WO-1001',
    site: 'PLANT-A',
    status: 'COMPLETE',
    completedAt: '2026-03-04T07:15:30.250000000Z',
  });
  expect(rs[2]?.data).toEqual({
    parentSerialNumber: 'SN-0047',
    childLotNumber: 'L-7781',
    operationExecutionId: 'RESP-1001-0047/OP-010',
    quantity: 2.5,
    consumedAt: '2026-03-04T07:15:30.250000000Z',
  });
  expect(rs[3]?.data).toMatchObject({
    parentSerialNumber: 'SN-0047',
    childSerialNumber: 'SN-C-9001',
  });
  expect(rs[7]?.data).toMatchObject({ status: 'ABORTED' });
  expect(rs[8]?.data.status).toBeUndefined();
});

test('V0700 OperationsPerformance with timezone: nested segments, assembly, a produced lot', async () => {
  const lines = await parse('operations-performance-v0700.xml', { timezone: 'Europe/Berlin' });
  expect(lines.filter((l) => !l.ok)).toEqual([]);
  const rs = records(lines);
  expect(keys(rs)).toEqual([
    'OperationExecution R-2026-0815/ASSY',
    'Unit PU-000123',
    'Consumption PU-000123/SK-2405-01',
    'Consumption PU-000123/MO-5531',
    'OperationExecution R-2026-0815/ASSY/TEST',
    'Consumption PU-000123/TF-88',
    'OperationExecution R-2026-0816/MIX',
    'Lot BATCH-77',
    'Consumption BATCH-77/RS-4410',
  ]);
  expect(rs.every((r) => r.system === 'mes-plant-b' && r.site === 'PLANT-B')).toBe(true);
  // 07:00 in Berlin in August is 05:00 UTC (CEST, +02:00)
  expect(rs[0]?.data).toMatchObject({
    startedAt: '2026-08-15T05:00:00.000000000Z',
    completedAt: '2026-08-15T05:48:12.000000000Z',
    workOrderId: 'WO-2001',
    opNumber: 'PUMP-ASSY',
    equipmentId: 'CELL-3',
    operatorId: 'op-17',
    serialNumber: 'PU-000123',
  });
  expect(rs[4]?.data).toMatchObject({ opNumber: 'LEAK-TEST', equipmentId: 'TEST-BENCH-1' });
  expect(rs[5]?.data).toMatchObject({
    operationExecutionId: 'R-2026-0815/ASSY/TEST',
    quantity: 0.2,
  });
  expect(rs[7]).toMatchObject({
    kind: 'Lot',
    source: 'MES',
    data: { partNumber: 'COMPOUND-A', quantity: 120 },
  });
  expect(rs[8]?.data).toMatchObject({ parentLotNumber: 'BATCH-77', childLotNumber: 'RS-4410' });
});

test('V0700 without timezone: every record needing a local time is refused (rule 5)', async () => {
  const lines = await parse('operations-performance-v0700.xml');
  expect(keys(records(lines))).toEqual(['Lot BATCH-77']);
  const refused = lines.flatMap((l) => (l.ok ? [] : [l.rejection]));
  expect(refused).toHaveLength(8);
  expect(
    refused.every((r) =>
      /has no time zone: give the site's zone \(option timezone\)/.test(r.reason),
    ),
  ).toBe(true);
});

test('both fixtures are sniffed as B2MML', () => {
  for (const f of ['operations-performance-v0600.xml', 'operations-performance-v0700.xml']) {
    const head = readFileSync(join(FIXTURES, f)).subarray(0, 4096).toString('latin1');
    expect(looksLikeB2mml(head, f)).toBe(true);
  }
});
