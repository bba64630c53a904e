/**
 * Live readings in the graph, worked out by hand: machine E1 runs operation OE-1 of unit U-1 from
 * 08:00 to 09:00 on 2 Feb 2026. Vibration readings (mm/s) and energy counter readings (kWh) arrive
 * before the MES record of the execution and after it, twice, and late; each step's summary,
 * health and energy are what the comments say.
 */
import type { LiveReading, ReadingBatch } from '../../src/domain/readings';
import type { Executor } from '../../src/graph/executor';
import { createServices } from '../../src/main';
import type { Services } from '../../src/main';
import { line, writeLines } from '../support/canonical';
import { clearGraph, testExecutor } from '../support/neo4j-for-tests';

let executor: Executor;
let services: Services;
beforeAll(async () => {
  executor = await testExecutor();
  services = createServices(executor);
});
afterAll(() => executor.close());
beforeEach(() => clearGraph());

const JAN = '2026-01-01T00:00:00Z';
const at = (hhmmss: string) => `2026-02-02T${hhmmss}.000000000Z`;

const records = [
  line('Part', { partNumber: 'P', tracking: 'SERIAL' }),
  line('PartRevision', { partNumber: 'P', revision: 'A', status: 'RELEASED', releasedAt: JAN }),
  line('WorkOrder', { id: 'WO-1', partNumber: 'P', revision: 'A', releasedAt: JAN, site: 'S1' }),
  line('Unit', { serialNumber: 'U-1', partNumber: 'P', workOrderId: 'WO-1', site: 'S1' }),
  line('Equipment', { id: 'E1', name: 'Press 1', site: 'S1' }),
];
const execution = line('OperationExecution', {
  id: 'OE-1',
  serialNumber: 'U-1',
  workOrderId: 'WO-1',
  opNumber: '10',
  equipmentId: 'E1',
  startedAt: '2026-02-02T08:00:00Z',
  completedAt: '2026-02-02T09:00:00Z',
  status: 'COMPLETED',
});

const importLines = (lines: string[]) =>
  services.imports.importCanonicalFile(writeLines(lines), { batchSize: 1000 });

function batch(points: [string, string, number][]): ReadingBatch {
  const readings: LiveReading[] = points.map(([tag, t, value]) => ({
    equipmentId: 'E1',
    tag,
    t: at(t),
    value,
    quality: 'Good',
  }));
  return {
    readings,
    series: [
      { equipmentId: 'E1', tag: 'vib', site: 'S1', meaning: 'vibration_velocity', unit: 'mm/s' },
      { equipmentId: 'E1', tag: 'kwh', site: 'S1', meaning: 'energy_counter', unit: 'kWh' },
    ],
  };
}

const summaryOf = async (tag: string) =>
  (await services.evidence.chain('U-1'))?.operations[0]?.readings.find((r) => r.tag === tag);

