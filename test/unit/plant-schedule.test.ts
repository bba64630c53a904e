/**
 * The live plant (src/demo/live-plant.ts, demo-machines.ts, live-mes.ts): which machines, when
 * each runs, what its signals read, the drift, the counter reset and the MES records. Expected
 * values are worked out by hand in the comments from the rules in live-plant.ts's header.
 *
 * The instant S used throughout is PLANT_EPOCH + 1 000 000 cycles of 75 s = 2024-01-01 + 75e9 ms
 * = 2024-01-01 + 868 days 4 800 s = 2026-05-18T01:20:00Z. Line 0's cycle 1 000 000 starts at S.
 */
import { parseCanonicalLine } from '../../importers/canonical/parse-line';
import { readDemoPlant, workInstructionAt } from '../../src/demo/demo-machines';
import { liveMesRecords } from '../../src/demo/live-mes';
import type { LiveMachine, LivePlant, LivePlantOptions } from '../../src/demo/live-plant';
import {
  AMPS_PER_KW,
  PLANT_EPOCH,
  VIBRATION_RED,
  VIBRATION_YELLOW,
  driftLevel,
  machineAt,
  planLivePlant,
  plantAt,
} from '../../src/demo/live-plant';

const S = Date.UTC(2026, 4, 18, 1, 20, 0);
const SECOND = 1000;
const demo = readDemoPlant();

function plant(options: Partial<LivePlantOptions> = {}): LivePlant {
  return planLivePlant(demo, { startedAt: S, noise: 0, ...options });
}
function machine(p: LivePlant, id: string): LiveMachine {
  const m = p.machines.find((x) => x.equipmentId === id);
  if (!m) throw new Error(`no ${id}`);
  return m;
}
const at = (p: LivePlant, id: string, seconds: number) =>
  machineAt(p, machine(p, id), S + seconds * SECOND);

describe('the demo machines', () => {
  it('are the demo thread’s 36 cells (500 units: two per operation and site), rework cells aside', () => {
    expect(S).toBe(PLANT_EPOCH + 1_000_000 * 75_000);
    expect(demo.machines).toHaveLength(2 * 9 * 2);
    expect(demo.machines[0]).toMatchObject({
      equipmentId: 'A-ASSY-SN10-01',
      site: 'PLANT-A',
      mesSystem: 'mes-plant-a',
      partNumber: 'PA-100',
      serialPrefix: 'SN-',
      opNumber: '10',
      step: 0,
      steps: 5,
      cell: 0,
      workInstructionNumber: 'WI-PA-10',
    });
    expect(demo.machines.find((m) => m.equipmentId === 'B-BAL-IMP20-02')).toMatchObject({
      partNumber: 'IMP-300',
      opNumber: '20',
      step: 1,
      steps: 2,
      cell: 1,
      workCenter: 'BAL',
    });
    expect(demo.machines.some((m) => m.equipmentId.includes('REWORK'))).toBe(false);
  });

  it('know the latest work order of each part at each site: 50 orders, odd ones at PLANT-A', () => {
    // order o (from 0) is at PLANT-A when o is even: the last, o = 48, is WO-…-00049; PLANT-B's 00050
    expect(demo.workOrders.get('PLANT-A/IMP-300')).toBe('WO-IMP-00049');
    expect(demo.workOrders.get('PLANT-B/PA-100')).toBe('WO-PA-00050');
  });

  it('know which work-instruction revision was current when', () => {
    // WI-MH-10 B: released START + 0.6 × 330 days = 2026-01-05T06:00Z + 198 days = 2026-07-22T06:00Z
    const release = Date.UTC(2026, 6, 22, 6, 0, 0);
    expect(workInstructionAt(demo, 'WI-MH-10', release - 1)).toBe('A');
    expect(workInstructionAt(demo, 'WI-MH-10', release)).toBe('B');
    // QMS's mark-up "A2" of WI-PA-30 is not a release
    expect(demo.workInstructions.get('WI-PA-30')?.map((r) => r.revision)).toEqual(['A', 'B']);
  });

  it('go on past the demo’s with more cells of the same operations, the first ones unchanged', () => {
    const big = plant({ machines: 40 });
    expect(big.machines.slice(36).map((m) => m.equipmentId)).toEqual([
      'A-ASSY-SN10-03',
      'A-ASSY-SN20-03',
      'A-TEST-SN30-03',
      'A-TEST-SN40-03',
    ]);
    expect(new Set(big.machines.map((m) => m.equipmentId)).size).toBe(40);
    const all = plant();
    expect(big.machines.slice(0, 36).map((m) => m.offsetMs)).toEqual(
      all.machines.map((m) => m.offsetMs),
    );
  });
});

