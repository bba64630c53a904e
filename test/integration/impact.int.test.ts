/**
 * Change impact and requirement coverage on a hand-built part Q (revision A released 1 Jan,
 * B released 1 Mar 2026) at site S1 (Europe/London: BST from 29 Mar 2026):
 *
 *   work order   locked  released (UTC)          units
 *   WO-1         A       2026-02-01T00:00        SN-8, SN-9, SN-10
 *   WO-2         B       2026-03-02T00:00        SN-11, SN-100
 *   WO-3         B       2026-03-31T23:30        (none)  — 1 Apr 00:30 in London
 *   WO-10        A       2026-04-02T10:00        SN-12   — ERP still on A
 *
 * In string order SN-10 < SN-100 < SN-9 and WO-10 < WO-2; in natural order they are not.
 * Bad data beside it: SN-150 of Q names WO-404, which ERP never sent; SN-160 of Q was built under
 * WO-P2, an order for part P2 (locked to P2's A, released 1 Apr like WO-3).
 */
import type { Executor } from '../../src/graph/executor';
import type { Services } from '../../src/main';
import type { ChangeImpact } from '../../src/services/impact-service';
import { createServices } from '../../src/main';
import { line, writeLines } from '../support/canonical';
import { clearGraph, testExecutor } from '../support/neo4j-for-tests';

let executor: Executor;
let services: Services;

const order = (id: string, revision: string, releasedAt: string) =>
  line('WorkOrder', { id, partNumber: 'Q', revision, releasedAt, site: 'S1' });
const unit = (serialNumber: string, workOrderId: string) =>
  line('Unit', { serialNumber, partNumber: 'Q', workOrderId, site: 'S1', status: 'COMPLETE' });
const eco = (id: string, effectivity: Record<string, string>) =>
  line('ChangeOrder', {
    id,
    title: `change ${id}`,
    releasedAt: '2026-03-01T00:00:00Z',
    changes: [{ partNumber: 'Q', fromRevision: 'A', toRevision: 'B' }],
    effectivity,
  });
const result = (serial: string, characteristicId: string, outcome: 'PASS' | 'FAIL') =>
  line('InspectionResult', {
    id: `IR-${serial}-${characteristicId}`,
    serialNumber: serial,
    planId: 'IP-Q',
    planRevision: '1',
    characteristicId,
    result: outcome,
    inspectedAt: '2026-02-10T00:00:00Z',
  });

beforeAll(async () => {
  executor = await testExecutor();
  services = createServices(executor);
  await clearGraph();
  await services.imports.importCanonicalFile(
    writeLines([
      line('Site', { code: 'S1', timezone: 'Europe/London' }),
      line('Part', { partNumber: 'Q', tracking: 'SERIAL' }),
      line('Part', { partNumber: 'P2', tracking: 'SERIAL' }),
      line('PartRevision', {
        partNumber: 'Q',
        revision: 'A',
        status: 'SUPERSEDED',
        releasedAt: '2026-01-01T00:00:00Z',
        supersededAt: '2026-03-01T00:00:00Z',
        satisfies: ['R1', 'R2', 'R3'],
      }),
      line('PartRevision', {
        partNumber: 'Q',
        revision: 'B',
        status: 'RELEASED',
        releasedAt: '2026-03-01T00:00:00Z',
      }),
      line('RoutingOperation', {
        partNumber: 'Q',
        revision: 'A',
        opNumber: '10',
        inspectionPlanId: 'IP-Q',
      }),
      line('InspectionPlanRevision', {
        planId: 'IP-Q',
        revision: '1',
        releasedAt: '2026-01-01T00:00:00Z',
        characteristics: [
          { id: 'C1', verifies: ['R1'] },
          { id: 'C2', verifies: ['R1', 'R2'] },
        ],
      }),
      line('Requirement', { id: 'R1', title: 'Flow' }),
      line('Requirement', { id: 'R2', title: 'Leak' }),
      line('Requirement', { id: 'R3', title: 'Marking' }),
      order('WO-1', 'A', '2026-02-01T00:00:00Z'),
      order('WO-2', 'B', '2026-03-02T00:00:00Z'),
      order('WO-3', 'B', '2026-03-31T23:30:00Z'),
      order('WO-10', 'A', '2026-04-02T10:00:00Z'),
      unit('SN-8', 'WO-1'),
      unit('SN-9', 'WO-1'),
      unit('SN-10', 'WO-1'),
      unit('SN-11', 'WO-2'),
      unit('SN-100', 'WO-2'),
      unit('SN-12', 'WO-10'),
      unit('SN-150', 'WO-404'),
      unit('SN-160', 'WO-P2'),
      line('WorkOrder', {
        id: 'WO-P2',
        partNumber: 'P2',
        revision: 'A',
        releasedAt: '2026-04-01T10:00:00Z',
        site: 'S1',
      }),
      // a unit of another part inside the serial range: never in Q's change's scope
      line('Unit', { serialNumber: 'SN-9B', partNumber: 'P2', status: 'COMPLETE' }),
      eco('ECO-SERIAL', { type: 'SERIAL', from: 'SN-9', to: 'SN-10' }),
      eco('ECO-LOT', { type: 'LOT', from: 'WO-2' }),
      eco('ECO-SERIAL-HIGH', { type: 'SERIAL', from: 'SN-100', to: 'SN-200' }),
      eco('ECO-DATE', { type: 'DATE', from: '2026-04-01', to: '2026-04-01' }),
      result('SN-8', 'C1', 'PASS'),
      result('SN-8', 'C2', 'PASS'),
      result('SN-9', 'C1', 'PASS'),
      result('SN-9', 'C2', 'FAIL'),
      result('SN-10', 'C1', 'PASS'),
    ]),
    { batchSize: 1000 },
  );
});
afterAll(() => executor.close());