describe('live readings and the operations they happened in', () => {
  it('links readings that came before the execution, after it, twice and late', async () => {
    await importLines(records);
    // before the MES record: 07:59:59 is outside the window, 08:10 and 08:20 inside
    const a = await services.equipment.store(
      batch([
        ['vib', '07:59:59', 2.0],
        ['vib', '08:10:00', 1.0],
        ['vib', '08:20:00', 3.0],
      ]),
    );
    expect(a).toMatchObject({ stored: 3, duplicates: 0, refused: 0 });
    // 3.0 mm/s is zone C: yellow, the machine's first judgement
    expect(a.result.healthChanges).toMatchObject([
      { equipmentId: 'E1', site: 'S1', health: 'YELLOW', previous: null },
    ]);
    await importLines([execution]);
    expect(await summaryOf('vib')).toMatchObject({
      count: 2,
      min: 1,
      max: 3,
      mean: 2,
      meaning: 'vibration_velocity',
      unit: 'mm/s',
      firstAt: at('08:10:00'),
      lastAt: at('08:20:00'),
    });

    // after it: 08:30 and 09:00:00 (the completion, inside) count, 09:00:01 does not
    const b = batch([
      ['vib', '08:30:00', 5.0],
      ['vib', '09:00:00', 2.0],
      ['vib', '09:00:01', 9.0],
    ]);
    const first = await services.equipment.store(b);
    expect(first).toMatchObject({ stored: 3, duplicates: 0 });
    // the latest, 9.0 mm/s, is zone D
    expect(first.result.healthChanges).toMatchObject([
      { equipmentId: 'E1', health: 'RED', previous: 'YELLOW' },
    ]);
    const after = { count: 4, min: 1, max: 5, mean: 2.75, lastAt: at('09:00:00') };
    expect(await summaryOf('vib')).toMatchObject(after);

    // the same batch again changes nothing
    const again = await services.equipment.store(b);
    expect(again).toMatchObject({ stored: 0, duplicates: 3 });
    expect(again.result.healthChanges).toEqual([]);
    expect(await summaryOf('vib')).toMatchObject(after);

    // a late reading at 08:05 (4.0): the summary is worked out again: (1+3+5+2+4)/5 = 3
    const late = await services.equipment.store(batch([['vib', '08:05:00', 4.0]]));
    expect(late).toMatchObject({ stored: 1, duplicates: 0 });
    expect(late.result.healthChanges).toEqual([]); // the latest reading is still 9.0
    expect(await summaryOf('vib')).toMatchObject({
      count: 5,
      min: 1,
      max: 5,
      mean: 3,
      firstAt: at('08:05:00'),
      lastAt: at('09:00:00'),
    });
    const [machine] = await services.equipment.machines('S1');
    expect(machine).toMatchObject({
      equipmentId: 'E1',
      name: 'Press 1',
      health: 'RED',
      healthReason: 'vibration 9.00 mm/s (zone D)',
    });
    expect(await services.equipment.siteHealth()).toEqual([
      { site: 'S1', green: 0, yellow: 0, red: 1, unknown: 0 },
      { site: null, green: 0, yellow: 0, red: 1, unknown: 0 },
    ]);

    // one tag of the machine between two times, with its unit
    const vib = await services.equipment.series(
      'E1',
      'vib',
      { from: at('08:00:00'), to: at('08:30:00') },
      100,
    );
    expect(vib).toMatchObject({ unit: 'mm/s', count: 4 });
    expect(vib.points.map((x) => x.value)).toEqual([4, 1, 3, 5]);
    // without a window: the hour before `to`, or before now (which held no reading here); a
    // window of now once failed on the clock's millisecond format
    expect((await services.equipment.series('E1', 'vib', { to: at('09:00:00') }, 100)).count).toBe(
      5,
    );
    expect(await services.equipment.series('E1', 'vib', {}, 100)).toEqual({
      unit: 'mm/s',
      count: 0,
      points: [],
    });
    // every point once, and the raw points on request, oldest first
    const series = await services.evidence.readings('OE-1', 2000);
    expect(series.find((s) => s.tag === 'vib')?.points.map((p) => p.value)).toEqual([
      4, 1, 3, 5, 2,
    ]);
  });

  it('counts kWh across a counter reset, per unit and per route', async () => {
    await importLines([...records, execution]);
    // 100 → 110: +10; 110 → 2: reset, +2; 2 → 7: +5. 17 kWh, one reset
    await services.equipment.store(
      batch([
        ['kwh', '07:50:00', 90],
        ['kwh', '08:00:00', 100],
        ['kwh', '08:20:00', 110],
      ]),
    );
    await services.equipment.store(
      batch([
        ['kwh', '08:40:00', 2],
        ['kwh', '09:00:00', 7],
        ['kwh', '09:10:00', 50],
      ]),
    );
    expect(await summaryOf('kwh')).toMatchObject({ count: 4, increase: 17 });
    const unit = await services.equipment.unitEnergy('U-1');
    expect(unit).toMatchObject({ serialNumber: 'U-1', kwh: 17 });
    expect(unit.operations).toMatchObject([{ executionId: 'OE-1', opNumber: '10', kwh: 17 }]);
    expect(await services.equipment.energyByRoute(null, {})).toEqual([
      {
        partNumber: 'P',
        units: 1,
        resets: 1,
        kwhPerUnit: 17,
        operations: [{ opNumber: '10', operations: 1, kwh: 17, kwhPerOperation: 17 }],
      },
    ]);
    // an execution whose window moves is worked out again: completed at 08:30 now, 100 → 110
    await importLines([
      line(
        'OperationExecution',
        {
          id: 'OE-1',
          serialNumber: 'U-1',
          workOrderId: 'WO-1',
          opNumber: '10',
          equipmentId: 'E1',
          startedAt: '2026-02-02T08:00:00Z',
          completedAt: '2026-02-02T08:30:00Z',
          status: 'COMPLETED',
        },
        '2026-02-03T00:00:00Z',
      ),
    ]);
    expect(await summaryOf('kwh')).toMatchObject({ count: 2, increase: 10 });
  });

  it('refuses a reading that is not one, and keeps the good ones beside it', async () => {
    const b = batch([['vib', '08:10:00', 1.0]]);
    const bad = { ...b, readings: [...b.readings, { equipmentId: 'E1', tag: 'vib', t: 'noon' }] };
    const r = await services.equipment.store(bad as unknown as ReadingBatch);
    expect(r).toMatchObject({ stored: 1, refused: 1 });
    expect(r.result.refused[0]?.reason).toBe('quality is not a non-empty string');
  });
});