describe('the schedule', () => {
  it('staggers the 12 lines over the 75 s cycle: round(frac(L × 0.618034) × 75) s', () => {
    const p = plant();
    const byLine = new Map(p.machines.map((m) => [m.line, m.offsetMs / SECOND]));
    // 0; 46.35 → 46; 17.70 → 18; 64.06 → 64; 35.41 → 35; 6.76 → 7; 53.12 → 53; 24.47 → 24;
    // 70.82 → 71; 42.17 → 42; 13.53 → 14; 59.88 → 60
    expect([...byLine.values()]).toEqual([0, 46, 18, 64, 35, 7, 53, 24, 71, 42, 14, 60]);
    // a line is the cells of one number serving one part at one site: A-CNC-MH10-01 and A-FIN-MH20-01
    expect(machine(p, 'A-FIN-MH20-01').line).toBe(machine(p, 'A-CNC-MH10-01').line);
  });

  it('runs a 60 s operation, then idles 15 s; an operation names its cycle and its unit', () => {
    const p = plant();
    const running = at(p, 'A-ASSY-SN10-01', 30);
    expect(running.state).toBe('RUNNING');
    expect(running.operation).toEqual({
      id: 'OE-LIVE-A-ASSY-SN10-01-1000000',
      cycle: 1_000_000,
      // unit 1 000 000 (op 10 is step 0), cell 0: 1 000 000 × 100 + 0 + 1
      serialNumber: 'SN-LA100000001',
      partNumber: 'PA-100',
      opNumber: '10',
      workOrderId: 'WO-PA-00049',
      startedAt: S,
      endsAt: S + 60 * SECOND,
    });
    expect(at(p, 'A-ASSY-SN10-01', 59.999).state).toBe('RUNNING');
    expect(at(p, 'A-ASSY-SN10-01', 60)).toMatchObject({ state: 'IDLE', operation: null });
    expect(at(p, 'A-ASSY-SN10-01', 75).operation?.cycle).toBe(1_000_001);
    // op 20 (step 1) of the same line works, in the same cycle, on the unit that entered a cycle earlier
    expect(at(p, 'A-ASSY-SN20-01', 30).operation?.serialNumber).toBe('SN-LA99999901');
  });

  it('reads current from the power: 1.8 kW running, 12 % of it idle, at 400 V and cos φ 0.85', () => {
    const p = plant();
    // 1000 / (√3 × 400 × 0.85) = 1000 / 588.897 = 1.698089 A per kW
    expect(AMPS_PER_KW).toBeCloseTo(1.698089, 6);
    expect(at(p, 'A-ASSY-SN10-01', 30).motorCurrentA).toBe(3.057); // 1.8 × 1.698089 = 3.05656
    expect(at(p, 'A-ASSY-SN10-01', 70).motorCurrentA).toBe(0.367); // 0.216 × 1.698089 = 0.36679
  });

  it('counts energy: 1.8 kW × 60 s = 0.03 kWh running, 0.216 kW × 15 s = 0.0009 kWh idle', () => {
    const p = plant();
    const e = (s: number) => at(p, 'A-ASSY-SN10-01', s).energyKwh;
    expect(e(60) - e(0)).toBeCloseTo(0.03, 4);
    expect(e(75) - e(60)).toBeCloseTo(0.0009, 4);
    expect(e(150) - e(0)).toBeCloseTo(2 * 0.0309, 4);
    // the reading at cycle 1 000 000: its base, plus 1 000 000 cycles of 0.0309 kWh
    expect(e(0) - machine(p, 'A-ASSY-SN10-01').baseKwh).toBeCloseTo(30_900, 3);
  });

  it('warms while running and cools while idle, the same every cycle (a periodic first-order lag)', () => {
    const p = plant({ drifting: null });
    const t = (s: number) => at(p, 'A-ASSY-SN10-01', s).temperatureC;
    expect(t(75)).toBe(t(0));
    expect(t(59)).toBeGreaterThan(t(1));
    expect(t(74)).toBeLessThan(t(60));
    for (const snapshot of plantAt(p, S + 33 * SECOND)) {
      expect(snapshot.temperatureC).toBeGreaterThanOrEqual(38);
      expect(snapshot.temperatureC).toBeLessThanOrEqual(65);
    }
  });
});