/** Each impacted unit as [serial, work order, built-to revision, built to superseded]. */
const unitRows = (impact: ChangeImpact | null) =>
  impact?.units.map((u) => [
    u.serialNumber,
    u.workOrderId,
    u.builtToRevision,
    u.builtToSupersededRevision,
  ]);

describe('changeImpact', () => {
  it('SERIAL: SN-9 to SN-10 inclusive, in natural order; both built to A, so both escapes', async () => {
    const impact = await services.impact.changeImpact('ECO-SERIAL');
    expect(unitRows(impact)).toEqual([
      ['SN-9', 'WO-1', 'A', true],
      ['SN-10', 'WO-1', 'A', true],
    ]);
    expect(impact?.escapeCount).toBe(2);
    expect(impact?.workOrders.map((w) => [w.id, w.units, w.lockedToSupersededRevision])).toEqual([
      ['WO-1', 2, true],
    ]);
    expect(impact?.effectivity).toEqual({ type: 'SERIAL', from: 'SN-9', to: 'SN-10' });
  });

  it("SERIAL over bad data: a work order not received, or of another part, locks nothing of Q's", async () => {
    const impact = await services.impact.changeImpact('ECO-SERIAL-HIGH');
    expect(unitRows(impact)).toEqual([
      ['SN-100', 'WO-2', 'B', false],
      ['SN-150', 'WO-404', null, false],
      ['SN-160', 'WO-P2', null, false],
    ]);
    expect(impact?.escapeCount).toBe(0);
    expect(impact?.workOrders.map((w) => [w.id, w.units])).toEqual([['WO-2', 1]]);
  });

  it('LOT: from WO-2, open-ended: WO-10 comes after WO-2 and was still locked to A', async () => {
    const impact = await services.impact.changeImpact('ECO-LOT');
    // SN-150's lot WO-404 (never received) is after WO-2 by its number, SN-160's WO-P2 (an order
    // for P2) by string order (prefixes differ): inside, with no built-to revision, no escape
    expect(unitRows(impact)).toEqual([
      ['SN-11', 'WO-2', 'B', false],
      ['SN-12', 'WO-10', 'A', true],
      ['SN-100', 'WO-2', 'B', false],
      ['SN-150', 'WO-404', null, false],
      ['SN-160', 'WO-P2', null, false],
    ]);
    expect(impact?.escapeCount).toBe(1);
    // an order inside the range without units yet is inside too
    expect(impact?.workOrders.map((w) => [w.id, w.units])).toEqual([
      ['WO-2', 2],
      ['WO-3', 0],
      ['WO-10', 1],
    ]);
  });

  it("DATE: 1 April is 1 April at the site — WO-3's 23:30 UTC release is inside", async () => {
    const impact = await services.impact.changeImpact('ECO-DATE');
    expect(impact?.units).toEqual([]);
    expect(impact?.escapeCount).toBe(0);
    expect(impact?.workOrders.map((w) => w.id)).toEqual(['WO-3']);
  });

  it('is null for a change order nobody released a record of', async () => {
    expect(await services.impact.changeImpact('ECO-404')).toBeNull();
  });
});

describe('requirementCoverage', () => {
  // units locked to Q/A: SN-8, SN-9, SN-10 (WO-1) and SN-12 (WO-10)
  //   SN-8:  C1 pass, C2 pass -> R1 verified, R2 verified
  //   SN-9:  C1 pass, C2 fail -> R1 failed,   R2 failed
  //   SN-10: C1 pass          -> R1 verified, R2 not verified
  //   SN-12: nothing
  it('counts verifying characteristics per requirement and the units that verified it', async () => {
    const coverage = await services.coverage.requirementCoverage('Q', 'A');
    expect(coverage?.requirements).toEqual([
      {
        id: 'R1',
        title: 'Flow',
        verifyingCharacteristics: ['C1', 'C2'],
        verifiedUnits: 2,
        totalUnits: 4,
      },
      {
        id: 'R2',
        title: 'Leak',
        verifyingCharacteristics: ['C2'],
        verifiedUnits: 1,
        totalUnits: 4,
      },
      { id: 'R3', title: 'Marking', verifyingCharacteristics: [], verifiedUnits: 0, totalUnits: 4 },
    ]);
    expect(coverage?.designCoverage).toBeCloseTo(2 / 3, 10);
    expect(coverage?.verificationCoverage).toBeCloseTo(3 / 12, 10);
    expect(coverage?.uncovered).toEqual(['R3']);
  });

  it('is zero, not NaN, for a revision that satisfies no requirement (its two units on WO-2)', async () => {
    const coverage = await services.coverage.requirementCoverage('Q', 'B');
    expect(coverage).toMatchObject({
      requirements: [],
      designCoverage: 0,
      verificationCoverage: 0,
      totalUnits: 2,
    });
  });

  it('is null for an unknown revision', async () => {
    expect(await services.coverage.requirementCoverage('Q', 'Z')).toBeNull();
  });
});