describe('the drifting machine (A-CNC-IMP10-01 by default)', () => {
  it('crosses into yellow 2 min after the start and into red after 5 min', () => {
    const p = plant();
    expect(p.drifting).toBe('A-CNC-IMP10-01');
    // 1.8 + s/120 up to 2.8 at 120 s; then 1.7 mm/s per 180 s: 4.5 at 300 s; on to 6.6 at most
    expect(driftLevel(p, S)).toBe(1.8);
    expect(driftLevel(p, S + 60 * SECOND)).toBeCloseTo(2.3, 9);
    expect(driftLevel(p, S + 120 * SECOND)).toBeCloseTo(VIBRATION_YELLOW, 9);
    expect(driftLevel(p, S + 210 * SECOND)).toBeCloseTo(3.65, 9);
    expect(driftLevel(p, S + 300 * SECOND)).toBeCloseTo(VIBRATION_RED, 9);
    expect(driftLevel(p, S + 3600 * SECOND)).toBe(6.6);
    // line 4 runs [35, 95) + 75k s: it runs at 119, 121, 299 and 301 s
    const v = (s: number) => at(p, 'A-CNC-IMP10-01', s).vibrationMmS;
    expect(v(119)).toBe(2.792); // 1.8 + 119/120 = 2.79167
    expect(v(121)).toBe(2.809); // 2.8 + 1 × 1.7/180 = 2.80944
    expect(v(299)).toBe(4.491); // 2.8 + 179 × 1.7/180 = 4.49056
    expect(v(301)).toBe(4.509); // 4.50944
    // the motor turns between operations too: idle, it reads the same
    expect(at(p, 'A-CNC-IMP10-01', 100)).toMatchObject({ state: 'IDLE', vibrationMmS: 2.633 });
  });

  it('with noise, stays green before 1¾ min and yellow from 2¼ min; red from 5¼ min, not before 4¾', () => {
    const p = plant({ noise: 1 });
    const v = (s: number) => at(p, 'A-CNC-IMP10-01', s).vibrationMmS;
    const samples = (from: number, to: number) =>
      Array.from({ length: (to - from) * 10 }, (_, i) => v(from + i / 10));
    // noise is ±2 %: at 105 s 2.675 × 1.02 = 2.729 < 2.8; at 135 s 2.942 × 0.98 = 2.883 ≥ 2.8
    expect(Math.max(...samples(0, 105))).toBeLessThan(VIBRATION_YELLOW);
    expect(Math.min(...samples(135, 285))).toBeGreaterThanOrEqual(VIBRATION_YELLOW);
    // at 285 s 4.358 × 1.02 = 4.445 < 4.5; at 315 s 4.642 × 0.98 = 4.549 ≥ 4.5
    expect(Math.max(...samples(135, 285))).toBeLessThan(VIBRATION_RED);
    expect(Math.min(...samples(315, 900))).toBeGreaterThanOrEqual(VIBRATION_RED);
  });

  it('heats up with it: past 80 °C when red, past 95 °C at the end of its runs later', () => {
    const p = plant();
    const t = (s: number) => at(p, 'A-CNC-IMP10-01', s).temperatureC;
    expect(t(50)).toBeLessThan(65);
    // its runs end at 95 + 75k s; run level 56–60 °C + 9 °C per mm/s above 1.8
    expect(t(394)).toBeGreaterThan(80);
    expect(t(694)).toBeGreaterThan(95);
    // and draws a little more current: 7.5 kW × (1 + 0.04 × (6.6 − 1.8)) × 1.698089 = 15.1809 A
    expect(at(p, 'A-CNC-IMP10-01', 3600 + 50).motorCurrentA).toBe(15.181);
  });

  it('can be another machine, or none', () => {
    expect(plant({ drifting: 'B-CNC-MH10-02' }).drifting).toBe('B-CNC-MH10-02');
    expect(plant({ drifting: null }).drifting).toBeUndefined();
    expect(() => plant({ drifting: 'Z-NOPE-01' })).toThrow(/not one of the plant's machines/);
    // among the first 5 machines there is no CNC machine: the first one drifts
    expect(plant({ machines: 5 }).drifting).toBe('A-ASSY-SN10-01');
  });
});

describe('the counter reset (B-CNC-MH10-01 by default)', () => {
  // line 8 starts its cycles 71 s after S (mod 75 s): at 146 s, then 221 s ≥ 180 s → the stop
  // lasts two cycles, [221, 371) s
  it('stops the machine for maintenance for two cycles from the first cycle 3 min after the start', () => {
    const p = plant();
    expect(p.reset).toEqual({
      equipmentId: 'B-CNC-MH10-01',
      from: S + 221 * SECOND,
      until: S + 371 * SECOND,
    });
    expect(at(p, 'B-CNC-MH10-01', 220).state).toBe('IDLE');
    expect(at(p, 'B-CNC-MH10-01', 221)).toMatchObject({
      state: 'STOPPED',
      operation: null,
      energyKwh: 0,
      motorCurrentA: 0,
      vibrationMmS: 0.05,
    });
    expect(at(p, 'B-CNC-MH10-01', 370.999).state).toBe('STOPPED');
    expect(at(p, 'B-CNC-MH10-01', 371).state).toBe('RUNNING');
  });

  it('counts again from 0 when it runs again: 7.5 kW × 60 s = 0.125 kWh, + 0.9 kW × 15 s', () => {
    const p = plant();
    const e = (s: number) => at(p, 'B-CNC-MH10-01', s).energyKwh;
    expect(e(220.999)).toBeGreaterThan(10_000);
    expect(e(371)).toBe(0);
    expect(e(431)).toBeCloseTo(0.125, 4);
    expect(e(446)).toBeCloseTo(0.12875, 4);
  });

  it('is the one fall of any counter: sampled every second, every other counter only rises', () => {
    const p = plant({ noise: 1 });
    const falls: string[] = [];
    let last = plantAt(p, S);
    for (let s = 1; s <= 900; s++) {
      const now = plantAt(p, S + s * SECOND);
      now.forEach((m, i) => {
        if (m.energyKwh < (last[i]?.energyKwh ?? 0)) falls.push(`${m.equipmentId}@${s}`);
      });
      last = now;
    }
    expect(falls).toEqual(['B-CNC-MH10-01@221']);
  });

  it('cools the machine while stopped and warms it up again after', () => {
    const p = plant();
    const t = (s: number) => at(p, 'B-CNC-MH10-01', s).temperatureC;
    expect(t(370)).toBeLessThan(30); // 150 s at τ 60 s towards 25 °C: 25 + Δ × e^−2.5
    expect(t(430)).toBeGreaterThan(t(372));
  });
});

describe('the MES records of the live operations', () => {
  it('are the operations completed in [from, to), each with its unit’s first record', () => {
    // machines 1–2: A-ASSY-SN10-01 (line 0, runs [0, 60) s) and -02 (line 1, runs [−29, 31) s)
    const p = plant({ machines: 2 });
    const records = [...liveMesRecords(p, S, S + 75 * SECOND)];
    const envelope = { source: 'MES', system: 'mes-plant-a', site: 'PLANT-A' };
    expect(records).toEqual([
      {
        kind: 'Unit',
        ...envelope,
        recordedAt: '2026-05-18T01:19:31Z',
        data: {
          // cycle 999 999 of cell 1 (offset 46 s): 999 999 × 100 + 1 + 1
          serialNumber: 'SN-LA99999902',
          partNumber: 'PA-100',
          workOrderId: 'WO-PA-00049',
          site: 'PLANT-A',
          status: 'IN_PROCESS',
        },
      },
      {
        kind: 'OperationExecution',
        ...envelope,
        recordedAt: '2026-05-18T01:20:31Z',
        data: {
          id: 'OE-LIVE-A-ASSY-SN10-02-999999',
          serialNumber: 'SN-LA99999902',
          workOrderId: 'WO-PA-00049',
          opNumber: '10',
          workInstructionNumber: 'WI-PA-10',
          workInstructionRevision: 'A',
          equipmentId: 'A-ASSY-SN10-02',
          // operator (line + cycle) mod 12 + 1: (1 + 999 999) mod 12 = 4 → OP-A-05
          operatorId: 'OP-A-05',
          startedAt: '2026-05-18T01:19:31Z',
          completedAt: '2026-05-18T01:20:31Z',
          status: 'COMPLETED',
          rework: false,
        },
      },
      expect.objectContaining({ kind: 'Unit', recordedAt: '2026-05-18T01:20:00Z' }),
      expect.objectContaining({
        kind: 'OperationExecution',
        recordedAt: '2026-05-18T01:21:00Z',
        data: expect.objectContaining({
          id: 'OE-LIVE-A-ASSY-SN10-01-1000000',
          serialNumber: 'SN-LA100000001',
          operatorId: 'OP-A-05', // (0 + 1 000 000) mod 12 = 4
        }),
      }),
    ]);
    // half-open: the next window starts where this one ended, nothing twice
    const next = [...liveMesRecords(p, S + 75 * SECOND, S + 150 * SECOND)];
    expect(next.map((r) => r.data.id).filter(Boolean)).toEqual([
      'OE-LIVE-A-ASSY-SN10-02-1000000', // ends 106 s
      'OE-LIVE-A-ASSY-SN10-01-1000001', // ends 135 s
    ]);
  });

  it('complete a unit with its routing’s last operation, one cycle after its first', () => {
    // A-CNC-MH10-01 (offset 18 s) takes MH-LA100000001 in [18, 78) s; A-FIN-MH20-01 in [93, 153) s
    const p = plant({ machines: 14 });
    const records = [...liveMesRecords(p, S, S + 300 * SECOND)].filter(
      (r) => r.data.serialNumber === 'MH-LA100000001',
    );
    expect(records.map((r) => [r.kind, r.data.status, r.recordedAt])).toEqual([
      ['Unit', 'IN_PROCESS', '2026-05-18T01:20:18Z'],
      ['OperationExecution', 'COMPLETED', '2026-05-18T01:21:18Z'],
      ['OperationExecution', 'COMPLETED', '2026-05-18T01:22:33Z'],
      ['Unit', 'COMPLETE', '2026-05-18T01:22:33Z'],
    ]);
    expect(records[2]?.data.equipmentId).toBe('A-FIN-MH20-01');
  });

  it('leave out what a stopped machine did not do', () => {
    const p = plant();
    const ids = [...liveMesRecords(p, S, S + 600 * SECOND)]
      .filter((r) => r.data.equipmentId === 'B-CNC-MH10-01')
      .map((r) => [r.data.startedAt, r.data.completedAt]);
    // cycles start at 71 + 75k s: −4 (ends at 56 s), 71 and 146 run, 221 and 296 are the stop,
    // 371, 446 and 521 run; 596 ends at 656 s, after the window
    expect(ids).toEqual([
      ['2026-05-18T01:19:56Z', '2026-05-18T01:20:56Z'],
      ['2026-05-18T01:21:11Z', '2026-05-18T01:22:11Z'],
      ['2026-05-18T01:22:26Z', '2026-05-18T01:23:26Z'],
      ['2026-05-18T01:26:11Z', '2026-05-18T01:27:11Z'],
      ['2026-05-18T01:27:26Z', '2026-05-18T01:28:26Z'],
      ['2026-05-18T01:28:41Z', '2026-05-18T01:29:41Z'],
    ]);
  });

  it('are canonical records the importer accepts', () => {
    const records = [...liveMesRecords(plant(), S, S + 600 * SECOND)];
    expect(records.length).toBeGreaterThan(200);
    const refused = records
      .map((r, i) => parseCanonicalLine(JSON.stringify(r), i + 1))
      .filter((parsed) => !parsed?.ok);
    expect(refused).toEqual([]);
  });
});

describe('determinism', () => {
  it('gives the same answer for the same instant, whatever was asked before', () => {
    const p = plant({ noise: 1 });
    const first = plantAt(p, S + 123_456.789);
    plantAt(p, S + 999_999);
    expect(plantAt(planLivePlant(demo, { startedAt: S }), S + 123_456.789)).toEqual(first);
  });

  it('keeps the noise small: vibration within 2 %, current 1.5 %, temperature 0.3 °C', () => {
    const quiet = plantAt(plant(), S + 40_000);
    const noisy = plantAt(plant({ noise: 1 }), S + 40_000);
    noisy.forEach((n, i) => {
      const q = quiet[i]!;
      expect(Math.abs(n.vibrationMmS - q.vibrationMmS)).toBeLessThanOrEqual(
        0.02 * q.vibrationMmS + 0.001,
      );
      expect(Math.abs(n.motorCurrentA - q.motorCurrentA)).toBeLessThanOrEqual(
        0.015 * q.motorCurrentA + 0.001,
      );
      expect(Math.abs(n.temperatureC - q.temperatureC)).toBeLessThanOrEqual(0.31);
      expect(n.energyKwh).toBe(q.energyKwh);
    });
  });
});
